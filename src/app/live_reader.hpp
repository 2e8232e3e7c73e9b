// The traces of a live check, read as they are written: one thread per trace hands the whole
// lines of each read to the check at once (live_reader.cpp), cut by a LineSplitter. The queue
// between them is bounded: a writer faster than the check waits, memory does not grow.
#pragma once

#include "tracediff/read/read_options.hpp"

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace tracediff::app {

// What the reader threads and the command tell the check.
struct LiveEvent {
    // event_file, event_record and event_cut: a TensorBoard event file's records
    // (live_event_files.hpp); text is the file, the record's data, or the warning about a
    // record cut at the end. file_read: a finished file beside has been read (whole_files.hpp).
    enum class Kind {
        lines,
        end,
        error,
        command_exited,
        event_file,
        event_record,
        event_cut,
        file_read
    };
    Kind kind = Kind::lines;
    std::size_t side = 0;
    // The error message, or lines: `length` bytes at the front of `text`, the whole lines of
    // one read, each with its '\n' (but a last one at the end of the input), then at least
    // k_line_padding zero bytes (fast_line.hpp); the rest of `text` is not read.
    std::string text;
    std::size_t length = 0;

    // An event record's byte offset in its file.
    std::uint64_t offset = 0;
};

class LiveQueue {
public:
    // Waits while the events queued hold more than k_max_queued_bytes, when `events` hold text.
    void push(std::vector<LiveEvent> events);
    // Waits for events and takes every one there is.
    std::vector<LiveEvent> pop_all();
    // From now on, events are dropped: the check has its verdict.
    void close();

    // A block's text once its lines are read, kept (a few at a time) for the reader to copy the
    // next block into: memory already mapped and recently used, rather than fresh pages each
    // time. spare() is one of them, or an empty string.
    void recycle(std::string text);
    std::string spare();

    static constexpr std::size_t k_max_queued_bytes = std::size_t{2} << 20;
    static constexpr std::size_t k_max_spare = 16;
    static constexpr std::size_t k_max_spare_bytes = std::size_t{4} << 20;

private:
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::condition_variable m_room;
    std::vector<LiveEvent> m_events;
    std::size_t m_bytes = 0; // of the events' texts
    bool m_closed = false;
    std::vector<std::string> m_spare; // recycle()
};

// How one trace of a live check is read: a followed file (FollowedFile) or a stream (a pipe,
// a FIFO, standard input: InputFile with a StreamWait). Either ends at its end, when it has
// not grown for `idle_timeout` seconds, or once `writer_done` is set and what was written by
// then is read.
struct LiveSource {
    std::string path;
    bool follow = false; // a regular file still being written (--follow, -- COMMAND)
    std::optional<double> idle_timeout;
    // Set once the command has exited; shared, as a reader thread may outlive the check.
    std::shared_ptr<const std::atomic<bool>> writer_done;
    // The command's standard output (a candidate '-' with -- COMMAND): what is read is also
    // written to standard error, where the command's output goes otherwise.
    bool echo = false;
};

// Starts a thread (detached) that reads `source` and hands its lines to `queue` (or, for a
// TensorBoard event file, its records), then an end (or an error) event.
void start_reader(std::size_t side, LiveSource source, std::shared_ptr<LiveQueue> queue);

} // namespace tracediff::app
