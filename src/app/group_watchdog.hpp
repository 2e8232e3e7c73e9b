// What stops the command's process group when tracediff cannot: a small process that outlives
// it (group_watchdog.cpp).
#pragma once

#include <csignal>
#include <sys/types.h>

namespace tracediff::app {

// A process forked from tracediff ("tracediff-guard" in ps), in a process group of its own,
// with every signal blocked but SIGKILL and no file open but a socket to tracediff. When
// tracediff ends without release() (SIGKILL, a crash), the socket closes, and the watchdog
// sends process group `group` SIGTERM, then SIGKILL after `grace` seconds to what is left of
// it, and ends.
class GroupWatchdog {
public:
    // Throws Error when it cannot be started.
    GroupWatchdog(pid_t group, double grace);
    // Closes the socket: a watchdog released ends (and is waited for); one that was not stops
    // the group.
    ~GroupWatchdog();
    GroupWatchdog(const GroupWatchdog&) = delete;
    GroupWatchdog& operator=(const GroupWatchdog&) = delete;

    // Tells the watchdog that the group is stopped, so that it ends without a signal.
    // Async-signal-safe (the interrupt handler calls it).
    void release() noexcept;

private:
    pid_t m_pid = -1;
    int m_socket = -1;
    volatile std::sig_atomic_t m_released = 0;
};

} // namespace tracediff::app
