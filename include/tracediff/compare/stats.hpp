// Stage 3 of the pipeline: the statistics of one aligned pair.
//
// Definitions (also in docs/statistics.md):
//   delta at a step   |a - b| of the values as written: for values written as decimal text,
//                     the exact difference of the decimals (to the nearest double), so that
//                     10.37919 - 10.37915 is 4e-05; otherwise the difference of the doubles;
//                     +inf when two finite values are further apart than the largest double
//                     (1e308 and -1e308): the true delta rounded, above every limit, not
//                     non-finite
//   step 1 delta      the delta at the smallest step present in either trace
//   step 2 delta      the delta at the next step present in either trace
//   median delta      over all compared steps; the mean of the two middle values for an even
//                     count; non-finite deltas sort above every finite one (+inf below NaN)
//   max delta         the largest delta and the first step where it occurs; if any delta is
//                     non-finite (a NaN or infinite value), the first non-finite delta and
//                     its step
//   bias              the mean of the signed differences B - A over the compared steps where
//                     both values are finite, how many steps B is above, below and equal to
//                     A, and the two-sided sign test's p-value (exact binomial over the steps
//                     that differ) against the hypothesis that neither run is offset
//   mean delta        the sum of the deltas in step order, divided by their count (when the
//                     sum overflows: the mean of the half deltas, doubled)
#pragma once

#include "tracediff/compare/align.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace tracediff {

inline double step_delta(double a, double b) {
    const double d = a - b;
    return d < 0 ? -d : d;
}

// The delta at one chosen step, which one or both traces may lack.
struct StepDelta {
    std::int64_t step = 0;
    bool in_a = false;
    bool in_b = false;
    double a = 0.0;     // meaningful when in_a
    double b = 0.0;     // meaningful when in_b
    double delta = 0.0; // meaningful when available()

    bool available() const { return in_a && in_b; }
};

// Whether one run is systematically above the other: over the compared steps where both values
// are finite, the signed differences B - A.
struct Bias {
    double mean = 0.0;        // of B - A; meaningful when steps() > 0
    std::size_t b_higher = 0; // steps where B > A
    std::size_t a_higher = 0; // steps where A > B
    std::size_t equal = 0;
    // The two-sided sign test: the probability, were B above or below A at each differing step
    // with even odds, of a split at least this uneven. 1 when no step differs.
    double p_value = 1.0;

    std::size_t steps() const { return b_higher + a_higher + equal; }
};

// The two-sided sign test's p-value for `higher` and `lower` of n = higher + lower steps that
// differ: 2 P(X <= min(higher, lower)), X ~ Binomial(n, 1/2), at most 1.
double sign_test_p_value(std::size_t higher, std::size_t lower);

struct PairStats {
    std::size_t compared = 0; // steps present in both traces

    std::optional<StepDelta> step1; // empty when neither trace has any step
    std::optional<StepDelta> step2; // empty when the traces have one step between them

    // Whether the statistics over the compared steps below were computed: false for
    // StatScope::first_steps, whose callers read step1, step2 and compared only.
    bool per_step = true;

    // Meaningful only when compared > 0.
    double median = 0.0;
    double mean = 0.0;
    double max = 0.0;
    std::int64_t max_step = 0;

    Bias bias;

    std::size_t zero_deltas = 0;      // steps whose values are exactly equal
    std::size_t nonfinite_deltas = 0; // steps where either value is NaN or infinite
    std::int64_t first_nonfinite_step = 0;
};

// What a caller needs of the statistics: all of them, or only the step 1 and step 2 deltas
// (a matrix of step1 or step2), which need no pass over the compared steps.
enum class StatScope { all, first_steps };

PairStats compute_stats(const AlignedPair& pair, StatScope scope = StatScope::all);

// The same for two series with the same steps (same_step_columns): every step is compared,
// step 1 and step 2 are the first two, and nothing is copied.
PairStats compute_stats(const PairColumns& columns, StatScope scope = StatScope::all);

// What one pass over a pair's compared steps, in step order, gathers.
struct StepPass {
    double sum = 0.0;        // of the deltas, in step order
    double signed_sum = 0.0; // of B - A where both values are finite: the bias
    std::size_t b_higher = 0;
    std::size_t a_higher = 0;
    bool finite_deltas = true;
    double max = -1.0; // below every delta: the first finite step sets it
    std::size_t max_index = 0;
    std::size_t nonfinite = 0;
    std::size_t first_nonfinite_index = 0;
};

// The statistics of a pair whose compared steps only grow at the end (a live check's, as its
// steps become final): each compared step is looked at once, when it is added, in step order as
// compute_stats looks at them, so that stats() is what compute_stats gives for the same pair,
// bit for bit, without a pass over the steps looked at before.
class RunningStats {
public:
    // Looks at the compared steps of `pair` added since the last call.
    void extend(const AlignedPair& pair);
    // compute_stats(pair) for the pair last extended with. The median only when `median` (else
    // 0): it alone takes every delta again.
    PairStats stats(const AlignedPair& pair, bool median) const;
    // What the pass over the steps looked at has gathered.
    const StepPass& pass() const { return m_pass; }

private:
    StepPass m_pass;
    std::vector<double> m_deltas; // of the compared steps looked at
};

// The delta at one step number, which one or both traces may lack.
StepDelta delta_at(const AlignedPair& pair, std::int64_t step);

// The median of `deltas` by the rule above; reorders them. NaN for an empty input.
double median_of(std::vector<double>& deltas);

} // namespace tracediff
