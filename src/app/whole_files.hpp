// Finished files beside a live trace (neither followed nor a stream nor the command's output),
// each read whole on a thread of its own while the check reads the live trace. Until the last
// of them has been read, the check holds the live trace's records (LiveCheck::hold): each
// record is looked at with the files there, as if they had been read first, so that a
// criterion is decided on the same record whatever the timing; the files are read while the
// live trace is, not before it.
#pragma once

#include "tracediff/gate/live_check.hpp"
#include "tracediff/read/read_options.hpp"

#include <cstddef>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "live_reader.hpp"

namespace tracediff::app {

class WholeFiles {
public:
    // Holds the check's live records, unless there is no file to read.
    WholeFiles(LiveCheck& live, LiveQueue& queue);
    // Waits for the threads still reading: a regular file's read ends.
    ~WholeFiles();
    WholeFiles(const WholeFiles&) = delete;
    WholeFiles& operator=(const WholeFiles&) = delete;

    // Reads trace `side` of the check from `path` whole, on a thread of its own, which
    // queues a LiveEvent::Kind::file_read when it is done.
    void start(std::size_t side, const std::string& path, const ReadOptions& options);

    // Whether a file is still to come: the check holds its live records until then.
    bool pending() const;

    // The file of trace `side` has been read (its file_read event): the check has it. After
    // the last one, the check looks at the records it held, then at the ends it was told of.
    // Throws the file's Error when it is not a trace.
    void arrived(std::size_t side, double seconds);

    // The live trace `side` has ended: at once, or once every file has come.
    void end(std::size_t side, double seconds);

    // Waits for every file still being read and gives each to the check, which then looks at
    // the records it held: before an error of the live trace stands, which the records before
    // it may make moot. Throws a file's Error, as the file would have been read first.
    void wait_for_all(double seconds);

private:
    struct File {
        std::size_t side = 0;
        std::thread thread;
        std::optional<Trace> trace;
        std::exception_ptr error;
        bool given = false; // to the check
    };

    void give(File& file, double seconds);
    void release_if_all_given(double seconds);

    LiveCheck& m_live;
    LiveQueue& m_queue;
    std::vector<std::unique_ptr<File>> m_files;
    std::vector<std::size_t> m_ended; // live traces that ended while the check held them
};

} // namespace tracediff::app
