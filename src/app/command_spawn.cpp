// Between fork and exec the child of a process with threads may make only async-signal-safe
// calls: everything it needs (the argument list, the files to try) is built before the fork.
#include "command_spawn.hpp"

#include "tracediff/error.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace tracediff::app {

namespace {

// What the child runs: argv as exec wants it, and the files to try, in order.
struct ExecPlan {
    int stdout_fd = -1; // standard error when -1
    std::vector<char*> argv;
    std::vector<std::string> files;
    std::vector<const char*> file_names;
};

// The files execve is tried on for `name`, as execvp searches them: `name` itself when it
// holds a '/', else NAME in each folder of PATH (an empty entry is the current folder).
std::vector<std::string> exec_files(const std::string& name) {
    if (name.find('/') != std::string::npos) {
        return {name};
    }
    const char* env = std::getenv("PATH");
    const std::string path = env != nullptr ? env : "/bin:/usr/bin";
    std::vector<std::string> files;
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = path.find(':', start);
        const std::string folder = path.substr(start, end == std::string::npos ? end : end - start);
        files.push_back(folder.empty() ? name : folder + "/" + name);
        if (end == std::string::npos) {
            return files;
        }
        start = end + 1;
    }
}

// Signals at their default action: every one with a handler (tracediff's; exec would reset
// them too, but a signal may come before it), and the ones a command expects to end it, even
// where tracediff was started with them ignored.
void default_signals() {
    for (int s = 1; s < NSIG; ++s) {
        struct sigaction old {};
        if (s == SIGKILL || s == SIGSTOP || ::sigaction(s, nullptr, &old) != 0) {
            continue; // glibc's own signals are refused
        }
        const bool expected =
            s == SIGINT || s == SIGTERM || s == SIGHUP || s == SIGQUIT || s == SIGPIPE;
        if (old.sa_handler != SIG_IGN || expected) {
            struct sigaction dfl {};
            dfl.sa_handler = SIG_DFL;
            sigemptyset(&dfl.sa_mask);
            ::sigaction(s, &dfl, nullptr);
        }
    }
}

// The child, from fork to exec: async-signal-safe calls only. Writes errno to `error_fd`
// when it cannot run the command.
[[noreturn]] void run_child(const ExecPlan& plan, pid_t parent, int error_fd) {
    default_signals();
    // SIGTERM once the thread that forked ends; if tracediff died before this call, now.
    if (::prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || ::getppid() != parent) {
        ::_exit(127);
    }
    int error = 0;
    const int out = plan.stdout_fd >= 0 ? plan.stdout_fd : STDERR_FILENO;
    if (::setpgid(0, 0) != 0 || ::dup2(out, STDOUT_FILENO) < 0) {
        error = errno;
    } else {
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        bool denied = false;
        for (const char* file : plan.file_names) {
            ::execve(file, plan.argv.data(), environ);
            error = errno;
            denied = denied || error == EACCES;
            if (error != ENOENT && error != ENOTDIR && error != EACCES) {
                break; // as execvp: only a file that is not there (or not allowed) is passed over
            }
        }
        if (denied && (error == ENOENT || error == ENOTDIR)) {
            error = EACCES;
        }
    }
    [[maybe_unused]] const ssize_t written = ::write(error_fd, &error, sizeof error);
    ::_exit(127);
}

// What the child wrote before its exec failed: its errno, or 0 once it has exec'd (the pipe
// closes on exec).
int exec_error(int fd) {
    int error = 0;
    ssize_t got = 0;
    while ((got = ::read(fd, &error, sizeof error)) < 0 && errno == EINTR) {
    }
    return got == static_cast<ssize_t>(sizeof error) ? error : 0;
}

} // namespace

pid_t spawn_command(const std::vector<std::string>& argv, int stdout_fd) {
    ExecPlan plan;
    plan.stdout_fd = stdout_fd;
    for (const auto& a : argv) {
        plan.argv.push_back(const_cast<char*>(a.c_str()));
    }
    plan.argv.push_back(nullptr);
    plan.files = exec_files(argv.at(0));
    for (const auto& f : plan.files) {
        plan.file_names.push_back(f.c_str());
    }
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        throw Error(fmt::format("cannot start '{}': {}", argv[0], std::strerror(errno)));
    }
    // No signal handler may run in the child before its signals are at their defaults.
    sigset_t all;
    sigset_t old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid == 0) {
        run_child(plan, parent, fds[1]);
    }
    const int fork_error = errno;
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    ::close(fds[1]);
    const int error = pid < 0 ? fork_error : exec_error(fds[0]);
    ::close(fds[0]);
    if (error != 0) {
        if (pid > 0) {
            while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
            }
        }
        throw Error(fmt::format("cannot start '{}': {}", argv[0], std::strerror(error)));
    }
    return pid;
}

} // namespace tracediff::app
