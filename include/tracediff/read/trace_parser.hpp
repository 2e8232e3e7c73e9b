// Stage 1 of the pipeline: turn trace text into a Trace.
//
// The reading rules (what is accepted, what is a warning, what is an error) are listed in
// traces/TRACE_FORMAT.md and in the README; every one of them is tested in tests/reader_test.cpp.
#pragma once

#include "tracediff/read/trace.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tracediff {

// Limits that keep hostile input from exhausting memory, time or the stack. A line longer than
// k_max_line_bytes, a record nested deeper than k_max_nesting arrays and objects, or one with
// more than k_max_members members is an error wherever it stands.
inline constexpr std::size_t k_max_line_bytes = std::size_t{64} << 20;
inline constexpr std::size_t k_max_nesting = 256;
// Object members in one line, in all objects together (parsing time grows with their square).
inline constexpr std::size_t k_max_members = 10000;

struct FieldRequest {
    std::string name;
    // A required field must be present in at least one step record, or reading fails.
    bool required = true;
};

struct ReadOptions {
    std::vector<FieldRequest> fields{{"loss", true}};
    // Read plain step records with simdjson (fast_line.hpp) and everything else with
    // nlohmann/json. Both give the same trace; false reads every line with nlohmann/json.
    bool fast_path = true;
};

class FastLineParser;

// Builds a Trace from lines given one at a time, so the same rules apply whatever the source.
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
    // add_line for each line, but parsed in one simdjson pass where possible.
    void add_padded_lines(std::string_view block);

    // A hint: about how many step records are coming.
    void reserve(std::size_t records);

    // Lines given so far, blank ones included.
    std::size_t lines_read() const { return m_line_no; }

    // Step records read so far.
    std::size_t step_records() const { return m_steps.size(); }

    // Step records read by the fast path so far (for tests and benchmarks).
    std::size_t fast_records() const { return m_fast_records; }

    // Ends the input: resolves order and duplicates and returns the trace.
    Trace finish();

private:
    void add_trimmed_line(std::string_view line, bool padded);
    bool try_fast(std::string_view line, bool padded);
    void handle_record(const Json& record, std::string_view text);
    void handle_step(const Json& record);
    void note_step_line(); // call after appending a step record
    std::size_t line_of(std::size_t record) const;
    [[noreturn]] void fail(const std::string& message) const;
    [[noreturn]] void fail_malformed(std::size_t line_no, std::string_view text,
                                     const std::string& reason, std::size_t column) const;

    std::string m_path;    // as given
    std::string m_display; // as shown in messages
    ReadOptions m_options;
    std::size_t m_line_no = 0;
    std::size_t m_records = 0; // non-blank lines that parsed
    bool m_markers = false;    // the current line had non-finite tokens replaced by markers
    Trace m_trace;

    // A line that failed to parse. It is only an error if another record follows it.
    struct Pending {
        std::size_t line_no = 0;
        std::string text;
        std::string reason;
        std::size_t column = 0;
    };
    std::optional<Pending> m_pending;

    // Step records in file order, column by column: 8 bytes per record and requested field.
    std::vector<std::int64_t> m_steps;
    std::vector<std::vector<double>> m_values; // [field][record]; missing_value() if absent

    // Line numbers of the step records, kept sparse: record r is on line
    // mark.line + (r - mark.record) for the last mark with mark.record <= r. A mark is added
    // only where other lines (blank, header, other kinds) come between two step records.
    struct LineMark {
        std::size_t record = 0;
        std::size_t line = 0;
    };
    std::vector<LineMark> m_line_marks;
    std::size_t m_last_step_line = 0;

    std::vector<std::string> m_first_step_keys;

    std::unique_ptr<FastLineParser> m_fast; // null when the fast path is off
    std::vector<double> m_fast_values;      // one per field, filled by the fast path
    std::string m_scratch;                  // a padded copy of a line given to add_line
    std::size_t m_fast_records = 0;
    bool m_in_block = false;          // add_padded_lines is feeding lines of a block
    std::size_t m_block_line_end = 0; // where the current line of the block ends
};

// Reads a whole trace held in memory; `path` is only used in messages.
Trace parse_trace(std::string_view text, const std::string& path, const ReadOptions& options = {});

// Reads the trace at `path`; "-" reads standard input.
Trace read_trace(const std::string& path, const ReadOptions& options = {});

// How a path is named in messages: "<stdin>" for "-", otherwise the path itself.
std::string display_path(const std::string& path);

} // namespace tracediff
