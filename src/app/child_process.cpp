// The command is started in a process group of its own, so that stopping it stops everything it
// started, and so that the terminal's Ctrl-C reaches tracediff, which stops it (the interrupt
// hook).
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
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace tracediff::app {

namespace {

// The process group the interrupt handler stops (0 for none), and how long it may take.
volatile std::sig_atomic_t g_child_group = 0;
volatile std::sig_atomic_t g_grace_ms = 0;

constexpr long k_poll_ms = 10;

void sleep_ms(long ms) {
    timespec pause{0, ms * 1'000'000L};
    ::nanosleep(&pause, nullptr);
}

// Whether no process of `group` is left; reaps the command itself if no other thread has
// (zombies of the group count as left: they are reaped by their parents).
bool group_gone(pid_t group) {
    int status = 0;
    ::waitpid(group, &status, WNOHANG);
    return ::kill(-group, 0) != 0 && errno == ESRCH;
}

// The interrupt hook: SIGTERM to the group, SIGKILL to what is left of it after the grace
// time. Only async-signal-safe calls (kill, waitpid, nanosleep).
void stop_child_group(int /*signal*/) {
    const pid_t group = static_cast<pid_t>(g_child_group);
    if (group <= 0) {
        return;
    }
    const int saved_errno = errno;
    ::kill(-group, SIGTERM);
    for (long waited = 0; waited < g_grace_ms && !group_gone(group); waited += k_poll_ms) {
        sleep_ms(k_poll_ms);
    }
    ::kill(-group, SIGKILL);
    // SIGKILL takes effect when the kernel next runs them: wait for that, briefly.
    for (long waited = 0; waited < 250 && !group_gone(group); waited += k_poll_ms) {
        sleep_ms(k_poll_ms);
    }
    errno = saved_errno;
}

pid_t spawn(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const auto& a : argv) {
        args.push_back(const_cast<char*>(a.c_str()));
    }
    args.push_back(nullptr);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setpgroup(&attr, 0);
    sigset_t defaults;
    sigemptyset(&defaults);
    for (const int s : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) {
        sigaddset(&defaults, s);
    }
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF |
                                        POSIX_SPAWN_SETSIGMASK);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);
    pid_t pid = -1;
    const int error = ::posix_spawnp(&pid, args[0], &actions, &attr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (error != 0) {
        throw Error(fmt::format("cannot start '{}': {}", argv[0], std::strerror(error)));
    }
    return pid;
}

} // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv, double grace,
                           std::function<void()> on_exit)
    : m_name(argv.at(0)) {
    m_pid = spawn(argv);
    g_grace_ms = static_cast<std::sig_atomic_t>(std::min(grace * 1000.0, 1e9));
    g_child_group = m_pid;
    set_interrupt_hook(&stop_child_group);
    m_waiter = std::thread([this, on_exit = std::move(on_exit)] {
        int status = 0;
        while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
        }
        {
            const std::lock_guard lock(m_mutex);
            m_status = status;
            *m_exited = true;
        }
        m_exit_seen.notify_all();
        on_exit();
    });
}

ChildProcess::~ChildProcess() {
    if (!exited()) {
        stop(0.0);
    }
    m_waiter.join();
    set_interrupt_hook(nullptr);
    g_child_group = 0;
}

void ChildProcess::wait() {
    std::unique_lock lock(m_mutex);
    m_exit_seen.wait(lock, [this] { return exited(); });
}

void ChildProcess::stop(double grace) {
    ::kill(-m_pid, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(grace);
    {
        std::unique_lock lock(m_mutex);
        m_exit_seen.wait_until(lock, deadline, [this] { return exited(); });
    }
    // Whatever is left of the group (what the command started, or the command itself when
    // it ignores SIGTERM) is killed; exited members that are not reaped yet ignore it.
    ::kill(-m_pid, SIGKILL);
    wait();
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
