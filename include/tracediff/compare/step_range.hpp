// Ranges of step numbers: what a criterion checks (--steps 1-100), and how lists of steps are
// summarised in reports (1-3, 7, 9-10).
#pragma once

#include "tracediff/read/trace.hpp"

#include <cstdint>
#include <vector>

namespace tracediff {

struct StepRange {
    std::int64_t first = 0;
    std::int64_t last = 0; // inclusive
};

// Consecutive runs of a sorted list of steps: {1,2,3,7,9,10} -> 1-3, 7, 9-10.
std::vector<StepRange> to_ranges(const std::vector<std::int64_t>& sorted_steps);

// The part of a series whose steps lie in `range`.
Series restrict_to(const Series& series, const StepRange& range);

} // namespace tracediff
