#include "tracediff/io/output_file.hpp"

#include "tracediff/error.hpp"
#include "tracediff/exit_codes.hpp"

#include <fmt/format.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tracediff {

namespace {

[[noreturn]] void fail_write(const std::string& path, int error) {
    throw Error(fmt::format("cannot write '{}': {}", path, std::strerror(error)));
}

bool write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        const ssize_t n = ::write(fd, text.data(), text.size());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        text.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

// The temporary file being written, if any, for the signal handler: a path in a static buffer
// and a flag, both safe to read from a handler.
char g_temp_path[PATH_MAX + 1];
volatile std::sig_atomic_t g_temp_exists = 0;
WriteObserver g_observer = nullptr;
std::mutex g_write_mutex; // one write_output at a time: there is one g_temp_path
std::atomic<InterruptHook> g_interrupt_hook{nullptr};

extern "C" void on_interrupt(int /*signal*/) {
    if (g_temp_exists != 0) {
        ::unlink(g_temp_path);
    }
    if (const InterruptHook hook = g_interrupt_hook.load()) {
        hook();
    }
    ::_exit(k_exit_interrupted);
}

// Blocks SIGINT and SIGTERM in this thread while alive, so that creating (or renaming) the
// temporary file and noting it for the handler happen as one step.
class BlockInterrupts {
public:
    BlockInterrupts() {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGINT);
        sigaddset(&set, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &set, &m_old);
    }
    BlockInterrupts(const BlockInterrupts&) = delete;
    BlockInterrupts& operator=(const BlockInterrupts&) = delete;
    ~BlockInterrupts() { pthread_sigmask(SIG_SETMASK, &m_old, nullptr); }

private:
    sigset_t m_old{};
};

void forget_temp() {
    BlockInterrupts block;
    g_temp_exists = 0;
}

} // namespace

void install_interrupt_handlers() {
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    sigaddset(&action.sa_mask, SIGINT);
    sigaddset(&action.sa_mask, SIGTERM);
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
}

void set_interrupt_hook(InterruptHook hook) {
    g_interrupt_hook.store(hook);
}

void set_write_observer(WriteObserver observer) {
    g_observer = observer;
}

void write_output(const std::string& path, std::string_view text) {
    if (path == "-") {
        // A full disk or a closed pipe must not pass for a written report.
        if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() ||
            std::fflush(stdout) != 0) {
            throw Error(fmt::format("cannot write to standard output: {}", std::strerror(errno)));
        }
        return;
    }
    const std::filesystem::path target(path);
    const std::filesystem::path folder =
        target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
    std::string temp_name = ".";
    temp_name += target.filename().string();
    temp_name += ".tmp.XXXXXX";
    const std::string temp = (folder / temp_name).string();
    if (temp.size() > PATH_MAX) {
        fail_write(path, ENAMETOOLONG);
    }
    const std::lock_guard<std::mutex> lock(g_write_mutex);
    int fd = -1;
    {
        BlockInterrupts block;
        std::memcpy(g_temp_path, temp.c_str(), temp.size() + 1);
        fd = ::mkstemp(g_temp_path);
        if (fd < 0) {
            fail_write(path, errno);
        }
        g_temp_exists = 1;
    }
    // mkstemp creates the file readable by its owner only; give it the usual permissions.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);

    const bool written = write_all(fd, text);
    const int write_error = errno;
    if (::close(fd) != 0 || !written) {
        const int error = written ? errno : write_error;
        ::unlink(g_temp_path);
        forget_temp();
        fail_write(path, error);
    }
    if (g_observer != nullptr) {
        g_observer(g_temp_path);
    }
    BlockInterrupts block;
    if (::rename(g_temp_path, path.c_str()) != 0) {
        const int error = errno;
        ::unlink(g_temp_path);
        g_temp_exists = 0;
        fail_write(path, error);
    }
    g_temp_exists = 0;
}

void check_not_an_input(const std::string& output, const std::vector<std::string>& inputs) {
    if (output == "-") {
        return;
    }
    struct stat out_info {};
    if (::stat(output.c_str(), &out_info) != 0) {
        return; // does not exist yet, so it is no input
    }
    for (const auto& input : inputs) {
        struct stat in_info {};
        if (input != "-" && ::stat(input.c_str(), &in_info) == 0 &&
            in_info.st_dev == out_info.st_dev && in_info.st_ino == out_info.st_ino) {
            throw Error(
                fmt::format("refusing to write the report over the input file '{}'", input));
        }
    }
}

} // namespace tracediff
