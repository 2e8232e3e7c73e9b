// Writing reports: whole or not at all.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tracediff {

// Writes `text` to `path`, or to standard output when `path` is "-". A file is written to a
// temporary file in the same folder and renamed into place, so a reader never sees half of it.
// Throws Error when the file cannot be written. One call at a time writes a file (a mutex).
void write_output(const std::string& path, std::string_view text);

// Makes SIGINT and SIGTERM remove the temporary file that write_output is writing, if any,
// and end the process with k_exit_interrupted (130). The command line calls it first thing.
void install_interrupt_handlers();

// Called by the interrupt handler before it ends the process (the command line stops a command
// it started); must be async-signal-safe. Null for none.
using InterruptHook = void (*)();
void set_interrupt_hook(InterruptHook hook);

// For tests: called with the temporary file's path once it is written, before the rename.
using WriteObserver = void (*)(const char* temp_path);
void set_write_observer(WriteObserver observer);

// Throws Error when `output` names the same file as one of `inputs` ("-" never matches).
void check_not_an_input(const std::string& output, const std::vector<std::string>& inputs);

} // namespace tracediff
