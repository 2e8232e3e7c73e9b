// Stage 2 of the pipeline: pair the values of two traces by step number.
//
// Records are paired only when both traces have the step; steps present in one trace only are
// listed, never paired by position.
#pragma once

#include "tracediff/read/trace.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>

namespace tracediff {

// |a - b| of two values written with at most `decimals` decimals (AlignedPair::delta): the
// exact difference of the decimals as written, to the nearest double, so that a limit written
// in the logs' own units is met exactly (10.37919 - 10.37915 is 4e-05, not
// 4.0000000000331966e-05). That is the rule for decimals of up to 15 significant digits (at the
// scale of the one with more decimals), which a double holds unambiguously. Values not written
// as decimal text (decimals < 0), non-finite values, and values written in full (the 16 or 17
// digits of a double printed to round-trip, whose text only encodes a binary value) take the
// difference of the doubles, as binary values (TensorBoard's) always do.
inline double value_difference(double a, double b, int decimals);

inline double value_delta(double a, double b, int decimals) {
    const double d = value_difference(a, b, decimals);
    return d < 0 ? -d : d;
}

namespace detail {
inline constexpr double k_pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
inline constexpr int k_max_decimals = 22;
inline constexpr double k_digits = 1e15; // at most 15 significant digits
} // namespace detail

// a - b, signed, by the same rule as value_delta.
inline double value_difference(double a, double b, int decimals) {
    using detail::k_digits;
    using detail::k_pow10;
    if (decimals < 0 || decimals > detail::k_max_decimals) {
        return a - b;
    }
    const double scale = k_pow10[decimals];
    const double x = a * scale;
    const double y = b * scale;
    if (!(x < k_digits && x > -k_digits && y < k_digits && y > -k_digits)) {
        return a - b; // also NaN and infinities
    }
    // a * 10^decimals lies within 2^-52 relative of the integer it was written as: rounding
    // recovers that integer exactly (adding and taking away 1.5 * 2^52 rounds to an integer).
    constexpr double k_round = 0x1.8p52;
    const double n = ((x + k_round) - k_round) - ((y + k_round) - k_round);
    return n / scale;
}

// Whether value_difference takes the difference of the doubles for `value`, written with
// `decimals` decimals, whatever the other value and its decimals: a NaN or infinity, or a value
// with more than 15 significant digits at its own decimals (at more decimals, it has more).
inline bool written_in_full(double value, int decimals) {
    if (!std::isfinite(value)) {
        return true;
    }
    if (decimals < 0) {
        return false; // another value's decimals may apply
    }
    if (decimals > detail::k_max_decimals) {
        return true;
    }
    const double x = value * detail::k_pow10[decimals];
    return !(x < detail::k_digits && x > -detail::k_digits);
}

// Decimals that stand for a value written in full: value_difference takes the difference of
// the doubles for any decimals above 22.
inline constexpr std::int8_t k_in_full = 127;

// The compared steps of a pair as borrowed columns: of an AlignedPair, or of two series that
// have the same steps (then nothing is copied). Valid while what they borrow from lives.
struct PairColumns {
    std::size_t size = 0;
    const std::int64_t* steps = nullptr;
    const double* a = nullptr;
    const double* b = nullptr;
    // How many decimals a[i] and b[i] were written with; null when a trace's values were not
    // decimal text.
    const std::int8_t* decimals_a = nullptr;
    const std::int8_t* decimals_b = nullptr;

    // B - A at compared step i, as the values were written (value_difference, above): at
    // the decimals of the one written with more.
    double difference(std::size_t i) const {
        const int decimals = decimals_a == nullptr || decimals_b == nullptr
                                 ? -1
                                 : std::max(decimals_a[i], decimals_b[i]);
        return value_difference(b[i], a[i], decimals);
    }
    // |B - A| at compared step i, by the same rule.
    double delta(std::size_t i) const {
        const double d = difference(i);
        return d < 0 ? -d : d;
    }
};

// Series `a` and `b` as columns, when they have the same steps; nothing otherwise.
std::optional<PairColumns> same_step_columns(const Series& a, const Series& b);
// The same without looking at the steps, for a caller that knows `a` and `b` have the same
// steps (compare/pair.hpp, step_groups).
PairColumns columns_of_same_steps(const Series& a, const Series& b);

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

    // The compared steps, borrowed.
    PairColumns columns() const;
    // |a - b| at compared step i, as the values were written (value_delta): at the decimals of
    // the one written with more.
    double delta(std::size_t i) const { return columns().delta(i); }
    // B - A at compared step i, by the same rule.
    double difference(std::size_t i) const { return columns().difference(i); }
};

AlignedPair align(const Series& a, const Series& b);

} // namespace tracediff
