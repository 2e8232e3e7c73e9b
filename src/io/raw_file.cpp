#include "raw_file.hpp"

#include "tracediff/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace tracediff {

namespace {

[[noreturn]] void fail_read(const std::string& display) {
    throw Error(fmt::format("cannot read '{}': {}", display, std::strerror(errno)));
}

} // namespace

RawFile::RawFile(int fd, bool owns, std::string display)
    : m_fd(fd), m_owns(owns), m_display(std::move(display)) {}

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
    for (;;) {
        const ssize_t got = ::read(m_fd, m_buffer.get() + m_end, k_buffer_size - m_end);
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail_read(m_display);
        }
        if (got == 0) {
            m_eof = true;
            return false;
        }
        m_end += static_cast<std::size_t>(got);
        return true;
    }
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
    for (;;) {
        const ssize_t got = ::read(m_fd, out, size);
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail_read(m_display);
        }
        if (got == 0) {
            m_eof = true;
        }
        return static_cast<std::size_t>(got);
    }
}

} // namespace tracediff
