#include "tracediff/render/text_table.hpp"

#include "tracediff/printable.hpp"

#include <algorithm>
#include <stdexcept>

namespace tracediff {

std::size_t display_width(const std::string& text) {
    // Count every byte that does not continue a multi-byte sequence.
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

MarkdownTable::MarkdownTable(std::vector<std::string> header) {
    for (auto& cell : header) {
        cell = printable(cell); // a line end in a name would end the row
    }
    m_rows.push_back(std::move(header));
}

void MarkdownTable::add_row(std::vector<std::string> cells) {
    if (cells.size() != m_rows.front().size()) {
        throw std::logic_error("MarkdownTable: row has the wrong number of cells");
    }
    // A pipe inside a cell would end it: escape it as markdown allows. A line end in a name
    // would end the row: shown as \x0A (printable.hpp).
    for (auto& cell : cells) {
        cell = printable(cell);
        for (std::size_t at = cell.find('|'); at != std::string::npos;
             at = cell.find('|', at + 2)) {
            cell.insert(at, 1, '\\');
        }
    }
    m_rows.push_back(std::move(cells));
}

std::string MarkdownTable::render() const {
    const std::size_t columns = m_rows.front().size();
    std::vector<std::size_t> width(columns, 0);
    for (const auto& row : m_rows) {
        for (std::size_t c = 0; c < columns; ++c) {
            width[c] = std::max(width[c], display_width(row[c]) + 1);
        }
    }
    auto render_row = [&](const std::vector<std::string>& row) {
        std::string line = "|";
        for (std::size_t c = 0; c < columns; ++c) {
            line += row[c];
            line.append(width[c] - display_width(row[c]), ' ');
            line += '|';
        }
        return line + '\n';
    };
    std::string out = render_row(m_rows.front());
    out += '|';
    for (std::size_t c = 0; c < columns; ++c) {
        out.append(width[c], '-');
        out += '|';
    }
    out += '\n';
    for (std::size_t r = 1; r < m_rows.size(); ++r) {
        out += render_row(m_rows[r]);
    }
    return out;
}

} // namespace tracediff
