#include "tracediff/compare/stats.hpp"

#include "tracediff/io/huge_pages.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>

#include "median.hpp"

namespace tracediff {

namespace {

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
double mean_of(const PairColumns& pair, double sum, bool nonfinite) {
    const auto n = static_cast<double>(pair.size);
    if (std::isfinite(sum) || nonfinite) {
        return sum / n;
    }
    double scaled = 0.0;
    for (std::size_t i = 0; i < pair.size; ++i) {
        scaled += step_delta(pair.a[i] / 2, pair.b[i] / 2) / n;
    }
    return scaled * 2;
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

namespace {

// Each difference B - A of compared steps [from, pair.size) once, its absolute value the
// delta, written to deltas[i], gathered into `p` in step order. `Decimals`: whether the pair
// has decimals to take the differences at (the loop without is shorter).
template <bool Decimals>
inline void pass_over(const PairColumns& columns, std::size_t from, double* deltas,
                      StepPass& gathered) {
    // Local copies: the writes to deltas[] could alias `columns` and `gathered`, which would
    // keep their pointers and counts in memory instead of registers through the loop.
    const PairColumns pair = columns;
    StepPass p = gathered;
    for (std::size_t i = from; i < pair.size; ++i) {
        const double difference = Decimals ? pair.difference(i) : pair.b[i] - pair.a[i];
        const double d = difference < 0 ? -difference : difference;
        deltas[i] = d;
        p.sum += d;
        if (!std::isfinite(difference)) [[unlikely]] {
            p.finite_deltas = false;
            if (!std::isfinite(pair.a[i]) || !std::isfinite(pair.b[i])) {
                // A NaN or infinite value (whose difference is never finite). Two finite values
                // whose delta is larger than the largest double have the delta +inf (as
                // rounded), and rank as the largest delta.
                p.first_nonfinite_index = p.nonfinite++ == 0 ? i : p.first_nonfinite_index;
                continue;
            }
        }
        p.signed_sum += difference;
        p.b_higher += difference > 0 ? 1 : 0;
        p.a_higher += difference < 0 ? 1 : 0;
        if (p.max < d) [[unlikely]] {
            p.max = d;
            p.max_index = i;
        }
    }
    gathered = p;
}

void pass_over(const PairColumns& pair, std::size_t from, double* deltas, StepPass& p) {
    if (pair.decimals_a != nullptr && pair.decimals_b != nullptr) {
        pass_over<true>(pair, from, deltas, p);
    } else {
        pass_over<false>(pair, from, deltas, p);
    }
}

// The statistics over the compared steps but the median, from the pass over all of them.
void stats_from_pass(const PairColumns& pair, const StepPass& p, const double* deltas,
                     PairStats& s) {
    s.compared = pair.size;
    if (s.compared == 0) {
        return;
    }
    Bias& bias = s.bias;
    bias.b_higher = p.b_higher;
    bias.a_higher = p.a_higher;
    // A finite B - A is above, below or equal to 0, and equal exactly when the delta is 0 (a
    // NaN or infinite value never has a zero delta).
    const std::size_t finite_steps = s.compared - p.nonfinite;
    bias.equal = finite_steps - p.b_higher - p.a_higher;
    s.zero_deltas = bias.equal;
    if (finite_steps > 0) {
        bias.mean = p.signed_sum / static_cast<double>(finite_steps);
        s.max = p.max;
        s.max_step = pair.steps[p.max_index];
    }
    bias.p_value = sign_test_p_value(bias.b_higher, bias.a_higher);
    s.nonfinite_deltas = p.nonfinite;
    if (p.nonfinite > 0) {
        // The first non-finite delta is the max.
        s.first_nonfinite_step = pair.steps[p.first_nonfinite_index];
        s.max = deltas[p.first_nonfinite_index];
        s.max_step = s.first_nonfinite_step;
    }
    s.mean = mean_of(pair, p.sum, p.nonfinite > 0);
}

// The statistics over the compared steps, from one pass. The deltas go to a buffer each thread
// reuses, for the median.
void add_step_stats(const PairColumns& pair, PairStats& s) {
    if (pair.size == 0) {
        return;
    }
    thread_local std::vector<double> deltas;
    deltas.resize(pair.size);
    StepPass p;
    if (pair.decimals_a != nullptr && pair.decimals_b != nullptr) { // each inlined here
        pass_over<true>(pair, 0, deltas.data(), p);
    } else {
        pass_over<false>(pair, 0, deltas.data(), p);
    }
    stats_from_pass(pair, p, deltas.data(), s);
    s.median = median_of_deltas(deltas.data(), s.compared, p.finite_deltas);
}

// Step 1 and step 2 of a pair: where its first_step and second_step are.
void add_first_steps(const AlignedPair& pair, PairStats& s) {
    if (pair.first_step) {
        s.step1 = delta_at(pair, *pair.first_step);
    }
    if (pair.second_step) {
        s.step2 = delta_at(pair, *pair.second_step);
    }
    s.compared = pair.steps.size();
}

} // namespace

void RunningStats::extend(const AlignedPair& pair) {
    const PairColumns columns = pair.columns();
    const std::size_t from = m_deltas.size();
    if (columns.size > m_deltas.capacity()) { // doubling, in huge pages once large
        reserve_in_huge_pages(m_deltas, std::max(columns.size, 2 * m_deltas.capacity()));
    }
    m_deltas.resize(columns.size);
    pass_over(columns, from, m_deltas.data(), m_pass);
}

PairStats RunningStats::stats(const AlignedPair& pair, bool median) const {
    PairStats s;
    add_first_steps(pair, s);
    if (s.compared > 0) {
        stats_from_pass(pair.columns(), m_pass, m_deltas.data(), s);
        if (median) {
            std::vector<double> deltas = m_deltas; // the selection reorders them
            s.median = median_of_deltas(deltas.data(), deltas.size(), m_pass.finite_deltas);
        }
    }
    return s;
}

PairStats compute_stats(const AlignedPair& pair, StatScope scope) {
    PairStats s;
    add_first_steps(pair, s);
    s.per_step = scope == StatScope::all;
    if (s.per_step) {
        add_step_stats(pair.columns(), s);
    }
    return s;
}

PairStats compute_stats(const PairColumns& columns, StatScope scope) {
    PairStats s;
    const auto at = [&columns](std::size_t i) {
        return StepDelta{columns.steps[i], true,         true,
                         columns.a[i],     columns.b[i], columns.delta(i)};
    };
    if (columns.size > 0) {
        s.step1 = at(0);
    }
    if (columns.size > 1) {
        s.step2 = at(1);
    }
    s.compared = columns.size;
    s.per_step = scope == StatScope::all;
    if (s.per_step) {
        add_step_stats(columns, s);
    }
    return s;
}

} // namespace tracediff
