// The median of a pair's deltas, for compute_stats: selection on the bit patterns when every
// delta is a finite absolute value, else std::nth_element (the rule is median_of's,
// compare/stats.hpp).
#pragma once

#include <cstddef>

namespace tracediff {

// The median of deltas[0, n), n > 0, by the rule of median_of; reorders them.
// `finite_absolute`: every delta is known to be finite and not below zero (-0.0 included).
double median_of_deltas(double* deltas, std::size_t n, bool finite_absolute);

} // namespace tracediff
