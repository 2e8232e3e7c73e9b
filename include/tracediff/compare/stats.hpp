// Stage 3 of the pipeline: the statistics of one aligned pair.
//
// Definitions (also in the README):
//   delta at a step   |a - b| in double precision, from the values as written; +inf when two
//                     finite values are further apart than the largest double (1e308 and
//                     -1e308): the true delta rounded, above every limit, not non-finite
//   step 1 delta      the delta at the smallest step present in either trace
//   step 2 delta      the delta at the next step present in either trace
//   median delta      over all compared steps; the mean of the two middle values for an even
//                     count; non-finite deltas sort above every finite one (+inf below NaN)
//   max delta         the largest delta and the first step where it occurs; if any delta is
//                     non-finite (a NaN or infinite value), the first non-finite delta and
//                     its step
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

struct PairStats {
    std::size_t compared = 0; // steps present in both traces

    std::optional<StepDelta> step1; // empty when neither trace has any step
    std::optional<StepDelta> step2; // empty when the traces have one step between them

    // Meaningful only when compared > 0.
    double median = 0.0;
    double mean = 0.0;
    double max = 0.0;
    std::int64_t max_step = 0;

    std::size_t zero_deltas = 0;      // steps whose values are exactly equal
    std::size_t nonfinite_deltas = 0; // steps where either value is NaN or infinite
    std::int64_t first_nonfinite_step = 0;
};

PairStats compute_stats(const AlignedPair& pair);

// The delta at one step number, which one or both traces may lack.
StepDelta delta_at(const AlignedPair& pair, std::int64_t step);

// The median of `deltas` by the rule above; reorders them. NaN for an empty input.
double median_of(std::vector<double>& deltas);

} // namespace tracediff
