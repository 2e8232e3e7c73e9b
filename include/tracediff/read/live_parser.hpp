// A trace read line by line while it is written (a live check's input): JSON Lines through
// the trace format's parser, or a trainer's standard output through the parser of its line
// format (line_record_parser.hpp: text with --pattern, megatron-log, torchtitan-log,
// nanogpt-log, mllog). The format is --from's, or that of the first line that is recognisably
// a record of one of them: the lines a trainer prints before (a banner, its arguments) wait
// until then, so that the parser numbers and counts them.
#pragma once

#include "tracediff/read/read_options.hpp"
#include "tracediff/read/trace.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tracediff {

class TraceParser;
class LineRecordParser;

class LiveParser {
public:
    LiveParser(std::string path, ReadOptions options);
    ~LiveParser();
    LiveParser(const LiveParser&) = delete;
    LiveParser& operator=(const LiveParser&) = delete;

    // One line without its '\n'; `terminated` is false for a last line without a line end.
    // Throws Error "PATH:LINE: ..." for a line that is not part of a trace, or a format that is
    // read whole only (CSV, a JSON document, ...).
    void add_line(std::string_view line, bool terminated = true);

    std::size_t step_records() const;
    // The step of the last step record; nothing before the first.
    std::optional<std::int64_t> last_step() const;
    // Whether the last step record has every requested field: it completes its step.
    bool last_record_complete() const;
    // The value of requested field `field` (an index into the options' fields) in the last
    // step record, with its decimals (StepTable::last_value).
    std::optional<std::pair<double, int>> last_value(std::size_t field) const;
    // The trace so far (TraceParser::snapshot); nothing before the format is known.
    std::optional<Trace> snapshot() const;
    // Ends the input. Throws Error when it holds no trace.
    Trace finish();

    // The format's --from name; empty until it is known.
    const std::string& format() const { return m_format; }

private:
    void choose(std::string_view line);
    void start(const std::string& format);

    std::string m_path;
    ReadOptions m_options;
    std::string m_format;
    std::unique_ptr<TraceParser> m_trace;
    std::unique_ptr<LineRecordParser> m_lines;
    std::vector<std::string> m_waiting; // lines before the format is known
    bool m_first_line_seen = false;     // the first non-blank line, recognised by any format
    std::size_t m_waiting_bytes = 0;
};

} // namespace tracediff
