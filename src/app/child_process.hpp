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

// A command run beside the check, in a process group of its own; its standard output goes to
// standard error, so that the report on standard output stays clean.
class ChildProcess {
public:
    // Starts `argv`; `on_exit` is called (from another thread) once it has exited. Throws Error
    // when it cannot be started. On Ctrl-C (SIGINT, SIGTERM, SIGHUP to tracediff), its process
    // group gets SIGTERM, and SIGKILL after `grace` seconds, before tracediff exits.
    ChildProcess(const std::vector<std::string>& argv, double grace, std::function<void()> on_exit);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    bool exited() const { return m_exited->load(); }
    // The flag exited() reads, for the readers of the traces it writes.
    std::shared_ptr<const std::atomic<bool>> exited_flag() const { return m_exited; }
    // Waits until it has exited.
    void wait();
    // SIGTERM to its process group, SIGKILL after `grace` seconds if any of it is left.
    void stop(double grace);
    // "the command (python) exited with status 3" or "... was killed by signal 9"; "" on
    // success. Only once exited.
    std::string status_text() const;
    // The exit code that passes its failure on: its status, or 128 + the signal; 0 on success.
    int failure_code() const;

private:
    std::string m_name;
    pid_t m_pid = -1;
    int m_status = 0;
    std::shared_ptr<std::atomic<bool>> m_exited = std::make_shared<std::atomic<bool>>(false);
    std::mutex m_mutex;
    std::condition_variable m_exit_seen;
    std::thread m_waiter;
};

} // namespace tracediff::app
