// The fast path's reading of one line as a record (fast_line.hpp): a single pass over the
// line's bytes that accepts only flat objects of plain names, plain strings, numbers, true,
// false and null, and leaves everything else to the tolerant path.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "fast_keys.hpp"
#include "fast_tokens.hpp"
#include "line_template.hpp"

namespace tracediff {

// What the fast path made of a record.
enum class FastRecord {
    step,     // a step record, read completely
    eval,     // a record of kind "eval" whose members are all valid scalars
    not_fast, // the tolerant path must read it: another kind, a member named twice, ...
};

// A number token: where it lies and what it is (fast_tokens.hpp).
struct NumberToken {
    const char* begin;
    const char* end;
    fast_tokens::NumberShape shape;
};

// Reads the records of one file, one after another, validating every member: the step
// (member `step_key`), and for each requested field its number (missing_value() when absent
// or null) and the decimals it was written with (-1 when absent or null). Keeps the names the
// records use between records (fast_keys.hpp), and the shape of the last step line
// (line_template.hpp): a line of that shape is read by comparing its bytes with it and
// reading its numbers; any other line member by member.
class StepObjectReader {
public:
    StepObjectReader(const std::vector<std::string>& fields, const std::string& step_key);

    // Reads the line [begin, end), after which k_line_padding bytes are readable. The line
    // must be one JSON object and nothing else (white space aside).
    FastRecord read(const char* begin, const char* end, std::int64_t& step, double* values,
                    std::int8_t* decimals);

    // Reads the line that starts at `begin`, within a block of lines that ends at `limit`, when
    // it is a step line of the shape of the last one read member by member, ending in "\n" or
    // "\r\n" (or at `limit`) right after its closing brace. Returns where the next line starts,
    // nullptr when the line must be read as read() reads it.
    const char* read_line_as_template(const char* begin, const char* limit, std::int64_t& step,
                                      double* values, std::int8_t* decimals);

private:
    // The ids of the names in the key table: "kind", the step member, the fields, then the
    // other names the records use.
    static constexpr std::size_t k_kind = 0;
    static constexpr std::size_t k_step = 1;
    static constexpr std::size_t k_first_field = 2;

    FastRecord read_as_template(const char* begin, const char* end);
    const char* match_template(const char* begin, const char* end);
    FastRecord read_member_by_member(const char* begin, const char* end);
    const char* read_members(const char* p, const char* end);
    const char* read_key(const char* raw, const char* end, std::size_t position, std::size_t& id);
    // Notes the name `id` as seen in this record; false when it was seen before.
    bool first_time(std::size_t id) {
        const std::uint64_t bit = std::uint64_t{1} << (id % 64);
        std::uint64_t& word = m_seen[id / 64];
        const bool first = (word & bit) == 0;
        word |= bit;
        return first;
    }
    bool seen(std::size_t id) const { return (m_seen[id / 64] >> (id % 64) & 1) != 0; }
    const char* read_value(std::size_t id, const char* p, const char* end);
    const char* read_number(std::size_t id, const NumberToken& t);
    const char* read_plain_number(std::size_t id, const char* p, const fast_tokens::PlainNumber& n);
    const char* read_kind(const char* p, const char* end);
    const char* read_step(const NumberToken& t);

    std::size_t m_fields;
    KeyTable m_keys;
    std::vector<std::uint8_t> m_order; // the ids of the last record's members, in order
    LineTemplate m_template;           // the shape of the last step line read member by member
    std::vector<std::size_t> m_template_missing; // the fields that shape lacks
    std::size_t m_template_misses = 0; // step lines read member by member since one matched
    std::vector<LineTemplate::Number> m_numbers; // the numbers of the record being read

    // The record being read.
    std::array<std::uint64_t, KeyTable::k_max_names / 64> m_seen{};
    bool m_eval = false;
    std::int64_t* m_step = nullptr;
    double* m_values = nullptr;
    std::int8_t* m_decimals = nullptr;
};

} // namespace tracediff
