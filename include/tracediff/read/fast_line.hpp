// The reader's fast path: one step record read in a single pass over the line's bytes.
//
// The fast path accepts a line only when it has validated the whole line as one flat JSON
// object (plain names; plain strings, numbers, true, false and null) holding a step record and read
// exactly what the tolerant path (nlohmann/json, tolerant_line.cpp) would read from it, or as an
// eval record that the tolerant path would read without a word. Everything else - other record
// kinds, NaN tokens, escapes, non-ASCII bytes, nested values, duplicate members, syntax errors - is
// left to the tolerant path, which produces the values, warnings and errors.
// tests/unit/read/fast_line_test.cpp checks that both paths agree.
#pragma once

#include "tracediff/read/step_table.hpp" // missing_value()

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tracediff {

// Bytes that must be readable after the end of a line given to the fast path: it reads a
// number's bytes sixteen at a time (fast_tokens.hpp).
inline constexpr std::size_t k_line_padding = 64;

class FastLineParser {
public:
    // `fields` are the requested field names (the step table's columns), in order; `step_key`
    // the member that holds the step number.
    explicit FastLineParser(const std::vector<std::string>& fields, std::string step_key = "step");
    ~FastLineParser();
    FastLineParser(const FastLineParser&) = delete;
    FastLineParser& operator=(const FastLineParser&) = delete;

    // False when no line can take the fast path with these fields (for example a field named
    // like the step member, or more fields than the fast path tracks).
    bool usable() const;

    // Reads a trimmed, non-empty line after which k_line_padding bytes are readable. Returns
    // true when the line is a step record the fast path read completely; then `step`, `values`
    // (one per field, missing_value() when absent or null) and `decimals` (how many decimals
    // each value was written with; -1 when absent or null) are set. Returns false when the
    // tolerant path must read the line; `step`, `values` and `decimals` are then unspecified.
    bool parse_step(std::string_view line, std::int64_t& step, double* values,
                    std::int8_t* decimals);

    enum class LineResult {
        step,     // as parse_step returning true
        eval,     // a record of kind "eval" that the tolerant path would read without error or
                  // warning (every member a valid scalar, none named twice); `step`, `values`
                  // and `decimals` are then unspecified
        not_fast, // the tolerant path must read the line
    };

    // As parse_step, telling eval records apart.
    LineResult parse_line(std::string_view line, std::int64_t& step, double* values,
                          std::int8_t* decimals);

    // The line that starts at `begin`, in a block of whole lines that ends at `limit` (followed
    // by k_line_padding readable bytes), read at once when it is a step line shaped exactly as
    // the last step line read (the same bytes but for its numbers), that starts with its '{'
    // and ends right after its '}' with "\n", "\r\n" or the block. Sets what parse_step sets
    // and returns where the next line starts; nullptr when the line must be found and given to
    // parse_line (or the tolerant path) as any other.
    const char* parse_shaped_line(const char* begin, const char* limit, std::int64_t& step,
                                  double* values, std::int8_t* decimals);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace tracediff
