// The reader's tolerant path: one line of a trace parsed with nlohmann/json by every rule of
// the trace format (limits, bare NaN and Infinity tokens, members named twice, NUL bytes).
// The fast path (fast_line.hpp) hands it every line it does not read completely itself.
#pragma once

#include "tracediff/read/trace.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace tracediff {

// A line that is wrong wherever it stands. Thrown without the file and line, which the caller
// adds.
struct LineError {
    std::string message;
};

struct TolerantRecord {
    Json value;
    bool markers = false; // non-finite tokens were replaced by markers (trace_lines.hpp)
};

// A line that is not JSON: an error, unless it turns out to be the last line of the input
// (a write cut short).
struct UnparsableLine {
    std::string reason;
    std::size_t column = 0; // 1-based
};

// Parses a trimmed, non-blank line. Throws LineError for what is never a cut-short write: a
// line over the limits, a member named twice, a number too large for a double, an ambiguous
// NUL escape.
std::variant<TolerantRecord, UnparsableLine> parse_tolerant_line(std::string_view line);

// The number a value stands for, including the non-finite markers; nothing otherwise.
std::optional<double> number_of(const Json& value, bool markers);

// The value with every marker replaced by the non-finite number it stands for.
Json resolve_markers(Json value);

// A value as it appears in the file, shortened for a message.
std::string describe_value(const Json& value, bool markers);

// The JSON type of a value for a message; "number" for a non-finite marker.
std::string type_of(const Json& value, bool markers);

} // namespace tracediff
