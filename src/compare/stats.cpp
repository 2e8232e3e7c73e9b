#include "tracediff/compare/stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>

namespace tracediff {

namespace {

// Finite deltas first by value, then +inf, then NaN.
int delta_rank(double d) {
    if (std::isnan(d)) {
        return 2;
    }
    return std::isinf(d) ? 1 : 0;
}

bool delta_less(double x, double y) {
    const int rx = delta_rank(x);
    const int ry = delta_rank(y);
    if (rx != ry) {
        return rx < ry;
    }
    return rx == 0 && x < y;
}

// The value at `step` of a trace's steps that the other trace lacks, if it has that step.
std::optional<double> value_at(const std::vector<std::int64_t>& sorted_steps,
                               const std::vector<double>& values, std::int64_t step) {
    const auto it = std::lower_bound(sorted_steps.begin(), sorted_steps.end(), step);
    if (it == sorted_steps.end() || *it != step) {
        return std::nullopt;
    }
    return values[static_cast<std::size_t>(it - sorted_steps.begin())];
}

// The mean of the deltas, given their sum. Finite values near the largest double overflow the
// sum, or a delta itself (1e308 - -1e308 is larger than any double); then it is the mean of
// the half deltas, each divided by the count first, doubled: infinite only when the mean is
// larger than the largest double.
double mean_of(const AlignedPair& pair, double sum, bool nonfinite) {
    const auto n = static_cast<double>(pair.steps.size());
    if (std::isfinite(sum) || nonfinite) {
        return sum / n;
    }
    double scaled = 0.0;
    for (std::size_t i = 0; i < pair.steps.size(); ++i) {
        scaled += step_delta(pair.a[i] / 2, pair.b[i] / 2) / n;
    }
    return scaled * 2;
}

// The signed differences B - A of the steps where both values are finite.
Bias bias_of(const AlignedPair& pair) {
    Bias b;
    double sum = 0.0;
    for (std::size_t i = 0; i < pair.steps.size(); ++i) {
        if (!std::isfinite(pair.a[i]) || !std::isfinite(pair.b[i])) {
            continue;
        }
        const double d = pair.difference(i);
        sum += d;
        b.b_higher += d > 0 ? 1 : 0;
        b.a_higher += d < 0 ? 1 : 0;
        b.equal += d == 0 ? 1 : 0;
    }
    if (b.steps() > 0) {
        b.mean = sum / static_cast<double>(b.steps());
    }
    b.p_value = sign_test_p_value(b.b_higher, b.a_higher);
    return b;
}

} // namespace

double sign_test_p_value(std::size_t higher, std::size_t lower) {
    const std::size_t n = higher + lower;
    if (n == 0) {
        return 1.0;
    }
    // P(X <= k) = sum over i <= k of C(n, i) / 2^n. Its largest term, at i = k <= n / 2, in
    // logarithms (lgamma_r: lgamma itself writes a global, and pairs are compared in
    // parallel), then the others relative to it, C(n, i - 1) = C(n, i) * i / (n - i + 1), down
    // to where they no longer count: a million steps neither overflow nor underflow to a wrong
    // zero.
    const std::size_t k = std::min(higher, lower);
    if (n <= 1000) {
        // Directly, from 2^-n (exact) up: C(n, i + 1) = C(n, i) * (n - i) / (i + 1). Small
        // counts come out exactly as by hand (3 of 4 higher: 2 * 5/16 = 0.625).
        double term = std::ldexp(1.0, -static_cast<int>(n));
        double sum = term;
        for (std::size_t i = 0; i < k; ++i) {
            term = term * static_cast<double>(n - i) / static_cast<double>(i + 1);
            sum += term;
        }
        return std::min(1.0, 2.0 * sum);
    }
    int sign = 0;
    const auto log_factorial = [&sign](std::size_t m) {
        return ::lgamma_r(static_cast<double>(m) + 1, &sign);
    };
    const double log_top = log_factorial(n) - log_factorial(k) - log_factorial(n - k) +
                           static_cast<double>(n) * std::log(0.5);
    double sum = 1.0;
    double term = 1.0;
    for (std::size_t i = k; i > 0 && term >= 1e-17 * sum; --i) {
        term *= static_cast<double>(i) / static_cast<double>(n - i + 1);
        sum += term;
    }
    return std::min(1.0, 2.0 * std::exp(log_top + std::log(sum)));
}

StepDelta delta_at(const AlignedPair& pair, std::int64_t step) {
    StepDelta d;
    d.step = step;
    const auto it = std::lower_bound(pair.steps.begin(), pair.steps.end(), step);
    if (it != pair.steps.end() && *it == step) {
        const auto i = static_cast<std::size_t>(it - pair.steps.begin());
        d.in_a = d.in_b = true;
        d.a = pair.a[i];
        d.b = pair.b[i];
        d.delta = pair.delta(i);
        return d;
    }
    if (const auto a = value_at(pair.only_a, pair.only_a_values, step)) {
        d.in_a = true;
        d.a = *a;
    }
    if (const auto b = value_at(pair.only_b, pair.only_b_values, step)) {
        d.in_b = true;
        d.b = *b;
    }
    return d;
}

double median_of(std::vector<double>& deltas) {
    const std::size_t n = deltas.size();
    if (n == 0) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    const auto mid = deltas.begin() + static_cast<std::ptrdiff_t>(n / 2);
    // On finite values delta_less is exactly operator<, and selection depends only on the
    // outcomes of comparisons: when all deltas are finite (the usual case), the cheaper
    // comparison gives the same result, bit for bit.
    const bool all_finite =
        std::all_of(deltas.begin(), deltas.end(), [](double d) { return std::isfinite(d); });
    if (all_finite) {
        std::nth_element(deltas.begin(), mid, deltas.end());
    } else {
        std::nth_element(deltas.begin(), mid, deltas.end(), delta_less);
    }
    const double upper = *mid;
    if (n % 2 == 1) {
        return upper;
    }
    const double lower = all_finite ? *std::max_element(deltas.begin(), mid)
                                    : *std::max_element(deltas.begin(), mid, delta_less);
    if (delta_rank(lower) == 0 && delta_rank(upper) == 0) {
        return std::midpoint(lower, upper);
    }
    // The mean of a finite value and +inf is +inf; anything with NaN is NaN. The upper value,
    // which ranks higher, is exactly that.
    return upper;
}

PairStats compute_stats(const AlignedPair& pair) {
    PairStats s;
    if (pair.first_step) {
        s.step1 = delta_at(pair, *pair.first_step);
    }
    if (pair.second_step) {
        s.step2 = delta_at(pair, *pair.second_step);
    }
    s.compared = pair.steps.size();
    if (s.compared == 0) {
        return s;
    }
    s.bias = bias_of(pair);

    std::vector<double> deltas(s.compared);
    double sum = 0.0;
    bool max_found = false;
    double first_nonfinite = 0.0;
    for (std::size_t i = 0; i < s.compared; ++i) {
        const double d = pair.delta(i);
        deltas[i] = d;
        sum += d;
        if (d == 0.0) {
            ++s.zero_deltas;
        }
        if (!std::isfinite(pair.a[i]) || !std::isfinite(pair.b[i])) {
            // A NaN or infinite value. Two finite values whose delta is larger than the largest
            // double have the delta +inf (as rounded), and rank as the largest delta.
            if (s.nonfinite_deltas++ == 0) {
                s.first_nonfinite_step = pair.steps[i];
                first_nonfinite = d;
            }
        } else if (!max_found || d > s.max) {
            max_found = true;
            s.max = d;
            s.max_step = pair.steps[i];
        }
    }
    if (s.nonfinite_deltas > 0) {
        s.max = first_nonfinite;
        s.max_step = s.first_nonfinite_step;
    }
    s.mean = mean_of(pair, sum, s.nonfinite_deltas > 0);
    s.median = median_of(deltas);
    return s;
}

} // namespace tracediff
