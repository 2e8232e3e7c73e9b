// What a reader is asked for, and the limits that apply to every input.
#pragma once

#include <cstddef>
#include <string>
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
    // The input format by name (read/format.hpp); empty: recognised from the content.
    std::string format{};
};

} // namespace tracediff
