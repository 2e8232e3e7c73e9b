#include "tracediff/io/followed_file.hpp"

#include "tracediff/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string_view>
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

bool FollowedFile::holds(const std::string& kept, std::size_t offset) const {
    std::string now(kept.size(), '\0');
    std::size_t got = 0;
    while (got < now.size()) {
        const ssize_t n =
            ::pread(m_fd, now.data() + got, now.size() - got, static_cast<off_t>(offset + got));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        got += static_cast<std::size_t>(n);
    }
    return now == kept;
}

// Throws when the file is no longer the one read so far (with the `just_read` bytes after it),
// grown at most.
void FollowedFile::check_unchanged(std::size_t just_read) {
    struct stat st {};
    if (::fstat(m_fd, &st) != 0) {
        throw Error(fmt::format("cannot read '{}': {}", m_path, std::strerror(errno)));
    }
    const auto size = static_cast<std::size_t>(st.st_size);
    if (size < std::max(m_largest_size, m_offset + just_read)) {
        throw Error(fmt::format("{}: the file shrank while it was followed (it was "
                                "truncated or rewritten)",
                                m_path));
    }
    m_largest_size = size;
    struct stat named {};
    if (::stat(m_path.c_str(), &named) == 0 &&
        (named.st_dev != st.st_dev || named.st_ino != st.st_ino)) {
        throw Error(fmt::format("{}: the file was replaced while it was followed (another file "
                                "took its name)",
                                m_path));
    }
    if (!holds(m_head, 0) || !holds(m_tail, m_offset - m_tail.size())) {
        throw Error(fmt::format("{}: the file was rewritten while it was followed (bytes "
                                "already read changed)",
                                m_path));
    }
}

// Keeps the first bytes and the last ones of what was read.
void FollowedFile::note_read(const char* data, std::size_t size) {
    const std::string_view read(data, size);
    if (m_head.size() < k_compared) {
        m_head.append(read.substr(0, k_compared - m_head.size()));
    }
    m_tail.append(read.substr(size - std::min(size, k_compared)));
    if (m_tail.size() > k_compared) {
        m_tail.erase(0, m_tail.size() - k_compared);
    }
    m_offset += size;
}

std::size_t FollowedFile::read(char* out, std::size_t size) {
    for (bool waited = false;; waited = true) {
        // Whether the writer was done before this look: then what is not there now never comes.
        const bool done = (m_writer_done != nullptr && m_writer_done->load()) ||
                          (waited && m_fd >= 0 && m_ended && m_ended());
        if (open_if_there()) {
            const ssize_t got = ::read(m_fd, out, size);
            if (got < 0 && errno != EINTR) {
                throw Error(fmt::format("cannot read '{}': {}", m_path, std::strerror(errno)));
            }
            // After the read: bytes read before a rewrite are the old file's, those read after
            // it show as changed bytes (or a smaller file) here.
            check_unchanged(got > 0 ? static_cast<std::size_t>(got) : 0);
            if (got > 0) {
                note_read(out, static_cast<std::size_t>(got));
                m_last_growth = std::chrono::steady_clock::now();
                return static_cast<std::size_t>(got);
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
