// Exit codes of the tracediff command, defined in this one place.
#pragma once

namespace tracediff {

enum ExitCode : int {
    k_exit_success = 0,       // report written; gate passed
    k_exit_gate_failed = 1,   // a gate (`tracediff check`) failed; the report is still written
    k_exit_input_error = 2,   // bad arguments or bad input: nothing trustworthy to report
    k_exit_interrupted = 130, // SIGINT; every handled signal N ends with 128 + N (output_file.hpp)
};

} // namespace tracediff
