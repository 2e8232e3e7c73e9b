// The command of `tracediff check ... -- COMMAND ARGS...`: started in a process group of its
// own, so that stopping it stops everything it started, and so that the terminal's Ctrl-C
// reaches tracediff, which stops it (the interrupt hook).
#include "tracediff/error.hpp"
#include "tracediff/io/output_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "live.hpp"

extern char** environ;

namespace tracediff::cli {

namespace {

// The process group the interrupt handler stops; 0 for none.
volatile std::sig_atomic_t g_child_group = 0;

void stop_child_group(int /*signal*/) {
    if (g_child_group > 0) {
        ::kill(-static_cast<pid_t>(g_child_group), SIGTERM);
    }
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

ChildProcess::ChildProcess(const std::vector<std::string>& argv, std::function<void()> on_exit)
    : m_name(argv.at(0)) {
    m_pid = spawn(argv);
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

} // namespace tracediff::cli
