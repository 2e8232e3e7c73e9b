#include "tracediff/io/output_file.hpp"

#include "tracediff/error.hpp"
#include "tracediff/printable.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <mutex>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output_target.hpp"

namespace tracediff {

namespace {

[[noreturn]] void fail_write(const std::string& path, int error) {
    throw Error(fmt::format("cannot write '{}': {}", path, std::strerror(error)));
}

// The signals handled: every one that ends the process and can be caught, but a crash's
// (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP, SIGSYS) and a profiler's (SIGPROF). Each
// removes the temporary files first.
sigset_t handled_signals() {
    sigset_t set;
    sigemptyset(&set);
    for (const int s : {SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGALRM, SIGTERM, SIGUSR1, SIGUSR2, SIGIO,
                        SIGVTALRM, SIGXCPU, SIGXFSZ}) {
        sigaddset(&set, s);
    }
#ifdef SIGPWR
    sigaddset(&set, SIGPWR);
#endif
#ifdef SIGSTKFLT
    sigaddset(&set, SIGSTKFLT);
#endif
    for (int s = SIGRTMIN; s <= SIGRTMAX; ++s) {
        sigaddset(&set, s);
    }
    return set;
}

// The temporary files being written, for the signal handler: paths in static buffers and
// flags, both safe to read from a handler.
constexpr std::size_t k_max_temps = 4;
char g_temp_paths[k_max_temps][PATH_MAX + 1];
volatile std::sig_atomic_t g_temp_live[k_max_temps] = {};
volatile InterruptHook g_hook = nullptr;
WriteObserver g_observer = nullptr;
std::mutex g_write_mutex; // one write_outputs at a time: there is one set of g_temp_paths

extern "C" void on_signal(int signal) {
    if (g_hook != nullptr) {
        g_hook(signal);
    }
    for (std::size_t i = 0; i < k_max_temps; ++i) {
        if (g_temp_live[i] != 0) {
            ::unlink(g_temp_paths[i]);
        }
    }
    ::_exit(128 + signal);
}

// Blocks the handled signals in this thread while alive, so that creating (or renaming) a
// temporary file and noting it for the handler happen as one step.
class BlockSignals {
public:
    BlockSignals() {
        const sigset_t set = handled_signals();
        pthread_sigmask(SIG_BLOCK, &set, &m_old);
    }
    BlockSignals(const BlockSignals&) = delete;
    BlockSignals& operator=(const BlockSignals&) = delete;
    ~BlockSignals() { pthread_sigmask(SIG_SETMASK, &m_old, nullptr); }

private:
    sigset_t m_old{};
};

// Creates the temporary file for `target` in slot `slot`, writes `text` to it and closes it.
void write_temp(std::size_t slot, const std::string& target, std::string_view text,
                const std::string& shown) {
    const std::filesystem::path path(target);
    const std::filesystem::path folder =
        path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    std::string temp_name = ".";
    temp_name += path.filename().string();
    temp_name += ".tmp.XXXXXX";
    const std::string temp = (folder / temp_name).string();
    if (temp.size() > PATH_MAX) {
        fail_write(shown, ENAMETOOLONG);
    }
    int fd = -1;
    {
        BlockSignals block;
        std::memcpy(g_temp_paths[slot], temp.c_str(), temp.size() + 1);
        fd = ::mkstemp(g_temp_paths[slot]);
        if (fd < 0) {
            fail_write(shown, errno);
        }
        g_temp_live[slot] = 1;
    }
    // mkstemp creates the file readable by its owner only; give it the usual permissions.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
    const bool written = write_all(fd, text);
    const int write_error = errno;
    if (::close(fd) != 0 || !written) {
        fail_write(shown, written ? errno : write_error);
    }
}

// Removes the temporary files still noted (after a failure).
void remove_temps() {
    BlockSignals block;
    for (std::size_t i = 0; i < k_max_temps; ++i) {
        if (g_temp_live[i] != 0) {
            ::unlink(g_temp_paths[i]);
            g_temp_live[i] = 0;
        }
    }
}

void rename_temp(std::size_t slot, const std::string& target, const std::string& shown) {
    BlockSignals block;
    if (::rename(g_temp_paths[slot], target.c_str()) != 0) {
        const int error = errno;
        ::unlink(g_temp_paths[slot]);
        g_temp_live[slot] = 0;
        fail_write(shown, error);
    }
    g_temp_live[slot] = 0;
}

void write_to_stdout(std::string_view text) {
    // A full disk or a closed pipe must not pass for a written report.
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() ||
        std::fflush(stdout) != 0) {
        throw Error(fmt::format("cannot write to standard output: {}", std::strerror(errno)));
    }
}

void write_direct(const OutputTarget& target, std::string_view text, const std::string& shown) {
    if (target.kind == OutputKind::standard_output) {
        write_to_stdout(text);
    } else if (!write_through(target, text)) {
        fail_write(shown, errno);
    }
}

void write_all_files(const std::vector<OutputText>& files,
                     const std::vector<OutputTarget>& targets) {
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (targets[i].kind == OutputKind::atomic) {
            write_temp(i, targets[i].path, files[i].text, files[i].path);
        }
    }
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (targets[i].kind != OutputKind::atomic) {
            write_direct(targets[i], files[i].text, files[i].path);
        }
    }
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (targets[i].kind == OutputKind::atomic && g_observer != nullptr) {
            g_observer(g_temp_paths[i]);
        }
    }
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (targets[i].kind == OutputKind::atomic) {
            rename_temp(i, targets[i].path, files[i].path);
        }
    }
}

} // namespace

void install_interrupt_handlers() {
    struct sigaction action {};
    action.sa_handler = on_signal;
    action.sa_mask = handled_signals();
    for (int s = 1; s < NSIG; ++s) {
        if (sigismember(&action.sa_mask, s) == 1) {
            ::sigaction(s, &action, nullptr);
        }
    }
}

void with_interrupts_blocked(const std::function<void()>& start) {
    const BlockSignals blocked;
    start();
}

void set_interrupt_hook(InterruptHook hook) {
    g_hook = hook;
}

void set_write_observer(WriteObserver observer) {
    g_observer = observer;
}

void write_outputs(const std::vector<OutputText>& files) {
    if (files.size() > k_max_temps) {
        throw Error(fmt::format("at most {} files are written at once", k_max_temps));
    }
    std::vector<OutputTarget> targets;
    // Valid UTF-8 without control characters but tabs and line ends: a byte of a name from a
    // cp1252 file, or an escape sequence in a file name, shows as \xNN.
    std::vector<std::string> texts;
    std::vector<OutputText> valid;
    texts.reserve(files.size());
    for (const auto& f : files) {
        targets.push_back(resolve_output_target(f.path));
        texts.push_back(printable(f.text, "\t\n\r"));
        valid.push_back({f.path, texts.back()});
    }
    const std::lock_guard<std::mutex> lock(g_write_mutex);
    try {
        write_all_files(valid, targets);
    } catch (...) {
        remove_temps();
        throw;
    }
}

void write_output(const std::string& path, std::string_view text) {
    write_outputs({OutputText{path, text}});
}

} // namespace tracediff
