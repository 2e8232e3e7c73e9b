// The watchdog is a fork of tracediff without exec: from the fork on, it makes only
// async-signal-safe calls. It waits on a socket rather than a pipe, so that release() after
// the watchdog has been killed fails without a SIGPIPE.
#include "group_watchdog.hpp"

#include "tracediff/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace tracediff::app {

namespace {

constexpr long k_poll_ms = 10;

// Closes every file descriptor but `keep`, up to `limit` when close_range(2) is not there.
void close_all_but(int keep, int limit) {
#ifdef SYS_close_range
    if ((keep == 0 || ::syscall(SYS_close_range, 0U, static_cast<unsigned>(keep - 1), 0U) == 0) &&
        ::syscall(SYS_close_range, static_cast<unsigned>(keep + 1), ~0U, 0U) == 0) {
        return;
    }
#endif
    for (int fd = 0; fd < limit; ++fd) {
        if (fd != keep) {
            ::close(fd);
        }
    }
}

// The watchdog, after the fork. Holds no file tracediff's readers could wait on (a pipe to
// `tail`, say), nor its working folder.
[[noreturn]] void watch(int socket, pid_t group, long grace_ms, int fd_limit) {
    sigset_t all;
    sigfillset(&all);
    ::sigprocmask(SIG_SETMASK, &all, nullptr);
    ::setpgid(0, 0); // a kill of tracediff's process group spares it
    ::prctl(PR_SET_NAME, "tracediff-guard", 0, 0, 0);
    [[maybe_unused]] const int in_root = ::chdir("/");
    close_all_but(socket, fd_limit);
    char byte = 0;
    ssize_t got = 0;
    while ((got = ::read(socket, &byte, 1)) < 0 && errno == EINTR) {
    }
    if (got == 1) {
        ::_exit(0); // released: tracediff stopped the group itself
    }
    ::kill(-group, SIGTERM);
    for (long waited = 0; waited < grace_ms && ::kill(-group, 0) == 0; waited += k_poll_ms) {
        timespec pause{0, k_poll_ms * 1'000'000L};
        ::nanosleep(&pause, nullptr);
    }
    ::kill(-group, SIGKILL);
    ::_exit(0);
}

} // namespace

GroupWatchdog::GroupWatchdog(pid_t group, double grace) {
    int sockets[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sockets) != 0) {
        throw Error(fmt::format("cannot watch the command: {}", std::strerror(errno)));
    }
    rlimit files{};
    const int fd_limit = ::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < 65536
                             ? static_cast<int>(files.rlim_cur)
                             : 65536;
    const long grace_ms = static_cast<long>(std::min(grace * 1000.0, 1e9));
    m_pid = ::fork();
    if (m_pid == 0) {
        watch(sockets[1], group, grace_ms, fd_limit);
    }
    const int fork_error = errno;
    ::close(sockets[1]);
    m_socket = sockets[0];
    if (m_pid < 0) {
        ::close(m_socket);
        throw Error(fmt::format("cannot watch the command: {}", std::strerror(fork_error)));
    }
}

GroupWatchdog::~GroupWatchdog() {
    ::close(m_socket);
    if (m_released != 0) {
        while (::waitpid(m_pid, nullptr, 0) < 0 && errno == EINTR) {
        }
    } // else it stops the group now, and ends on its own
}

void GroupWatchdog::release() noexcept {
    const char byte = 'r';
    if (m_released == 0 && ::send(m_socket, &byte, 1, MSG_NOSIGNAL) == 1) {
        m_released = 1;
    }
}

} // namespace tracediff::app
