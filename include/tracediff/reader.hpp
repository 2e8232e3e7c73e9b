// Stage 1 of the pipeline: turn trace text into a Trace.
//
// The reading rules (what is accepted, what is a warning, what is an error) are listed in
// traces/TRACE_FORMAT.md and in the README; every one of them is tested in tests/reader_test.cpp.
#pragma once

#include "tracediff/trace.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tracediff {

struct FieldRequest {
    std::string name;
    // A required field must be present in at least one step record, or reading fails.
    bool required = true;
};

struct ReadOptions {
    std::vector<FieldRequest> fields{{"loss", true}};
};

// Builds a Trace from lines given one at a time, so the same rules apply whatever the source.
// Throws Error, with a message naming the file and line, on anything that is not a trace.
class TraceParser {
public:
    TraceParser(std::string path, ReadOptions options);

    // One physical line, without its '\n' (a trailing '\r' is allowed).
    void add_line(std::string_view line);

    // Ends the input: resolves order and duplicates and returns the trace.
    Trace finish();

private:
    void handle_record(const Json& record, std::string_view text);
    void handle_step(const Json& record);
    [[noreturn]] void fail(const std::string& message) const;
    [[noreturn]] void fail_malformed(std::size_t line_no, std::string_view text,
                                     const std::string& reason, std::size_t column) const;

    std::string m_path;    // as given
    std::string m_display; // as shown in messages
    ReadOptions m_options;
    std::size_t m_line_no = 0;
    std::size_t m_records = 0; // non-blank lines that parsed
    Trace m_trace;

    // A line that failed to parse. It is only an error if another record follows it.
    struct Pending {
        std::size_t line_no = 0;
        std::string text;
        std::string reason;
        std::size_t column = 0;
    };
    std::optional<Pending> m_pending;

    // Step records in file order, column by column.
    std::vector<std::int64_t> m_steps;
    std::vector<std::size_t> m_lines;
    std::vector<std::vector<double>> m_values;        // [field][record]
    std::vector<std::vector<std::uint8_t>> m_present; // [field][record]
    std::vector<std::string> m_first_step_keys;
};

// Reads a whole trace held in memory; `path` is only used in messages.
Trace parse_trace(std::string_view text, const std::string& path, const ReadOptions& options = {});

// Reads the trace at `path`; "-" reads standard input.
Trace read_trace(const std::string& path, const ReadOptions& options = {});

// How a path is named in messages: "<stdin>" for "-", otherwise the path itself.
std::string display_path(const std::string& path);

} // namespace tracediff
