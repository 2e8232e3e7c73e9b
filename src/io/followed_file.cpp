#include "tracediff/io/followed_file.hpp"

#include "tracediff/error.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace tracediff {

FollowedFile::FollowedFile(std::string path, std::optional<double> idle_timeout,
                           const std::atomic<bool>* writer_done)
    : m_path(std::move(path)), m_idle_timeout(idle_timeout), m_writer_done(writer_done),
      m_last_growth(std::chrono::steady_clock::now()) {}

FollowedFile::~FollowedFile() {
    if (m_fd >= 0) {
        ::close(m_fd);
    }
}

// Opens the file once it exists; false while it does not.
bool FollowedFile::open_if_there() {
    if (m_fd >= 0) {
        return true;
    }
    m_fd = ::open(m_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (m_fd < 0 && errno != ENOENT) {
        throw Error(fmt::format("cannot open '{}': {}", m_path, std::strerror(errno)));
    }
    struct stat st {};
    if (m_fd >= 0 && ::fstat(m_fd, &st) == 0 && !S_ISREG(st.st_mode)) {
        throw Error(fmt::format("cannot follow '{}': --follow takes a regular file (a pipe or "
                                "FIFO is read as it is written without it)",
                                m_path));
    }
    return m_fd >= 0;
}

std::size_t FollowedFile::read(char* out, std::size_t size) {
    for (;;) {
        // Whether the writer was done before this look: then what is not there now never comes.
        const bool done = m_writer_done != nullptr && m_writer_done->load();
        if (open_if_there()) {
            const ssize_t got = ::read(m_fd, out, size);
            if (got > 0) {
                m_offset += static_cast<std::size_t>(got);
                m_last_growth = std::chrono::steady_clock::now();
                return static_cast<std::size_t>(got);
            }
            if (got < 0 && errno != EINTR) {
                throw Error(fmt::format("cannot read '{}': {}", m_path, std::strerror(errno)));
            }
            struct stat st {};
            if (::fstat(m_fd, &st) == 0 && static_cast<std::size_t>(st.st_size) < m_offset) {
                throw Error(fmt::format("{}: the file shrank while it was followed (it was "
                                        "truncated or rewritten)",
                                        m_path));
            }
        }
        const std::chrono::duration<double> idle = std::chrono::steady_clock::now() - m_last_growth;
        const bool timed_out = m_idle_timeout && idle.count() >= *m_idle_timeout;
        if (done || timed_out) {
            if (m_fd < 0) {
                throw Error(fmt::format("cannot open '{}': it was never created{}", m_path,
                                        done ? " (the command ended)"
                                             : fmt::format(" (waited {:g} s)", *m_idle_timeout)));
            }
            return 0;
        }
        std::this_thread::sleep_for(k_poll);
    }
}

} // namespace tracediff
