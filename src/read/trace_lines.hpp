// The trace format's rules for a line before it is parsed as JSON, shared by the parser's
// tolerant path and its messages: blanks and the byte order mark, Python's bare NaN and
// Infinity tokens, the shape limits, and excerpts of bad lines that are safe to print.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tracediff::trace_lines {

inline constexpr std::string_view k_bom = "\xEF\xBB\xBF";

// Python's json module writes the bare tokens NaN, Infinity and -Infinity, which JSON does not
// allow. Before parsing, each such token outside a string is replaced by a string that starts
// with a NUL character (a marker); such strings are then read back as the non-finite number.
inline const std::string k_nan_marker("\0NaN", 4);
inline const std::string k_inf_marker("\0Infinity", 9);
inline const std::string k_neg_inf_marker("\0-Infinity", 10);

inline bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

// The line without blanks (space, tab, CR) at either end.
std::string_view trim(std::string_view s);

// The line with non-finite tokens replaced by markers, or nothing when it has none.
std::optional<std::string> replace_nonfinite_tokens(std::string_view line);

// What a line holds outside its strings, counted in one pass before the JSON parser sees it:
// the deepest nesting of arrays and objects, and the members of all its objects (colons).
// nlohmann::ordered_json recurses for each level and looks up each member among the ones
// before it, so both must be bounded.
struct LineShape {
    std::size_t max_depth = 0;
    std::size_t members = 0;
};
LineShape shape_of(std::string_view line);

// The start of a line, safe to print: control and non-ASCII bytes as \xNN. Also maps a
// 1-based byte column to its position in the excerpt (*caret; 0 when cut off).
std::string excerpt(std::string_view line, std::size_t column, std::size_t* caret);
std::string excerpt(std::string_view line);

// nlohmann's messages read "[json.exception.parse_error.101] parse error at line 1, column 9:
// syntax error while parsing value - invalid literal; last read: '...'". Keeps the part that
// says what is wrong; the line itself is shown separately.
std::string parse_error_reason(const std::string& what);

} // namespace tracediff::trace_lines
