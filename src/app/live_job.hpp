// A pair check while the run goes on (live_job.cpp): the traces are read as they are written
// (live_reader.hpp), each criterion is decided as soon as the steps it rests on are there, and
// the result is reported at the first decisive moment.
#pragma once

#include "tracediff/app/check_job.hpp"

#include <string>
#include <vector>

namespace tracediff::app {

// What run_pair_check has settled before it goes live.
struct LivePlan {
    const CheckRequest& request;
    CheckSpec spec;                  // validated, with spec.reference set
    std::vector<std::string> paths;  // A (or the reference) and B
    std::vector<std::string> labels; // of the paths
    ReadOptions options;             // how the traces read live are read
    ReadOptions reference_options;   // how a --reference read whole is read
};

// True when the candidate trace is the command's standard output: '-' with -- COMMAND.
bool reads_command_output(const CheckRequest& request, const std::vector<std::string>& paths);

// True when the check's --reference is read whole before the run is followed: a regular file
// (of any format: a golden, an event file, a CSV, ...), finished before the run starts. A
// reference on a pipe is read as it is written, as JSON Lines.
bool reads_reference_whole(const CheckRequest& request, const std::vector<std::string>& paths);

// Returns the exit code, as run_pair_check.
int run_live_check(const LivePlan& plan, const CheckReporter& report, Warnings& warnings);

// True when `path` is standard input or a FIFO: read as it is written (live_reader.cpp).
bool is_stream(const std::string& path);

} // namespace tracediff::app
