// CSV and TSV with a header row as input formats: Lightning's metrics.csv, a W&B export.
// Columns are fields; the step column is --step-key or the first of k_default_step_keys the
// header has, in any case. An empty cell means "not logged at this step" (Lightning writes
// training and validation rows apart), never zero; rows of one step are merged by the step
// table. A W&B chart export holds several runs as columns "RUN - NAME": FILE#RUN reads one
// (file_runs.hpp), and the file is refused without it.
#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/read/step_table.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <string_view>
#include <unordered_set>

#include "content_head.hpp"
#include "csv_split.hpp"
#include "file_runs.hpp"
#include "format_list.hpp"
#include "line_feed.hpp"
#include "number_text.hpp"
#include "trace_lines.hpp"

namespace tracediff {

namespace {

// The step column of a header: --step-key (exactly), or the first default the header has, in
// any case ("Step"); header.size() when there is none.
std::size_t step_column(const std::vector<std::string>& header, const ReadOptions& options) {
    const std::string key = options.step_key.empty() ? default_step_key(header) : options.step_key;
    if (key.empty()) {
        return header.size();
    }
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), key) - header.begin());
}

bool recognise_delimited(std::string_view head, const ReadOptions& options, char delimiter) {
    const std::string_view line = content_head::first_line(content_head::skip_blank(head));
    CsvSplitter split(delimiter);
    std::size_t pos = 0;
    if (split.split(line, pos, true) != CsvSplitter::Result::row || split.cells().size() < 2) {
        return false;
    }
    std::vector<std::string> header(split.cells().begin(), split.cells().end());
    if (!options.run.empty()) {
        header = header_of_run(header, options.run);
    }
    return step_column(header, options) < header.size();
}

class CsvReader {
public:
    CsvReader(const std::string& path, const ReadOptions& options, char delimiter)
        : m_display(display_path(path)), m_options(options), m_table(m_display, options.fields),
          m_split(delimiter), m_values(m_table.columns().size()),
          m_decimals(m_table.columns().size()) {
        m_trace.path = path;
    }

    void add_block(std::string_view block);
    std::size_t lines_read() const { return m_line - 1; }
    Trace finish();

private:
    void parse(std::string_view text, bool at_end);
    void row(const std::vector<std::string_view>& cells, bool unterminated);
    void header(const std::vector<std::string_view>& cells);
    void pick_run();
    bool holds_run_values(const std::vector<std::string_view>& cells) const;
    double value(std::string_view cell, std::size_t column) const;
    [[noreturn]] void fail(const std::string& what) const {
        throw Error(fmt::format("{}:{}: {}", m_display, m_line, what));
    }
    // A quoted cell left open at the end: an error when lines that could be rows follow it.
    void fail_if_lines_after(std::string_view open_row) const {
        const std::size_t line_end = open_row.find('\n');
        if (line_end != std::string_view::npos &&
            open_row.find_first_not_of("\r\n", line_end) != std::string_view::npos) {
            fail("a quoted cell that is never closed (a stray '\"' in this row?); every line "
                 "after it would be read as its text");
        }
    }

    std::string m_display;
    const ReadOptions& m_options;
    StepTable m_table;
    CsvSplitter m_split;
    Trace m_trace;
    std::string m_carry;    // an incomplete row from the end of the last block
    std::size_t m_line = 1; // the line the next row starts on
    std::vector<std::string> m_header;
    std::size_t m_step = 0;                 // the step column
    std::vector<std::size_t> m_column;      // per table column: its header column, or npos
    std::vector<std::size_t> m_run_columns; // with a run picked: the run's columns
    std::vector<std::string> m_listed;      // the columns messages list (not other runs')
    std::vector<double> m_values;
    std::vector<std::int8_t> m_decimals; // how many decimals each value was written with
    bool m_truncated = false;
    std::size_t m_truncated_line = 0;
};

void CsvReader::add_block(std::string_view block) {
    if (m_carry.empty()) {
        parse(block, false);
        return;
    }
    std::string text = std::move(m_carry);
    m_carry.clear();
    text.append(block);
    if (text.size() > k_max_line_bytes) {
        fail(fmt::format("a row longer than {} MiB (a quoted cell that is never closed?)",
                         k_max_line_bytes >> 20));
    }
    parse(text, false);
}

void CsvReader::parse(std::string_view text, bool at_end) {
    std::size_t pos = 0;
    if (m_line == 1 && text.starts_with(trace_lines::k_bom)) {
        pos = trace_lines::k_bom.size();
    }
    while (pos < text.size()) {
        const std::size_t start = pos;
        const CsvSplitter::Result r = m_split.split(text, pos, at_end);
        if (r == CsvSplitter::Result::incomplete) {
            if (at_end) {
                fail_if_lines_after(text.substr(start));
                m_truncated = true; // a quoted cell still open at the end of its line
                m_truncated_line = m_line;
                return;
            }
            m_carry.assign(text.substr(start));
            return;
        }
        if (r == CsvSplitter::Result::bad_quote) {
            fail("text after the closing quote of a quoted cell");
        }
        const auto& cells = m_split.cells();
        if (!(cells.size() == 1 && cells.front().empty() && !m_split.unterminated())) {
            row(cells, m_split.unterminated());
        }
        m_line += 1 + m_split.quoted_line_ends();
    }
}

void CsvReader::header(const std::vector<std::string_view>& cells) {
    if (std::any_of(cells.begin(), cells.end(),
                    [](std::string_view c) { return c.find('\r') != std::string_view::npos; })) {
        // Rows joined by bare CRs make one long header row.
        fail("the file uses CR line ends; tracediff reads lines that end in LF or CR LF");
    }
    m_header.assign(cells.begin(), cells.end());
    m_listed = m_header;
    pick_run();
    std::unordered_set<std::string_view> names;
    names.reserve(m_header.size());
    for (const std::string& name : m_header) {
        if (!name.empty() && !names.insert(name).second) {
            fail(fmt::format("the header names the column '{}' twice", name));
        }
    }
    m_step = step_column(m_header, m_options);
    if (m_step == m_header.size()) {
        fail(fmt::format("the header has no step column (it has: {}; the step column is {})",
                         fmt::join(m_listed, ", "),
                         m_options.step_key.empty()
                             ? fmt::format("the first of {} in any case, or --step-key NAME",
                                           fmt::join(k_default_step_keys, ", "))
                             : fmt::format("'{}', from --step-key", m_options.step_key)));
    }
    for (const std::string& name : m_table.columns()) {
        const auto it = std::find(m_header.begin(), m_header.end(), name);
        m_column.push_back(it == m_header.end() || name.empty()
                               ? std::string::npos
                               : static_cast<std::size_t>(it - m_header.begin()));
    }
}

// A W&B chart export of several runs is read one run at a time: the run picked (FILE#RUN)
// reads its columns "RUN - NAME" as NAME, and the others are not read.
void CsvReader::pick_run() {
    const std::vector<std::string> runs = wandb_runs(m_header);
    if (m_options.run.empty()) {
        if (runs.size() > 1) {
            refuse_unpicked_runs(m_display, runs);
        }
        return;
    }
    if (std::find(runs.begin(), runs.end(), m_options.run) == runs.end()) {
        refuse_unknown_run(m_display, m_options.run, runs);
    }
    const std::vector<std::string> renamed = header_of_run(m_header, m_options.run);
    m_listed.clear();
    for (std::size_t c = 0; c < m_header.size(); ++c) {
        const bool changed = renamed[c] != m_header[c];
        if (changed && !renamed[c].empty()) {
            m_run_columns.push_back(c);
        }
        if (!changed || !renamed[c].empty()) {
            m_listed.push_back(renamed[c]);
        }
    }
    m_header = renamed;
}

// With a run picked, whether the row holds a value of the run: a row of other runs' values
// only (runs logged at different steps) is not a record of it.
bool CsvReader::holds_run_values(const std::vector<std::string_view>& cells) const {
    return m_options.run.empty() ||
           std::any_of(m_run_columns.begin(), m_run_columns.end(),
                       [&](std::size_t c) { return !trim_blanks(cells[c]).empty(); });
}

double CsvReader::value(std::string_view cell, std::size_t column) const {
    if (trim_blanks(cell).empty()) {
        return missing_value();
    }
    double v = 0.0;
    switch (parse_number(cell, v)) {
    case NumberText::ok:
        return v;
    case NumberText::out_of_range:
        fail(fmt::format("'{}' is out of the range of a double: {}", m_header[column],
                         trace_lines::excerpt(cell)));
    case NumberText::not_a_number:
        break;
    }
    fail(fmt::format("'{}' must be a number, found '{}'", m_header[column],
                     trace_lines::excerpt(cell)));
}

void CsvReader::row(const std::vector<std::string_view>& cells, bool unterminated) {
    if (m_header.empty()) {
        header(cells);
        return;
    }
    if (unterminated) {
        // The last row without a line end: a run killed while writing it may have cut its
        // last number short (2.3 of 2.3456), so none of its values is used.
        m_truncated = true;
        m_truncated_line = m_line;
        return;
    }
    if (cells.size() != m_header.size()) {
        fail(
            fmt::format("a row of {} cells, but the header has {}", cells.size(), m_header.size()));
    }
    if (!holds_run_values(cells)) {
        return;
    }
    std::int64_t step = 0;
    if (!parse_step_text(cells[m_step], step)) {
        fail(fmt::format("'{}' must be a non-negative integer, found '{}'", m_header[m_step],
                         trace_lines::excerpt(cells[m_step])));
    }
    for (std::size_t c = 0; c < m_column.size(); ++c) {
        const bool absent = m_column[c] == std::string::npos;
        m_values[c] = absent ? missing_value() : value(cells[m_column[c]], m_column[c]);
        m_decimals[c] = absent || is_missing_value(m_values[c])
                            ? std::int8_t{-1}
                            : written_decimals(cells[m_column[c]]);
    }
    m_table.add(step, m_values.data(), m_decimals.data(), m_line);
}

Trace CsvReader::finish() {
    if (!m_carry.empty()) {
        const std::string rest = std::move(m_carry);
        m_carry.clear();
        parse(rest, true);
    }
    if (m_truncated) {
        m_trace.truncated_last_line = true;
        m_trace.warnings.push_back(
            fmt::format("{}:{}: ignoring truncated final row", m_display, m_truncated_line));
    }
    if (m_header.empty()) {
        throw Error(fmt::format("{}: no records: the file is empty", m_display));
    }
    if (m_table.empty()) {
        throw Error(
            fmt::format("{}: no step records (the file has a header and no rows)", m_display));
    }
    m_table.build(m_trace, fmt::format("the header has: {}", fmt::join(m_listed, ", ")));
    return std::move(m_trace);
}

Trace read_delimited(InputFile& input, const std::string& path, const ReadOptions& options,
                     char delimiter) {
    CsvReader reader(path, options, delimiter);
    feed_line_blocks(input, path,
                     {[&](std::string_view block) { reader.add_block(block); },
                      [&] {
                          return reader.lines_read();
                      }});
    return reader.finish();
}

} // namespace

const InputFormat k_csv_format{
    "csv", "CSV with a header row and a step column (Lightning metrics.csv, W&B exports)",
    [](std::string_view head, const ReadOptions& o) { return recognise_delimited(head, o, ','); },
    [](InputFile& in, const std::string& path, const ReadOptions& o) {
        return read_delimited(in, path, o, ',');
    }};

const InputFormat k_tsv_format{
    "tsv", "TSV: the same with tab-separated cells",
    [](std::string_view head, const ReadOptions& o) { return recognise_delimited(head, o, '\t'); },
    [](InputFile& in, const std::string& path, const ReadOptions& o) {
        return read_delimited(in, path, o, '\t');
    }};

} // namespace tracediff
