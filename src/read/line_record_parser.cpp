// The common part of the line-based formats: line numbers, colour codes, a cut-short last line,
// the values of a record by name, the messages; and reading a whole input line by line.
#include "tracediff/read/line_record_parser.hpp"

#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cctype>

#include "format_list.hpp"
#include "line_feed.hpp"
#include "number_text.hpp"
#include "trace_lines.hpp"

namespace tracediff {

std::string_view strip_colours(std::string_view line, std::string& scratch) {
    if (line.find('\x1b') == std::string_view::npos) {
        return line;
    }
    scratch.clear();
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\x1b' && i + 1 < line.size() && line[i + 1] == '[') {
            std::size_t j = i + 2;
            while (j < line.size() &&
                   (std::isdigit(static_cast<unsigned char>(line[j])) != 0 || line[j] == ';')) {
                ++j;
            }
            if (j < line.size() && line[j] == 'm') {
                i = j;
                continue;
            }
        }
        scratch.push_back(line[i]);
    }
    return scratch;
}

LineRecordParser::LineRecordParser(std::string_view format, const std::string& path,
                                   const ReadOptions& options)
    : m_display(display_path(path)), m_format(format), m_table(m_display, options.fields),
      m_values(m_table.columns().size()), m_decimals(m_table.columns().size()) {
    m_trace.path = path;
    m_trace.format = m_format;
    for (std::size_t c = 0; c < m_table.columns().size(); ++c) {
        m_column_of.emplace(m_table.columns()[c], c);
    }
}

void LineRecordParser::start_record() {
    for (std::size_t c = 0; c < m_values.size(); ++c) {
        m_values[c] = missing_value();
        m_decimals[c] = -1;
    }
    if (m_table.empty()) {
        m_first_names.clear();
    }
}

void LineRecordParser::note_name(std::string_view name) {
    if (m_table.empty()) {
        m_first_names.emplace_back(name);
    }
}

void LineRecordParser::add_line(std::string_view line, bool terminated) {
    ++m_line;
    if (line.ends_with('\r')) {
        line.remove_suffix(1);
    }
    line = strip_colours(line, m_scratch);
    start_record();
    std::optional<std::int64_t> step;
    if (terminated) {
        step = parse(line);
    } else {
        try {
            step = parse(line);
        } catch (const Error&) {
            step = 0; // a malformed number at the cut: a record cut short
        }
    }
    if (!step) {
        ++m_trace.unmatched_lines;
        return;
    }
    if (!terminated) {
        m_truncated_line = m_line;
        return;
    }
    m_table.add(*step, m_values.data(), m_decimals.data(), m_line);
}

void LineRecordParser::offer(std::string_view name, std::string_view text) {
    note_name(name);
    const auto it = m_column_of.find(std::string(name));
    if (it != m_column_of.end() && !set_column(it->second, text)) {
        fail(fmt::format("'{}' is '{}', not a number", trace_lines::excerpt(name),
                         trace_lines::excerpt(text)));
    }
}

void LineRecordParser::offer_value(std::string_view name, double value, std::int8_t decimals) {
    note_name(name);
    const auto it = m_column_of.find(std::string(name));
    if (it != m_column_of.end()) {
        m_values[it->second] = value;
        m_decimals[it->second] = decimals;
    }
}

bool LineRecordParser::set_column(std::size_t column, std::string_view text) {
    if (parse_number(text, m_values[column]) != NumberText::ok) {
        m_values[column] = missing_value();
        return false;
    }
    m_decimals[column] = written_decimals(text);
    return true;
}

void LineRecordParser::fail(const std::string& what) const {
    throw Error(fmt::format("{}:{}: {}", m_display, m_line, what));
}

std::string LineRecordParser::no_records_message() const {
    return fmt::format("{}: no line is a {} record ({} lines read)", m_display, m_format, m_line);
}

std::string LineRecordParser::available() const {
    return fmt::format("the first step record, on line {}, has: {}", first_record_line(),
                       fmt::join(m_first_names, ", "));
}

std::optional<Trace> LineRecordParser::snapshot(std::size_t records) const {
    return m_table.snapshot(m_trace, records);
}

Trace LineRecordParser::finish() {
    if (m_truncated_line > 0) {
        m_trace.truncated_last_line = true;
        m_trace.warnings.push_back(
            fmt::format("{}:{}: ignoring truncated final line", m_display, m_truncated_line));
    }
    if (m_table.empty()) {
        throw Error(no_records_message());
    }
    m_table.build(m_trace, available());
    return std::move(m_trace);
}

Trace read_line_records(InputFile& input, const std::string& path, LineRecordParser& parser) {
    feed_line_blocks(
        input, path,
        {[&](std::string_view block) {
             std::size_t pos = 0;
             while (pos < block.size()) {
                 const std::size_t newline = block.find('\n', pos);
                 const std::size_t end = newline == std::string_view::npos ? block.size() : newline;
                 parser.add_line(block.substr(pos, end - pos), newline != std::string_view::npos);
                 pos = end + 1;
             }
         },
         [&] {
             return parser.lines_read();
         }});
    return parser.finish();
}

std::unique_ptr<LineRecordParser> make_line_record_parser(std::string_view format,
                                                          const std::string& path,
                                                          const ReadOptions& options) {
    if (format == k_text_format.name) {
        return make_text_parser(path, options);
    }
    if (format == k_megatron_log_format.name) {
        return make_megatron_log_parser(path, options);
    }
    if (format == k_torchtitan_log_format.name) {
        return make_torchtitan_log_parser(path, options);
    }
    if (format == k_nanogpt_log_format.name) {
        return make_nanogpt_log_parser(path, options);
    }
    if (format == k_mllog_format.name) {
        return make_mllog_parser(path, options);
    }
    return nullptr;
}

} // namespace tracediff
