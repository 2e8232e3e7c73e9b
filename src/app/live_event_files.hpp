// TensorBoard event files in a live check. An event file, followed or on a stream, is handed
// on record by record: whole records only, their CRCs checked (a record cut at the end of what
// is written waits for its rest). A run folder that is followed is read file by file in name
// order: each event file until a later one appears (TensorBoard then writes to the new one),
// and a file that appears later is followed too.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace tracediff::app {

class LiveQueue;
struct LiveSource;

// Reads up to n bytes into out; 0 only at the end of the input.
using LiveBytes = std::function<std::size_t(char* out, std::size_t n)>;

// The first bytes of a trace read live: enough of them to tell an event file from text.
class TraceHead {
public:
    // Reads until there are 12 bytes (a TFRecord header), a line end, or the end.
    explicit TraceHead(LiveBytes read);

    bool is_event_file() const { return m_event_file; }
    // Hands out the bytes read so far, then what the source reads.
    std::size_t read(char* out, std::size_t n);

private:
    LiveBytes m_read;
    std::string m_head;
    std::size_t m_handed = 0;
    bool m_event_file = false;
};

// Hands the records of the event file `file` (the trace `path`, or a file of its run folder)
// to `queue` as they are written: first which file they are of, then each record, then the
// warning when the file ends inside a record. Throws Error on a CRC mismatch.
void read_event_records(const std::string& file, std::size_t side, const LiveBytes& read,
                        LiveQueue& queue);

// Waits until `source.path` exists; true when it is a folder. Throws Error when it was never
// created (the writer is done, or the idle timeout passed).
bool wait_for_folder(const LiveSource& source);

// Follows the run folder `source.path`: its event files in name order, each until a later one
// appears, then the end of the trace.
void follow_run_folder(std::size_t side, const LiveSource& source, LiveQueue& queue);

} // namespace tracediff::app
