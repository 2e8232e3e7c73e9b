// What the report writers print: plain data, computed from traces, with no formatting yet.
#pragma once

#include "tracediff/compare/drift.hpp"
#include "tracediff/compare/header_check.hpp"
#include "tracediff/read/trace_parser.hpp"
#include "tracediff/compare/stats.hpp"
#include "tracediff/read/trace.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tracediff {

// The statistic shown in a matrix.
enum class MatrixStat { step1, step2, median, max };

struct StepRange {
    std::int64_t first = 0;
    std::int64_t last = 0;
};

// Consecutive runs of a sorted list of steps: {1,2,3,7,9,10} -> 1-3, 7, 9-10.
std::vector<StepRange> to_ranges(const std::vector<std::int64_t>& sorted_steps);

struct TraceSummary {
    std::string label;
    std::string path;
    std::string phase;        // from the header; "" when absent
    std::string netspec_name; // from the header; "" when absent
    bool has_header = false;
    std::size_t steps = 0; // steps that have the compared field
    std::optional<std::int64_t> first_step;
    std::optional<std::int64_t> last_step;
    std::size_t records_without_field = 0;
    std::size_t duplicate_records = 0;
    std::map<std::string, std::size_t> ignored_kinds;
};

TraceSummary summarize(const Trace& trace, const std::string& label, const std::string& field);

struct Coverage {
    std::size_t compared = 0;
    std::optional<std::int64_t> first_compared;
    std::optional<std::int64_t> last_compared;
    std::size_t only_a = 0;
    std::size_t only_b = 0;
    std::vector<StepRange> only_a_ranges;
    std::vector<StepRange> only_b_ranges;
};

// One compared pair: traces[a] against traces[b] of the report it belongs to.
struct PairRow {
    std::size_t a = 0;
    std::size_t b = 0;
    std::string note;
    Coverage coverage;
    PairStats stats;
};

PairRow compare_pair(const Trace& a, const Trace& b, std::size_t index_a, std::size_t index_b,
                     const std::string& field);
PairRow compare_pair(const AlignedPair& aligned, std::size_t index_a, std::size_t index_b);

struct TableReport {
    std::string title;
    std::string field;
    std::vector<TraceSummary> traces;
    std::vector<PairRow> rows;
    // The noise floor: the same pipeline run twice. When set, every other row also shows its
    // deltas divided by the baseline's.
    std::optional<PairRow> baseline;
};

// The ratio of a row's statistic to the baseline's; nothing when either is missing, not
// finite, or the baseline's is zero.
std::optional<double> noise_ratio(const PairStats& row, const PairStats& baseline, MatrixStat stat);

// The value of one statistic of a pair; nothing when it is missing (no such step, no common
// steps).
std::optional<double> stat_value(const PairStats& stats, MatrixStat stat);

// True when `row` compares the same two traces as `other`, in either order.
bool same_pair(const PairRow& row, const PairRow& other);

struct DiffReport {
    std::string field;
    std::vector<TraceSummary> traces; // exactly two: A and B
    HeaderVerdict header;
    PairRow pair;
    DriftAnalysis drift;
};

// Everything `tracediff diff` reports on traces a and b. The traces must have been read with
// `field` and, optionally, `epoch` (for the per-epoch comparison).
DiffReport make_diff_report(const Trace& a, const Trace& b, const std::string& label_a,
                            const std::string& label_b, const std::string& field);

// How `tracediff diff` and `report` read traces for `field`: the field, and `epoch` when
// present (for the per-epoch comparison).
ReadOptions diff_read_options(const std::string& field);

} // namespace tracediff
