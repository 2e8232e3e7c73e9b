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
    ReadOptions options;             // how both traces are read
};

// Returns the exit code, as run_pair_check.
int run_live_check(const LivePlan& plan, const CheckReporter& report, Warnings& warnings);

// True when `path` is standard input or a FIFO: read as it is written (live_reader.cpp).
bool is_stream(const std::string& path);

} // namespace tracediff::app
