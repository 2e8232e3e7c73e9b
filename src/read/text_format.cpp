// Text logs (a trainer's standard output) as an input format, read with --pattern: an RE2
// regular expression whose named groups are `step` and the fields, e.g.
//   step:\s*(?P<step>\d+)\s+loss:\s*(?P<loss>\S+)
// A line the pattern matches is a step record; other lines are skipped and counted. Terminal
// colour codes (ESC [ ... m, as torchtitan prints them) are removed before matching.
#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/read/step_table.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <re2/re2.h>

#include "format_list.hpp"
#include "line_feed.hpp"
#include "number_text.hpp"
#include "trace_lines.hpp"

namespace tracediff {

namespace {

// Removes ESC [ digits and semicolons ] m sequences.
std::string_view without_colours(std::string_view line, std::string& scratch) {
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

class TextLog {
public:
    TextLog(const std::string& path, const ReadOptions& options);

    void add_block(std::string_view block);
    std::size_t lines_read() const { return m_line; }
    Trace finish();

private:
    void add_line(std::string_view line, bool terminated);
    [[noreturn]] void fail(const std::string& what) const {
        throw Error(fmt::format("{}:{}: {}", m_display, m_line, what));
    }

    std::string m_display;
    RE2 m_pattern;
    StepTable m_table;
    Trace m_trace;
    int m_step_group = 0;
    std::string m_step_name;
    std::vector<int> m_group_of;       // per table column: its group, or 0
    std::vector<std::string> m_groups; // the named groups, for messages
    std::vector<re2::StringPiece> m_match;
    std::vector<double> m_values;
    std::vector<std::int8_t> m_decimals; // how many decimals each value was written with
    std::string m_scratch;
    std::size_t m_line = 0;
    std::size_t m_truncated_line = 0; // a matched last line without a line end
};

// Throws Error when `pattern` is not a valid RE2 pattern with a group named `step_group`.
void check_pattern(const RE2& pattern, const std::string& step_group) {
    if (!pattern.ok()) {
        throw Error(fmt::format("--pattern: not a valid regular expression: {}", pattern.error()));
    }
    const auto& named = pattern.NamedCapturingGroups();
    if (!named.contains(step_group)) {
        std::vector<std::string> groups;
        for (const auto& [name, index] : named) {
            groups.push_back(name);
        }
        throw Error(
            fmt::format("--pattern has no group named '{}' for the step; name it "
                        "(?P<{}>...) (its named groups: {})",
                        step_group, step_group,
                        groups.empty() ? "none" : fmt::format("{}", fmt::join(groups, ", "))));
    }
}

std::string step_group_of(const ReadOptions& options) {
    return options.step_key.empty() ? "step" : options.step_key;
}

TextLog::TextLog(const std::string& path, const ReadOptions& options)
    : m_display(display_path(path)), m_pattern(options.pattern, RE2::Quiet),
      m_table(m_display, options.fields), m_values(m_table.columns().size()),
      m_decimals(m_table.columns().size()) {
    m_trace.path = path;
    if (options.pattern.empty()) {
        throw Error(fmt::format("{}: a text log is read with --pattern REGEX, whose named groups "
                                "are step and the fields",
                                m_display));
    }
    check_pattern(m_pattern, step_group_of(options));
    const auto& named = m_pattern.NamedCapturingGroups();
    for (const auto& [name, index] : named) {
        m_groups.push_back(name);
    }
    m_step_name = step_group_of(options);
    m_step_group = named.at(m_step_name);
    for (const std::string& column : m_table.columns()) {
        const auto it = named.find(column);
        m_group_of.push_back(it == named.end() ? 0 : it->second);
    }
    m_match.resize(static_cast<std::size_t>(m_pattern.NumberOfCapturingGroups()) + 1);
}

void TextLog::add_line(std::string_view line, bool terminated) {
    ++m_line;
    if (line.ends_with('\r')) {
        line.remove_suffix(1);
    }
    line = without_colours(line, m_scratch);
    const re2::StringPiece text(line.data(), line.size());
    if (!m_pattern.Match(text, 0, text.size(), RE2::UNANCHORED, m_match.data(),
                         static_cast<int>(m_match.size())) ||
        m_match[static_cast<std::size_t>(m_step_group)].data() == nullptr) {
        ++m_trace.unmatched_lines;
        return;
    }
    if (!terminated) {
        // The last line without a line end: a run killed while writing it may have cut its
        // last number short (2.3 of 2.3456), so none of its values is used.
        m_truncated_line = m_line;
        return;
    }
    const std::string_view step_text(m_match[static_cast<std::size_t>(m_step_group)].data(),
                                     m_match[static_cast<std::size_t>(m_step_group)].size());
    std::int64_t step = 0;
    if (!parse_step_text(step_text, step)) {
        fail(fmt::format("the group '{}' matched '{}', not a non-negative integer", m_step_name,
                         trace_lines::excerpt(step_text)));
    }
    const auto& columns = m_table.columns();
    for (std::size_t c = 0; c < columns.size(); ++c) {
        m_values[c] = missing_value();
        m_decimals[c] = -1;
        const re2::StringPiece group = m_match[static_cast<std::size_t>(m_group_of[c])];
        if (m_group_of[c] == 0 || group.data() == nullptr) {
            continue; // no such group, or it took no part in the match
        }
        const std::string_view captured(group.data(), group.size());
        if (parse_number(captured, m_values[c]) != NumberText::ok) {
            fail(fmt::format("the group '{}' matched '{}', not a number", columns[c],
                             trace_lines::excerpt(captured)));
        }
        m_decimals[c] = written_decimals(captured);
    }
    m_table.add(step, m_values.data(), m_decimals.data(), m_line);
}

void TextLog::add_block(std::string_view block) {
    std::size_t pos = 0;
    while (pos < block.size()) {
        const std::size_t newline = block.find('\n', pos);
        const std::size_t end = newline == std::string_view::npos ? block.size() : newline;
        add_line(block.substr(pos, end - pos), newline != std::string_view::npos);
        pos = end + 1;
    }
}

Trace TextLog::finish() {
    if (m_truncated_line > 0) {
        m_trace.truncated_last_line = true;
        m_trace.warnings.push_back(
            fmt::format("{}:{}: ignoring truncated final line", m_display, m_truncated_line));
    }
    if (m_table.empty()) {
        throw Error(
            fmt::format("{}: no line matches --pattern ({} lines read)", m_display, m_line));
    }
    m_table.build(m_trace,
                  fmt::format("the pattern's named groups are: {}", fmt::join(m_groups, ", ")));
    return std::move(m_trace);
}

Trace read_text(InputFile& input, const std::string& path, const ReadOptions& options) {
    TextLog log(path, options);
    feed_line_blocks(input, path,
                     {[&](std::string_view block) { log.add_block(block); },
                      [&] {
                          return log.lines_read();
                      }});
    return log.finish();
}

} // namespace

void check_text_pattern(const ReadOptions& options) {
    if (!options.pattern.empty()) {
        check_pattern(RE2(options.pattern, RE2::Quiet), step_group_of(options));
    }
}

const InputFormat k_text_format{
    "text", "text logs, read with --pattern: an RE2 pattern with the named groups step and fields",
    [](std::string_view /*head*/, const ReadOptions& options) { return !options.pattern.empty(); },
    read_text};

} // namespace tracediff
