// The trace format (traces/TRACE_FORMAT.md): JSON Lines with a header record and one record
// per step. TraceParser builds a Trace from the lines given to it one at a time, so the same
// rules apply whatever the source; read_trace.hpp feeds it from files.
//
// Plain step records go through the fast path (fast_line.hpp), which accepts a line
// only when it has validated all of it; every other line goes to the tolerant nlohmann/json
// path, which applies every reading rule. Both give the same trace.
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
#include <vector>

namespace tracediff {

class FastLineParser;
class LinePreparse;
struct TolerantRecord;

// Throws Error, with a message naming the file and line, on anything that is not a trace.
class TraceParser {
public:
    TraceParser(std::string path, ReadOptions options);
    ~TraceParser();
    TraceParser(const TraceParser&) = delete;
    TraceParser& operator=(const TraceParser&) = delete;

    // One physical line, without its '\n' (a trailing '\r' is allowed).
    void add_line(std::string_view line);

    // The same, for a line after which at least k_line_padding (fast_line.hpp) bytes are
    // readable, so the fast path can parse it where it lies.
    void add_padded_line(std::string_view line);

    // Whole lines at once: every line of `block` ends with '\n', except a last line at the end
    // of the input, and k_line_padding bytes after the block are readable. The same as
    // add_line for each line, but without copying the lines (and on two threads where the
    // options allow).
    void add_padded_lines(std::string_view block);

    // A hint: about how many step records are coming.
    void reserve(std::size_t records) { m_table.reserve(records); }

    // Lines given so far, blank ones included.
    std::size_t lines_read() const { return m_line_no; }

    // Step records read so far.
    std::size_t step_records() const { return m_table.size(); }

    // Step records read by the fast path so far (for tests and benchmarks).
    std::size_t fast_records() const { return m_fast_records; }

    // The step of the last step record given; nothing before the first.
    std::optional<std::int64_t> last_step() const {
        return m_table.empty() ? std::nullopt : std::optional<std::int64_t>(m_table.last_step());
    }

    // The step records so far, for a live check's questions about each.
    const StepTable& table() const { return m_table; }
    // The trace of the first `records` step records given, by the same rules as finish(),
    // without ending the input (a line that failed to parse is left out): for live checks,
    // which decide record by record. Its counts of other lines (ignored kinds, the last eval
    // record, warnings) are those of every line given so far; no criterion reads them.
    // Nothing while none of the records has every required field.
    std::optional<Trace> snapshot(std::size_t records) const;

    // Ends the input: resolves order and duplicates and returns the trace.
    Trace finish();

private:
    void start_fast_path();
    void add_block_lines(std::string_view block);
    void add_trimmed_line(std::string_view line, bool padded, std::size_t preparsed = k_none);
    bool take_preparsed(std::size_t index);
    bool try_fast(std::string_view line, bool padded);
    enum class FastRead { step, eval, not_fast };
    FastRead read_fast(std::string_view line, bool padded, std::int64_t& step);
    // Adds the step record the fast path has just read (m_record_values and m_record_decimals)
    // from line m_line_no.
    void add_fast_step(std::int64_t step);
    void add_tolerant(std::string_view line);
    void handle_record(const TolerantRecord& record, std::string_view text);
    void handle_header(const Json& record);
    void handle_step(const Json& record, bool markers);
    [[noreturn]] void fail(const std::string& message) const;
    [[noreturn]] void fail_malformed(std::size_t line_no, std::string_view text,
                                     const std::string& reason, std::size_t column) const;

    std::string m_display; // the path as shown in messages
    ReadOptions m_options;
    std::size_t m_line_no = 0;
    std::size_t m_records = 0; // non-blank lines that parsed
    Trace m_trace;
    StepTable m_table;
    std::string m_step_key; // empty until the first step record names it
    std::vector<std::string> m_first_step_keys;
    std::vector<double> m_record_values;        // one per field, for the record being read
    std::vector<std::int8_t> m_record_decimals; // the decimals each value was written with

    // A line that failed to parse. It is only an error if another record follows it.
    struct Pending {
        std::size_t line_no = 0;
        std::string text;
        std::string reason;
        std::size_t column = 0;
    };
    std::optional<Pending> m_pending;

    static constexpr std::size_t k_none = static_cast<std::size_t>(-1);

    std::unique_ptr<FastLineParser> m_fast;   // null when the fast path is off
    std::unique_ptr<LinePreparse> m_preparse; // the second thread (ReadOptions::threads)
    std::string m_scratch;                    // a padded copy of a line given to add_line
    // The last eval record when the fast path read it: parsed for Trace::last_eval only when
    // a trace is made (the tolerant path reads it without a word, the fast path has checked).
    std::string m_last_eval_line;
    std::size_t m_fast_records = 0;
};

} // namespace tracediff
