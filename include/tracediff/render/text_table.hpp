// A markdown table whose pipes line up, shared by every writer that prints one.
#pragma once

#include <string>
#include <vector>

namespace tracediff {

class MarkdownTable {
public:
    explicit MarkdownTable(std::vector<std::string> header);

    void add_row(std::vector<std::string> cells);

    // "|cell |cell |" rows, each cell padded to its column's width plus one space, with a
    // divider of dashes under the header. Widths count characters, not bytes.
    std::string render() const;

private:
    std::vector<std::vector<std::string>> m_rows; // m_rows[0] is the header
};

// Characters in a UTF-8 string (code points, which is what a terminal shows for Δ).
std::size_t display_width(const std::string& text);

} // namespace tracediff
