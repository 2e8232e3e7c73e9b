// The command is started in a process group of its own, so that stopping it stops everything it
// started, and so that the terminal's Ctrl-C reaches tracediff, which stops it (the interrupt
// hook). It is started by the thread that waits for it, which lives until the command has
// exited: the kernel's SIGTERM to the command when tracediff dies (PR_SET_PDEATHSIG) follows
// the thread that forked, not the process. That thread blocks the signals tracediff handles, as
// the readers do, so that the interrupt hook runs on the main thread, which then reports
// nothing else.
#include "child_process.hpp"

#include "tracediff/error.hpp"
#include "tracediff/io/output_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <ctime>
#include <future>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "command_spawn.hpp"
#include "group_watchdog.hpp"

namespace tracediff::app {

namespace {

// The process group the interrupt hook stops (0 for none), how long it may take, and the
// watchdog it then releases.
volatile std::sig_atomic_t g_child_group = 0;
volatile std::sig_atomic_t g_grace_ms = 0;
GroupWatchdog* volatile g_watchdog = nullptr;

constexpr long k_poll_ms = 10;
// How long SIGKILL may take to end the group: a process ends only once it is scheduled again
// (or leaves an uninterruptible sleep).
constexpr long k_kill_wait_ms = 2000;

void sleep_ms(long ms) {
    timespec pause{0, ms * 1'000'000L};
    ::nanosleep(&pause, nullptr);
}

// Reaps the processes of `group` that have exited: what the command left behind comes to
// tracediff, their subreaper, when its parent ends. Called once the command itself is reaped
// (by its waiting thread), or from the interrupt hook, which then ends the process.
void reap_group(pid_t group) {
    int status = 0;
    while (::waitpid(-group, &status, WNOHANG) > 0) {
    }
}

// Whether no process of `group` is left (an exited one not yet reaped counts as left).
bool group_gone(pid_t group) {
    return ::kill(-group, 0) != 0 && errno == ESRCH;
}

bool group_ended(pid_t group) {
    reap_group(group);
    return group_gone(group);
}

// The interrupt hook: SIGTERM to the group, SIGKILL to what is left of it after the grace
// time, then the watchdog is released. Only async-signal-safe calls (kill, waitpid, nanosleep,
// send).
void stop_child_group(int /*signal*/) {
    const pid_t group = static_cast<pid_t>(g_child_group);
    if (group <= 0) {
        return;
    }
    const int saved_errno = errno;
    ::kill(-group, SIGTERM);
    for (long waited = 0; waited < g_grace_ms && !group_ended(group); waited += k_poll_ms) {
        sleep_ms(k_poll_ms);
    }
    ::kill(-group, SIGKILL);
    long waited = 0;
    for (; waited < k_kill_wait_ms && !group_ended(group); waited += k_poll_ms) {
        sleep_ms(k_poll_ms);
    }
    if (waited < k_kill_wait_ms && g_watchdog != nullptr) {
        g_watchdog->release();
    }
    errno = saved_errno;
}

} // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv, double grace,
                           std::function<void()> on_exit, int stdout_fd)
    : m_name(argv.at(0)) {
    // What the command leaves behind comes to tracediff when its parent ends, rather than to
    // init, which may never reap it: a group of unreaped processes never ends.
    ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    std::promise<pid_t> started;
    std::future<pid_t> pid = started.get_future();
    with_interrupts_blocked([&] {
        m_waiter = std::thread([this, argv, stdout_fd, started = std::move(started),
                                on_exit = std::move(on_exit)]() mutable {
            pid_t child = -1;
            try {
                child = spawn_command(argv, stdout_fd);
            } catch (...) {
                started.set_exception(std::current_exception());
                return;
            }
            started.set_value(child);
            int status = 0;
            while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
            }
            {
                const std::lock_guard lock(m_mutex);
                m_status = status;
                *m_exited = true;
            }
            m_exit_seen.notify_all();
            on_exit();
        });
    });
    try {
        m_pid = pid.get();
        if (stdout_fd >= 0) {
            ::close(stdout_fd); // the command holds the write end: its exit ends the pipe
        }
        m_watchdog = std::make_unique<GroupWatchdog>(m_pid, grace);
    } catch (...) {
        if (m_pid > 0) {
            ::kill(-m_pid, SIGKILL);
        } else if (stdout_fd >= 0) {
            ::close(stdout_fd);
        }
        m_waiter.join();
        throw;
    }
    g_grace_ms = static_cast<std::sig_atomic_t>(std::min(grace * 1000.0, 1e9));
    g_watchdog = m_watchdog.get();
    g_child_group = m_pid;
    set_interrupt_hook(&stop_child_group);
}

ChildProcess::~ChildProcess() {
    if (!m_stopped) {
        stop(0.0);
    }
    set_interrupt_hook(nullptr);
    g_child_group = 0;
    g_watchdog = nullptr;
    m_waiter.join();
}

void ChildProcess::wait() {
    std::unique_lock lock(m_mutex);
    m_exit_seen.wait(lock, [this] { return exited(); });
}

bool ChildProcess::group_left() {
    return !exited() || !group_ended(m_pid);
}

// Waits up to `ms` milliseconds for the command to exit and no process of its group to be
// left; whether that happened.
bool ChildProcess::wait_for_group(long ms) {
    for (long waited = 0;; waited += k_poll_ms) {
        if (exited() && group_ended(m_pid)) {
            return true;
        }
        if (waited >= ms) {
            return false;
        }
        sleep_ms(k_poll_ms);
    }
}

void ChildProcess::stop(double grace) {
    if (m_stopped) {
        return;
    }
    ::kill(-m_pid, SIGTERM);
    bool ended = wait_for_group(static_cast<long>(std::min(grace * 1000.0, 1e9)));
    if (!ended) {
        // Whatever is left (what the command started, or the command itself when it ignores
        // SIGTERM) is killed; exited members that are not reaped yet ignore it.
        ::kill(-m_pid, SIGKILL);
        wait();
        ended = wait_for_group(k_kill_wait_ms);
    }
    m_stopped = true;
    if (ended) {
        m_watchdog->release(); // else it tries again once this object is gone
    }
}

std::string ChildProcess::status_text() const {
    if (WIFEXITED(m_status) && WEXITSTATUS(m_status) != 0) {
        return fmt::format("the command ({}) exited with status {}", m_name, WEXITSTATUS(m_status));
    }
    if (WIFSIGNALED(m_status)) {
        return fmt::format("the command ({}) was killed by signal {} ({})", m_name,
                           WTERMSIG(m_status), ::strsignal(WTERMSIG(m_status)));
    }
    return "";
}

int ChildProcess::failure_code() const {
    if (WIFEXITED(m_status)) {
        return WEXITSTATUS(m_status);
    }
    return WIFSIGNALED(m_status) ? 128 + WTERMSIG(m_status) : 1;
}

} // namespace tracediff::app
