// The command line as a whole: options, dispatch to a subcommand, and error handling.
#pragma once

namespace tracediff::cli {

// Runs tracediff with the given arguments and returns the process exit code.
int run(int argc, char** argv);

} // namespace tracediff::cli
