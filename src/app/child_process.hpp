// The command of `tracediff check ... -- COMMAND ARGS...` (child_process.cpp).
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <sys/types.h>
#include <thread>
#include <vector>

namespace tracediff::app {

class GroupWatchdog;

// A command run beside the check, in a process group of its own; its standard output goes to
// standard error, so that the report on standard output stays clean, or to a pipe the check
// reads (a candidate trace '-'). Nothing of the group
// outlives tracediff: stop() ends it on every path the check takes, the interrupt hook on
// every signal tracediff handles (SIGINT, SIGTERM, SIGHUP, SIGQUIT, ...), and when tracediff
// dies without either (SIGKILL, a crash) the kernel sends the command SIGTERM and a watchdog
// process stops the group (group_watchdog.hpp). tracediff is the subreaper of what the command
// leaves, so that it can reap it.
class ChildProcess {
public:
    // Starts `argv`; `on_exit` is called (from another thread) once it has exited. Throws Error
    // when it cannot be started. `grace` is how long the group has between SIGTERM and SIGKILL
    // when it is stopped, here or by the interrupt hook or the watchdog. With `stdout_fd` (the
    // write end of a pipe), its standard output goes there, and `stdout_fd` is closed here
    // once the command has it.
    ChildProcess(const std::vector<std::string>& argv, double grace, std::function<void()> on_exit,
                 int stdout_fd = -1);
    // stop(0) unless stopped before.
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    bool exited() const { return m_exited->load(); }
    // The flag exited() reads, for the readers of the traces it writes.
    std::shared_ptr<const std::atomic<bool>> exited_flag() const { return m_exited; }
    // Waits until it has exited.
    void wait();
    // Whether a process of its group is still running once the command itself has exited:
    // something it started and left behind.
    bool group_left();
    // Stops the process group, whether the command is still running or has exited and left
    // processes behind: SIGTERM to the group, SIGKILL after `grace` seconds to whatever is
    // left of it. Returns once the command has exited and no process of the group is left.
    void stop(double grace);
    // "the command (python) exited with status 3" or "... was killed by signal 9"; "" on
    // success. Only once exited.
    std::string status_text() const;
    // The exit code that passes its failure on: its status, or 128 + the signal; 0 on success.
    int failure_code() const;

private:
    bool wait_for_group(long ms);

    std::string m_name;
    pid_t m_pid = -1;
    int m_status = 0;
    bool m_stopped = false;
    std::shared_ptr<std::atomic<bool>> m_exited = std::make_shared<std::atomic<bool>>(false);
    std::mutex m_mutex;
    std::condition_variable m_exit_seen;
    std::thread m_waiter;
    std::unique_ptr<GroupWatchdog> m_watchdog;
};

} // namespace tracediff::app
