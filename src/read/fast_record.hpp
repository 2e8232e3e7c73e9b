// The fast path's reading of one JSON object as a record (fast_line.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <simdjson.h>
#include <string>
#include <vector>

#include "fast_keys.hpp"

namespace tracediff {

namespace od = simdjson::ondemand;

// What the fast path made of a record.
enum class FastRecord {
    step,     // a step record, read completely
    eval,     // a record of kind "eval" whose members are all valid scalars
    not_fast, // the tolerant path must read it: another kind, a member named twice, ...
};

// Reads the records of one file, one after another, validating every member: the step
// (member `step_key`), and for each requested field its number (missing_value() when absent
// or null) and the decimals it was written with (-1 when absent or null). Keeps the names the
// records use between records (fast_keys.hpp).
class StepObjectReader {
public:
    StepObjectReader(const std::vector<std::string>& fields, const std::string& step_key);

    FastRecord read(od::object& object, std::int64_t& step, double* values, std::int8_t* decimals);

private:
    // The ids of the names in the key table: "kind", the step member, the fields, then the
    // other names the records use.
    static constexpr std::size_t k_kind = 0;
    static constexpr std::size_t k_step = 1;
    static constexpr std::size_t k_first_field = 2;

    bool read_members(od::object& object);
    std::size_t learn_key(const char* raw, std::size_t position);
    // Notes the name `id` as seen in this record; false when it was seen before.
    bool first_time(std::size_t id) {
        const std::uint64_t bit = std::uint64_t{1} << (id % 64);
        std::uint64_t& word = m_seen[id / 64];
        const bool first = (word & bit) == 0;
        word |= bit;
        return first;
    }
    bool seen(std::size_t id) const { return (m_seen[id / 64] >> (id % 64) & 1) != 0; }
    bool read_member(std::size_t id, od::value& v);
    bool read_kind(od::value& v);
    bool read_step(od::value& v);

    std::size_t m_fields;
    KeyTable m_keys;
    std::vector<std::uint8_t> m_order; // the ids of the last record's members, in order

    // The record being read.
    std::array<std::uint64_t, KeyTable::k_max_names / 64> m_seen{};
    bool m_eval = false;
    std::int64_t* m_step = nullptr;
    double* m_values = nullptr;
    std::int8_t* m_decimals = nullptr;
};

} // namespace tracediff
