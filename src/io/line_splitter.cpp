#include "tracediff/io/line_splitter.hpp"

#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <utility>

namespace tracediff {

LineSplitter::LineSplitter(std::string path, std::size_t max_line_bytes, std::size_t padding)
    : m_path(std::move(path)), m_max_line_bytes(max_line_bytes), m_padding(padding),
      m_data(padding) {}

// Moves the bytes after the block handed on last to the front.
void LineSplitter::drop_handed_on() {
    if (m_handed > 0) {
        std::memmove(m_data.data(), m_data.data() + m_handed, m_size - m_handed);
        m_size -= m_handed;
        m_handed = 0;
    }
}

std::string_view LineSplitter::add(std::string_view piece) {
    char* out = room(piece.size());
    if (!piece.empty()) {
        std::memcpy(out, piece.data(), piece.size());
    }
    return commit(piece.size());
}

char* LineSplitter::room(std::size_t n) {
    drop_handed_on();
    if (m_data.size() < m_size + n + m_padding) {
        m_data.resize(std::max(2 * m_data.size(), m_size + n + m_padding));
    }
    return m_data.data() + m_size;
}

std::string_view LineSplitter::commit(std::size_t got) {
    const std::size_t old_size = m_size;
    m_size += got;
    std::memset(m_data.data() + m_size, 0, m_padding);
    // Only the new piece is searched: a long line is never searched again.
    const std::string_view text(m_data.data(), m_size);
    const std::string_view piece = text.substr(old_size);
    const std::size_t newline = piece.rfind('\n');
    if (newline != std::string_view::npos) {
        m_handed = old_size + newline + 1;
        // Counted for messages, with memchr: a byte loop would cost more than the parse.
        for (const char* p = piece.data();
             (p = static_cast<const char*>(std::memchr(p, '\n', piece.data() + piece.size() - p)));
             ++p) {
            ++m_lines;
        }
    }
    if (m_size - m_handed > m_max_line_bytes) {
        throw Error(fmt::format("{}:{}: a line longer than {} MiB; is this a trace?",
                                display_path(m_path), m_lines + 1, m_max_line_bytes >> 20));
    }
    return text.substr(0, m_handed);
}

std::string_view LineSplitter::finish() {
    drop_handed_on();
    std::memset(m_data.data() + m_size, 0, m_padding);
    m_handed = m_size;
    return {m_data.data(), m_size};
}

} // namespace tracediff
