// Stage 2 of the pipeline: pair the values of two traces by step number.
//
// Records are paired only when both traces have the step; steps present in one trace only are
// listed, never paired by position.
#pragma once

#include "tracediff/read/trace.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace tracediff {

struct AlignedPair {
    // Steps present in both traces, ascending, with the value of each trace at that step.
    std::vector<std::int64_t> steps;
    std::vector<double> a;
    std::vector<double> b;

    std::vector<std::int64_t> only_a;  // steps only trace A has
    std::vector<std::int64_t> only_b;  // steps only trace B has
    std::vector<double> only_a_values; // A's value at each of only_a
    std::vector<double> only_b_values; // B's value at each of only_b

    // The smallest and the second-smallest step number present in either trace: where the
    // "step 1" and "step 2" deltas are read.
    std::optional<std::int64_t> first_step;
    std::optional<std::int64_t> second_step;

    // How many decimals a[i] and b[i] were written with (Series::decimals); empty when a
    // trace's values were not decimal text.
    std::vector<std::int8_t> decimals_a;
    std::vector<std::int8_t> decimals_b;

    // |a - b| at compared step i, as the values were written (value_delta): at the decimals of
    // the one written with more.
    double delta(std::size_t i) const;
    // B - A at compared step i, by the same rule.
    double difference(std::size_t i) const;
};

AlignedPair align(const Series& a, const Series& b);

} // namespace tracediff
