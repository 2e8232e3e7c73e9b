// Pieces shared by the JSON writers. A value that is missing or non-finite is written as null,
// with a sibling key "<key>_reason" saying why ("missing in a", "NaN", "inf", ...).
#pragma once

#include "tracediff/read/trace.hpp"
#include "tracediff/render/report_model.hpp"

#include <optional>
#include <string>

namespace tracediff {

// obj[key] = value, or null plus obj[key + "_reason"].
void put_number(Json& obj, const std::string& key, std::optional<double> value,
                const std::string& reason_when_missing);

// {"mean", "b_higher", "a_higher", "equal", "p_value"}; mean null with no step to average.
Json bias_json(const PairStats& stats);

// step1_step, step1_delta, step2_step, step2_delta, steps_compared, median_delta, max_delta,
// max_delta_step.
void put_pair_stats(Json& obj, const PairStats& stats);

// One statistic under `key`, with its reason when null.
void put_stat(Json& obj, const std::string& key, const PairStats& stats, PairStat stat);

Json trace_summary_json(const TraceSummary& trace);

// The JSON text of a report, indented by 2, with a line end: its strings and member names made
// valid UTF-8 first (printable.hpp: \xNN for a byte of a cp1252 column name or a Latin-1 file
// name), which nlohmann/json's dump needs (it throws on other bytes).
std::string dump_json(const Json& value);

} // namespace tracediff
