#include "csv_split.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tracediff {

namespace {

// Where the unquoted cell that starts at text[i] ends: the first delimiter or LF from i on,
// or the end of the text. Sixteen bytes at a time while sixteen are left in the text.
std::size_t cell_end(std::string_view text, std::size_t i, char delimiter) {
    const std::size_t n = text.size();
#if defined(__SSE2__)
    const __m128i delimiters = _mm_set1_epi8(delimiter);
    const __m128i line_ends = _mm_set1_epi8('\n');
    for (; i + 16 <= n; i += 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
        const auto hits = static_cast<unsigned>(_mm_movemask_epi8(
            _mm_or_si128(_mm_cmpeq_epi8(bytes, delimiters), _mm_cmpeq_epi8(bytes, line_ends))));
        if (hits != 0) {
            return i + static_cast<std::size_t>(std::countr_zero(hits));
        }
    }
#endif
    while (i < n && text[i] != delimiter && text[i] != '\n') {
        ++i;
    }
    return i;
}

} // namespace

// Reads the quoted cell whose opening quote is text[i]; i moves past the closing quote.
CsvSplitter::Result CsvSplitter::quoted_cell(std::string_view text, std::size_t& i) {
    const std::size_t start = ++i;
    std::string* unescaped = nullptr;
    for (;;) {
        const std::size_t quote = text.find('"', i);
        if (quote == std::string_view::npos) {
            return Result::incomplete;
        }
        m_quoted_line_ends += static_cast<std::size_t>(
            std::count(text.begin() + static_cast<std::ptrdiff_t>(i),
                       text.begin() + static_cast<std::ptrdiff_t>(quote), '\n'));
        if (quote + 1 < text.size() && text[quote + 1] == '"') {
            // A doubled quote: the cell is unescaped into scratch.
            if (unescaped == nullptr) {
                if (m_scratch.size() <= m_cells.size()) {
                    m_scratch.resize(m_cells.size() + 1);
                }
                unescaped = &m_scratch[m_cells.size()];
                unescaped->assign(text.substr(start, quote - start));
            } else {
                unescaped->append(text.substr(i, quote - i));
            }
            unescaped->push_back('"');
            i = quote + 2;
            continue;
        }
        if (quote + 1 == text.size() && !m_at_end_hint) {
            return Result::incomplete; // the next text might start with a second quote
        }
        if (unescaped != nullptr) {
            unescaped->append(text.substr(i, quote - i));
            m_cells.emplace_back(*unescaped);
        } else {
            m_cells.push_back(text.substr(start, quote - start));
        }
        i = quote + 1;
        return Result::row;
    }
}

CsvSplitter::Result CsvSplitter::split(std::string_view text, std::size_t& pos, bool at_end) {
    m_cells.clear();
    m_quoted_line_ends = 0;
    m_unterminated = false;
    m_at_end_hint = at_end;
    std::size_t i = pos;
    const std::size_t n = text.size();
    for (;;) {
        if (i < n && text[i] == '"') {
            const Result r = quoted_cell(text, i);
            if (r != Result::row) {
                return r;
            }
            if (i < n && text[i] != m_delimiter && text[i] != '\n' &&
                !(text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') &&
                !(text[i] == '\r' && i + 1 == n)) {
                return Result::bad_quote;
            }
        } else {
            const std::size_t start = i;
            i = cell_end(text, i, m_delimiter);
            std::size_t end = i;
            if (i < n && text[i] == '\n' && end > start && text[end - 1] == '\r') {
                --end; // CRLF
            } else if (i == n && end > start && text[end - 1] == '\r') {
                --end;
            }
            m_cells.push_back(text.substr(start, end - start));
        }
        if (i < n && text[i] == m_delimiter) {
            ++i;
            continue;
        }
        break;
    }
    if (i < n && text[i] == '\r') {
        ++i;
    }
    if (i < n && text[i] == '\n') {
        pos = i + 1;
        return Result::row;
    }
    if (!at_end) {
        return Result::incomplete;
    }
    m_unterminated = true;
    pos = n;
    return Result::row;
}

} // namespace tracediff
