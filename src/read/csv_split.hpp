// Splitting CSV and TSV rows by RFC 4180: cells separated by the delimiter, rows by LF or
// CRLF; a cell in double quotes may hold the delimiter, line ends and doubled quotes ("").
// Cells are views into the text, or, for a quoted cell with doubled quotes, into a scratch
// string of the splitter. Nothing is trimmed: " 1 " is the cell " 1 ".
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace tracediff {

class CsvSplitter {
public:
    explicit CsvSplitter(char delimiter) : m_delimiter(delimiter) {}

    enum class Result {
        row,        // a whole row: cells() and line_ends() describe it
        incomplete, // the text ends inside a quoted cell (or, at the end, without a line end)
        bad_quote,  // text after a closing quote, before the next delimiter or line end
    };

    // Splits the row that starts at text[pos]. On `row`, pos moves past its line end. With
    // `at_end` false, a row that reaches the end of the text without a line end is
    // `incomplete` (more text may come); with `at_end` true it is a row, unless a quoted cell
    // is still open.
    Result split(std::string_view text, std::size_t& pos, bool at_end);

    const std::vector<std::string_view>& cells() const { return m_cells; }
    // Line ends inside quoted cells of the row (the row's own line end not counted).
    std::size_t quoted_line_ends() const { return m_quoted_line_ends; }
    // The last row ended at the end of the text, without a line end.
    bool unterminated() const { return m_unterminated; }

private:
    Result quoted_cell(std::string_view text, std::size_t& i);

    char m_delimiter;
    std::vector<std::string_view> m_cells;
    // Unescaped quoted cells, one per cell index; a deque, so growing it moves none of them.
    std::deque<std::string> m_scratch;
    std::size_t m_quoted_line_ends = 0;
    bool m_unterminated = false;
    bool m_at_end_hint = false;
};

} // namespace tracediff
