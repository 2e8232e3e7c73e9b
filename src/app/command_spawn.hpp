// Starting the command of `tracediff check ... -- COMMAND` (command_spawn.cpp): fork and exec
// rather than posix_spawn, so that the command can ask the kernel to be told when tracediff
// dies.
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

namespace tracediff::app {

// Starts `argv` (its first word searched in PATH, as execvp does) in a process group of its
// own, with its standard output on `stdout_fd` (standard error when -1), every signal tracediff
// handles at its default action and none blocked. The kernel sends it SIGTERM when the calling
// thread ends (PR_SET_PDEATHSIG fires when the thread that forked ends, not the process): call it
// from a thread that lives until the command has exited. Throws Error "cannot start 'NAME': REASON"
// when it cannot be started.
pid_t spawn_command(const std::vector<std::string>& argv, int stdout_fd = -1);

} // namespace tracediff::app
