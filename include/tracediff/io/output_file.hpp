// Writing reports: whole or not at all.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace tracediff {

// Writes `text` to `path`, or to standard output when `path` is "-". A regular file (or one
// that does not exist yet) is written to a temporary file in the same folder and renamed into
// place, so a reader never sees half of it; a symbolic link is followed and the file it points
// to is written that way. Character devices (/dev/null), FIFOs, /dev/stdout, /dev/stderr and
// /dev/fd/N are written through directly. Anything else (a folder, a socket) is refused.
// What is written is valid UTF-8 without control characters but tabs and line ends: a byte of
// `text` outside well-formed UTF-8 (a name from a cp1252 file, a Latin-1 file name) or a
// control character (an escape sequence in a name) is written as \xNN (printable.hpp).
// Throws Error when the file cannot be written. One call at a time writes a file (a mutex).
void write_output(const std::string& path, std::string_view text);

// Writes several files, all or none: every temporary file is written first, and only when all
// of them are complete are they renamed into place. Paths as for write_output; at most four.
struct OutputText {
    std::string path;
    std::string_view text;
};
void write_outputs(const std::vector<OutputText>& files);

// Makes every signal that ends the process and can be caught, but those of a crash and
// SIGPROF (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGUSR1, SIGUSR2, SIGALRM, SIGXCPU, the
// real-time signals, ...), remove the temporary files that write_output is writing, if any,
// and end the process with 128 + the signal's number (130 for SIGINT). The command line calls
// it first thing.
void install_interrupt_handlers();

// Runs `start` with those signals blocked in the calling thread, so that a thread it starts
// inherits them blocked: the handler (and its hook) then never runs on that thread.
void with_interrupts_blocked(const std::function<void()>& start);

// Called by the signal handler, first, with the signal's number (before the temporary files
// are removed and the process ends). It must be async-signal-safe. Null for none.
using InterruptHook = void (*)(int signal);
void set_interrupt_hook(InterruptHook hook);

// For tests: called with the temporary file's path once it is written, before the rename.
using WriteObserver = void (*)(const char* temp_path);
void set_write_observer(WriteObserver observer);

} // namespace tracediff
