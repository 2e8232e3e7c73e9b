// Text logs (a trainer's standard output) as an input format, read with --pattern: an RE2
// regular expression whose named groups are `step` and the fields, e.g.
//   step:\s*(?P<step>\d+)\s+loss:\s*(?P<loss>\S+)
// A line the pattern matches is a step record; other lines are skipped and counted. Terminal
// colour codes (ESC [ ... m, as torchtitan prints them) are removed before matching.
#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/read/line_record_parser.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <re2/re2.h>

#include "format_list.hpp"
#include "number_text.hpp"
#include "trace_lines.hpp"

namespace tracediff {

namespace {

class TextLog final : public LineRecordParser {
public:
    TextLog(const std::string& path, const ReadOptions& options);

private:
    std::optional<std::int64_t> parse(std::string_view line) override;
    std::string no_records_message() const override {
        return fmt::format("{}: no line matches --pattern ({} lines read)", display(),
                           line_number());
    }
    std::string available() const override {
        return fmt::format("the pattern's named groups are: {}", fmt::join(m_groups, ", "));
    }

    RE2 m_pattern;
    int m_step_group = 0;
    std::string m_step_name;
    std::vector<int> m_group_of;       // per table column: its group, or 0
    std::vector<std::string> m_groups; // the named groups, for messages
    std::vector<re2::StringPiece> m_match;
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
    : LineRecordParser("text", path, options), m_pattern(options.pattern, RE2::Quiet) {
    if (options.pattern.empty()) {
        throw Error(fmt::format("{}: a text log is read with --pattern REGEX, whose named groups "
                                "are step and the fields",
                                display()));
    }
    check_pattern(m_pattern, step_group_of(options));
    const auto& named = m_pattern.NamedCapturingGroups();
    for (const auto& [name, index] : named) {
        m_groups.push_back(name);
    }
    m_step_name = step_group_of(options);
    m_step_group = named.at(m_step_name);
    for (const std::string& column : columns()) {
        const auto it = named.find(column);
        m_group_of.push_back(it == named.end() ? 0 : it->second);
    }
    m_match.resize(static_cast<std::size_t>(m_pattern.NumberOfCapturingGroups()) + 1);
}

std::optional<std::int64_t> TextLog::parse(std::string_view line) {
    const re2::StringPiece text(line.data(), line.size());
    if (!m_pattern.Match(text, 0, text.size(), RE2::UNANCHORED, m_match.data(),
                         static_cast<int>(m_match.size())) ||
        m_match[static_cast<std::size_t>(m_step_group)].data() == nullptr) {
        return std::nullopt;
    }
    const std::string_view step_text(m_match[static_cast<std::size_t>(m_step_group)].data(),
                                     m_match[static_cast<std::size_t>(m_step_group)].size());
    std::int64_t step = 0;
    if (!parse_step_text(step_text, step)) {
        fail(fmt::format("the group '{}' matched '{}', not a non-negative integer", m_step_name,
                         trace_lines::excerpt(step_text)));
    }
    for (std::size_t c = 0; c < columns().size(); ++c) {
        const re2::StringPiece group = m_match[static_cast<std::size_t>(m_group_of[c])];
        if (m_group_of[c] == 0 || group.data() == nullptr) {
            continue; // no such group, or it took no part in the match
        }
        const std::string_view captured(group.data(), group.size());
        if (!set_column(c, captured)) {
            fail(fmt::format("the group '{}' matched '{}', not a number", columns()[c],
                             trace_lines::excerpt(captured)));
        }
    }
    return step;
}

Trace read_text(InputFile& input, const std::string& path, const ReadOptions& options) {
    TextLog log(path, options);
    return read_line_records(input, path, log);
}

} // namespace

std::unique_ptr<LineRecordParser> make_text_parser(const std::string& path,
                                                   const ReadOptions& options) {
    return std::make_unique<TextLog>(path, options);
}

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
