// The line-based text formats (a trainer's standard output: text logs read with --pattern,
// Megatron-LM, torchtitan, nanoGPT and MLPerf logs) as one interface: a parser takes one line
// at a time and adds at most one step record per line, so the same parser reads a whole file
// (read_trace) or a run as it prints (a live check). Lines that are not step records of the
// format are skipped and counted (Trace::unmatched_lines).
#pragma once

#include "tracediff/read/read_options.hpp"
#include "tracediff/read/step_table.hpp"
#include "tracediff/read/trace.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tracediff {

class LineRecordParser {
public:
    // `format` is the format's --from name, for messages.
    LineRecordParser(std::string_view format, const std::string& path, const ReadOptions& options);
    virtual ~LineRecordParser() = default;
    LineRecordParser(const LineRecordParser&) = delete;
    LineRecordParser& operator=(const LineRecordParser&) = delete;

    // One physical line, without its '\n' (a trailing '\r' is removed, and so are terminal
    // colour codes, ESC [ ... m). Lines are numbered from 1 in the order given. `terminated`
    // is false for a last line without a line end: a run killed while writing it may have cut
    // its last number short, so a step record there is not used (finish() warns). Throws
    // Error "PATH:LINE: ..." for a line of the format that is malformed.
    void add_line(std::string_view line, bool terminated = true);

    std::size_t lines_read() const { return m_line; }
    std::size_t step_records() const { return m_table.size(); }
    // The step of the last step record; nothing before the first.
    std::optional<std::int64_t> last_step() const {
        return m_table.empty() ? std::nullopt : std::optional<std::int64_t>(m_table.last_step());
    }

    // The step records so far, for a live check's questions about each.
    const StepTable& table() const { return m_table; }
    // The trace of the first `records` step records, by the rules of finish(), without ending
    // the input: for live checks. Nothing while none of them has every required field.
    std::optional<Trace> snapshot(std::size_t records) const;

    // Ends the input and returns the trace. Throws Error when no line was a step record or a
    // required field is in no record.
    Trace finish();

protected:
    // Reads one line (without line end and colour codes). A step record: set the values with
    // offer()/set_column() and return its step. Anything else: return nothing.
    virtual std::optional<std::int64_t> parse(std::string_view line) = 0;
    // "PATH: no line is a megatron-log record (12 lines read)".
    virtual std::string no_records_message() const;
    // What the records have, for the message about a required field in no record.
    virtual std::string available() const;

    // A value of the record being read, by its name as the format names it; ignored unless
    // it is a column of the table. `text` is the number as written (decimal or scientific
    // notation, nan, inf); anything else is an error "PATH:LINE: 'NAME' is 'TEXT', not a
    // number".
    void offer(std::string_view name, std::string_view text);
    // The same, for a value that is no longer text (a JSON number).
    void offer_value(std::string_view name, double value, std::int8_t decimals);
    // Sets column `column` from `text`; false when `text` is not a number.
    bool set_column(std::size_t column, std::string_view text);

    [[noreturn]] void fail(const std::string& what) const;
    const std::string& display() const { return m_display; }
    std::size_t line_number() const { return m_line; }
    const std::vector<std::string>& columns() const { return m_table.columns(); }
    // Names of the first step record's values, in order (for available()).
    const std::vector<std::string>& first_record_names() const { return m_first_names; }
    std::size_t first_record_line() const { return m_table.first_line(); }
    Trace& trace() { return m_trace; }

private:
    void start_record();
    void note_name(std::string_view name);

    std::string m_display;
    std::string m_format;
    StepTable m_table;
    Trace m_trace;
    std::unordered_map<std::string, std::size_t> m_column_of;
    std::vector<double> m_values;
    std::vector<std::int8_t> m_decimals;
    std::vector<std::string> m_first_names;
    std::string m_scratch;
    std::size_t m_line = 0;
    std::size_t m_truncated_line = 0; // a step record on a last line without a line end
};

// The parser of a line-based format (by its --from name: "text", "megatron-log",
// "torchtitan-log", "nanogpt-log", "mllog"), or null for a format that is not line-based.
// Throws Error as reading would for options the format refuses (a text log without a pattern).
std::unique_ptr<LineRecordParser> make_line_record_parser(std::string_view format,
                                                          const std::string& path,
                                                          const ReadOptions& options);

} // namespace tracediff
