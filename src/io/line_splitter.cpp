#include "tracediff/io/line_splitter.hpp"

#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tracediff {

namespace {

// The '\n' in `text`, sixteen bytes at a time (a byte loop, or memchr per line, would cost a
// good part of what parsing the lines does): each lane counts its matches in a byte, for up to
// 255 rounds, then the lanes are summed.
std::size_t count_newlines(std::string_view text) {
    std::size_t n = 0;
    std::size_t i = 0;
#if defined(__SSE2__)
    const __m128i newline = _mm_set1_epi8('\n');
    const __m128i zero = _mm_setzero_si128();
    while (i + 16 <= text.size()) {
        const std::size_t rounds = std::min<std::size_t>((text.size() - i) / 16, 255);
        __m128i counts = zero;
        for (std::size_t r = 0; r < rounds; ++r, i += 16) {
            const __m128i bytes =
                _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
            counts = _mm_sub_epi8(counts, _mm_cmpeq_epi8(bytes, newline)); // a match is -1
        }
        const __m128i sums = _mm_sad_epu8(counts, zero); // two sums, in 16-bit lanes 0 and 4
        n += static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) +
             static_cast<std::size_t>(_mm_extract_epi16(sums, 4));
    }
#endif
    for (; i < text.size(); ++i) {
        n += text[i] == '\n' ? 1 : 0;
    }
    return n;
}

} // namespace

LineSplitter::LineSplitter(std::string path, std::size_t max_line_bytes, std::size_t padding)
    : m_path(std::move(path)), m_max_line_bytes(max_line_bytes), m_padding(padding),
      m_data(padding, '\0') {}

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
        // Twice the size while a long line comes in pieces; else just what the read needs, so
        // that the buffers take() hands on stay the size of a read.
        m_data.resize(std::max(m_size > n ? 2 * m_data.size() : 0, m_size + n + m_padding));
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
        m_lines += count_newlines(piece.substr(0, newline + 1)); // for messages
    }
    if (m_size - m_handed > m_max_line_bytes) {
        throw Error(fmt::format("{}:{}: a line longer than {} MiB; is this a trace?",
                                display_path(m_path), m_lines + 1, m_max_line_bytes >> 20));
    }
    return text.substr(0, m_handed);
}

std::string LineSplitter::take(std::string next) {
    const std::size_t rest = m_size - m_handed;
    if (next.size() < rest + m_padding) {
        next.resize(rest + m_padding); // room() makes more as needed
    }
    if (rest > 0) {
        std::memcpy(next.data(), m_data.data() + m_handed, rest);
    }
    std::memset(m_data.data() + m_handed, 0, m_padding); // m_data holds m_size + m_padding
    std::memset(next.data() + rest, 0, m_padding);
    std::string block = std::exchange(m_data, std::move(next));
    m_size = rest;
    m_handed = 0;
    return block;
}

std::string_view LineSplitter::finish() {
    drop_handed_on();
    std::memset(m_data.data() + m_size, 0, m_padding);
    m_handed = m_size;
    return {m_data.data(), m_size};
}

} // namespace tracediff
