#include "raw_file.hpp"

#include "tracediff/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <poll.h>
#include <unistd.h>

namespace tracediff {

namespace {

// read(2), again when a signal interrupts it; throws Error naming the file when it fails.
std::size_t read_some(int fd, void* out, std::size_t size, const std::string& display) {
    for (;;) {
        const ssize_t got = ::read(fd, out, size);
        if (got >= 0) {
            return static_cast<std::size_t>(got);
        }
        if (errno != EINTR) {
            throw Error(fmt::format("cannot read '{}': {}", display, std::strerror(errno)));
        }
    }
}

// While a writer may still be told to be done, a stream is looked at again this often.
constexpr int k_poll_ms = 20;

} // namespace

RawFile::RawFile(int fd, bool owns, std::string display)
    : m_fd(fd), m_owns(owns), m_display(std::move(display)) {}

RawFile::RawFile(int fd, bool owns, std::string display, const StreamWait& wait)
    : m_fd(fd), m_owns(owns), m_display(std::move(display)), m_wait(wait) {}

RawFile::RawFile(std::string bytes, std::string display)
    : m_display(std::move(display)), m_memory(std::move(bytes)) {}

RawFile::RawFile(std::string bytes, std::string display, std::vector<std::size_t> pieces)
    : m_display(std::move(display)), m_memory(std::move(bytes)), m_pieces(std::move(pieces)) {}

RawFile::~RawFile() {
    if (m_owns) {
        ::close(m_fd);
    }
}

bool RawFile::fill() {
    if (m_eof) {
        return false;
    }
    if (m_pos == m_end) {
        m_pos = m_end = 0;
    }
    const std::size_t got = read_source(m_buffer.get() + m_end, k_buffer_size - m_end);
    if (got == 0) {
        m_eof = true;
        return false;
    }
    m_end += got;
    return true;
}

std::size_t RawFile::read(char* out, std::size_t size) {
    if (m_pos < m_end) {
        const std::size_t n = std::min(size, m_end - m_pos);
        std::memcpy(out, m_buffer.get() + m_pos, n);
        m_pos += n;
        return n;
    }
    if (m_eof) {
        return 0;
    }
    const std::size_t got = read_source(out, size);
    m_eof = got == 0;
    return got;
}

// Waits until the stream has bytes to read, or its writers have closed it (poll says so
// either way; read() tells which). False when it ends first: nothing came for the idle
// timeout since `idle_since`, or the writer was done and nothing more is there.
bool RawFile::wait_for_bytes(std::chrono::steady_clock::time_point idle_since) {
    using namespace std::chrono;
    for (;;) {
        // Whether the writer was done before this look: then what is not there now never comes.
        const bool done = m_wait->writer_done != nullptr && m_wait->writer_done->load();
        int timeout_ms = done ? 0 : m_wait->writer_done != nullptr ? k_poll_ms : -1;
        if (m_wait->idle_timeout) {
            const double left =
                *m_wait->idle_timeout - duration<double>(steady_clock::now() - idle_since).count();
            if (left <= 0) {
                return false;
            }
            const int left_ms = static_cast<int>(std::min(std::ceil(left * 1000.0), 1e9));
            timeout_ms = timeout_ms < 0 ? left_ms : std::min(timeout_ms, left_ms);
        }
        pollfd ready{m_fd, POLLIN, 0};
        const int n = ::poll(&ready, 1, timeout_ms);
        if (n > 0) {
            return true;
        }
        if (n < 0 && errno != EINTR) {
            throw Error(fmt::format("cannot read '{}': {}", m_display, std::strerror(errno)));
        }
        if (n == 0 && done) {
            return false;
        }
    }
}

std::size_t RawFile::read_source(void* out, std::size_t size) {
    if (!m_memory && m_wait) {
        // Idle is time spent here waiting with nothing to read, counted from this call: a
        // caller that was busy elsewhere (the live check's reader waiting for room in its
        // queue) was not waiting, and what the writer sent meanwhile is there to read.
        const auto idle_since = std::chrono::steady_clock::now();
        for (;;) {
            if (!wait_for_bytes(idle_since)) {
                return 0;
            }
            const ssize_t got = ::read(m_fd, out, size);
            if (got >= 0) {
                return static_cast<std::size_t>(got);
            }
            if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
                throw Error(fmt::format("cannot read '{}': {}", m_display, std::strerror(errno)));
            }
        }
    }
    if (!m_memory) {
        return read_some(m_fd, out, size, m_display);
    }
    std::size_t n = std::min(size, m_memory->size() - m_memory_pos);
    if (!m_pieces.empty()) {
        n = std::min(n, std::max<std::size_t>(m_pieces[m_next_piece], 1));
        m_next_piece = (m_next_piece + 1) % m_pieces.size();
    }
    std::memcpy(out, m_memory->data() + m_memory_pos, n);
    m_memory_pos += n;
    return n;
}

} // namespace tracediff
