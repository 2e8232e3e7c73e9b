// One compared pair of traces: its statistics and which steps it covers.
#pragma once

#include "tracediff/compare/align.hpp"
#include "tracediff/compare/stats.hpp"
#include "tracediff/compare/step_range.hpp"
#include "tracediff/read/trace.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tracediff {

// The statistics of the table: a column of the pair table, or the cell of a matrix. The first
// four are the table's columns unless --stats says otherwise; bias is the mean of B - A.
enum class PairStat { step1, step2, median, max, bias };

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

// The statistics of `scope` (all, or only step1 and step2) and the coverage of a pair.
PairRow compare_pair(const Trace& a, const Trace& b, std::size_t index_a, std::size_t index_b,
                     const std::string& field, StatScope scope = StatScope::all);
PairRow compare_pair(const AlignedPair& aligned, std::size_t index_a, std::size_t index_b,
                     StatScope scope = StatScope::all);

// A trace's series of one field, looked at once for comparing it with many others (a table of
// N traces has N(N-1)/2 pairs).
struct PreparedSeries {
    const Series* series = nullptr;
    // The first trace with the same steps: two traces of one group are compared where their
    // columns lie, without comparing their steps again.
    std::size_t step_group = 0;
    // The series' decimals, with k_in_full for each value written in full (written_in_full):
    // the delta with any other value is then the difference of the doubles, and a pair finds
    // that in one comparison. Empty when every value is written in full or none is decimal text.
    std::vector<std::int8_t> decimals;
};

std::vector<PreparedSeries> prepare_series(const std::vector<Trace>& traces,
                                           const std::string& field);

// compare_pair for two prepared series.
PairRow compare_pair(const PreparedSeries& a, const PreparedSeries& b, std::size_t index_a,
                     std::size_t index_b, StatScope scope);

// The value of one statistic of a pair; nothing when it is missing (no such step, no common
// steps, no step with two finite values for the bias). The bias is signed: B - A.
std::optional<double> stat_value(const PairStats& stats, PairStat stat);

// The ratio of a row's statistic to the baseline's; nothing when either is missing, not
// finite, or the baseline's is zero.
std::optional<double> noise_ratio(const PairStats& row, const PairStats& baseline, PairStat stat);

// True when `row` compares the same two traces as `other`, in either order.
bool same_pair(const PairRow& row, const PairRow& other);

} // namespace tracediff
