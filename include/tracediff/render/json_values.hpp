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

// step1_step, step1_delta, step2_step, step2_delta, steps_compared, median_delta, max_delta,
// max_delta_step.
void put_pair_stats(Json& obj, const PairStats& stats);

// One statistic under `key`, with its reason when null.
void put_stat(Json& obj, const std::string& key, const PairStats& stats, PairStat stat);

Json trace_summary_json(const TraceSummary& trace);

} // namespace tracediff
