// The reader's fast path: one step record read with simdjson's on-demand API.
//
// The fast path accepts a line only when it has validated the whole line as one JSON object
// holding a step record and read exactly what the tolerant path (nlohmann/json, tolerant_line.cpp)
// would read from it, or as an eval record that the tolerant path would read without a word.
// Everything else - other record kinds, NaN tokens, escapes, non-ASCII bytes, nested values,
// duplicate members, syntax errors - is left to the tolerant path, which produces the values,
// warnings and errors. tests/unit/read/fast_line_test.cpp checks that both paths agree.
#pragma once

#include "tracediff/read/step_table.hpp" // missing_value()

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tracediff {

// Bytes that must be readable after the end of a line given to the fast path. Equal to
// SIMDJSON_PADDING (checked in fast_line.cpp).
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

    // Block mode, which parses many lines in one simdjson pass. `block` holds whole lines and
    // is followed by k_line_padding readable bytes; it must stay valid until the next call.
    // Returns false when block mode cannot be used for it.
    bool begin_block(std::string_view block);

    enum class StreamResult {
        step,     // the line is a step record, read completely: as parse_step returning true
        eval,     // the line is an eval record: as parse_line returning LineResult::eval
        not_fast, // give the line to the tolerant path (or parse_step); block mode goes on
        stopped,  // block mode has stopped for the rest of the block: use parse_step
    };

    // The next line of the block to read fast: `line` is the trimmed line (a view into the
    // block), `line_end` the offset in the block where the line ends (its '\n', or the end).
    // Lines must come in order; lines in between may be skipped.
    StreamResult stream_step(std::string_view line, std::size_t line_end, std::int64_t& step,
                             double* values, std::int8_t* decimals);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace tracediff
