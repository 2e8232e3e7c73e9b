// What a reader is asked for, and the limits that apply to every input.
#pragma once

#include <array>
#include <cstddef>
#include <map>
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

// The step member when none is named (--step-key): the first of these that the records have,
// in any case ("Step", as a W&B chart export names its step column).
inline constexpr std::array<std::string_view, 5> k_default_step_keys = {"step", "iteration", "iter",
                                                                        "global_step", "_step"};

// The step member among `names` when none is named: for each of k_default_step_keys in order,
// the name that is the key exactly, or else the first that is the key in another case; the
// name as `names` spells it. Empty when none is.
std::string default_step_key(const std::vector<std::string>& names);

struct FieldRequest {
    std::string name;
    // A required field must be present in at least one step record, or reading fails.
    bool required = true;
    // The names the field is read from, in order of preference: the first that any step record
    // has is the field. Empty: the field's own name. (--alias and a manifest's "fields".)
    std::vector<std::string> sources{};

    // `sources`, or the name alone.
    std::vector<std::string> source_names() const;
};

struct ReadOptions {
    std::vector<FieldRequest> fields{{"loss", true}};
    // Read plain step records on the fast path (fast_line.hpp) and everything else with
    // nlohmann/json. Both give the same trace; false reads every line with nlohmann/json.
    bool fast_path = true;
    // The input format by name (read/input_format.hpp); empty: recognised from the content.
    std::string format{};
    // The member (or column, group) holding the step number; empty: the first of
    // k_default_step_keys that the records have.
    std::string step_key{};
    // Text logs: an RE2 pattern whose named groups are `step` and the fields.
    std::string pattern{};
    // The run to read out of a file of several (FILE#RUN, io/trace_path.hpp): a W&B chart
    // export's columns "RUN - NAME" read as NAME. Empty: the file is one run.
    std::string run{};
    // JSON Lines: 2 reads each block of lines on two threads (the Python module's read); the
    // trace is the same. The command line reads several traces at once, each on one thread.
    unsigned threads = 1;
};

// Names the fields differently in one trace. `aliases` (--alias FIELD=NAME) read NAME as FIELD
// when a trace has no FIELD; `direct` (a manifest trace's "fields") reads FIELD from NAME only.
void apply_field_names(ReadOptions& options, const std::map<std::string, std::string>& aliases,
                       const std::map<std::string, std::string>& direct);

} // namespace tracediff
