#include "tracediff/io/line_splitter.hpp"

#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"

#include <fmt/format.h>

#include <utility>

namespace tracediff {

LineSplitter::LineSplitter(std::string path, std::size_t max_line_bytes)
    : m_path(std::move(path)), m_max_line_bytes(max_line_bytes) {}

void LineSplitter::add(std::string_view piece, std::vector<std::string>& lines) {
    std::size_t start = 0;
    for (std::size_t nl = piece.find('\n'); nl != std::string_view::npos;
         nl = piece.find('\n', start)) {
        // Only the new piece is searched: a long line is never searched again.
        if (m_pending.empty()) {
            lines.emplace_back(piece.substr(start, nl - start));
        } else {
            m_pending.append(piece.substr(start, nl - start));
            lines.push_back(std::move(m_pending));
            m_pending.clear();
        }
        ++m_lines;
        start = nl + 1;
    }
    m_pending.append(piece.substr(start));
    if (m_pending.size() > m_max_line_bytes) {
        throw Error(fmt::format("{}:{}: a line longer than {} MiB; is this a trace?",
                                display_path(m_path), m_lines + 1, m_max_line_bytes >> 20));
    }
}

std::optional<std::string> LineSplitter::finish() {
    if (m_pending.empty()) {
        return std::nullopt;
    }
    return std::exchange(m_pending, {});
}

} // namespace tracediff
