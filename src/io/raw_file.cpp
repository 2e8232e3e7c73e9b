#include "raw_file.hpp"

#include "tracediff/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
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

} // namespace

RawFile::RawFile(int fd, bool owns, std::string display)
    : m_fd(fd), m_owns(owns), m_display(std::move(display)) {}

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

std::size_t RawFile::read_source(void* out, std::size_t size) {
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
