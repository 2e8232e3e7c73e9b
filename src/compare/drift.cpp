#include "tracediff/compare/drift.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace tracediff {

namespace {

constexpr double k_decades[] = {1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1};

// A growth fit must explain at least half of the variance of ln|delta| to be reported.
constexpr double k_min_r_squared = 0.5;
// The growth phase starts after the last delta below this fraction of the median.
constexpr double k_growth_floor = 1e-2;
std::optional<double> value_at(const Series& s, std::int64_t step) {
    const auto it = std::lower_bound(s.steps.begin(), s.steps.end(), step);
    if (it == s.steps.end() || *it != step) {
        return std::nullopt;
    }
    return s.values[static_cast<std::size_t>(it - s.steps.begin())];
}

std::optional<double> ulps_of(const std::optional<StepDelta>& d) {
    if (!d || !d->available() || !std::isfinite(d->delta)) {
        return std::nullopt;
    }
    return few_float32_ulps(d->a, d->b);
}

std::vector<EpochComparison> compare_epochs(const AlignedPair& pair, const Series& epoch_a,
                                            const Series& epoch_b) {
    struct Sums {
        std::size_t steps = 0;
        double a = 0.0;
        double b = 0.0;
    };
    std::map<std::int64_t, Sums> by_epoch;
    if (epoch_a.empty() && epoch_b.empty()) {
        return {};
    }
    for (std::size_t i = 0; i < pair.steps.size(); ++i) {
        auto epoch = value_at(epoch_a, pair.steps[i]);
        if (!epoch) {
            epoch = value_at(epoch_b, pair.steps[i]);
        }
        // A step belongs to the epoch of the integer part of its epoch number: HuggingFace logs
        // the fraction of training done (epoch 2.44 is in epoch 2).
        if (!epoch || !std::isfinite(*epoch) || std::fabs(*epoch) >= 0x1p62) {
            continue; // a step without an epoch number belongs to no epoch
        }
        Sums& sums = by_epoch[static_cast<std::int64_t>(std::floor(*epoch))];
        ++sums.steps;
        sums.a += pair.a[i];
        sums.b += pair.b[i];
    }
    std::vector<EpochComparison> out;
    for (const auto& [epoch, sums] : by_epoch) {
        EpochComparison e;
        e.epoch = epoch;
        e.steps = sums.steps;
        e.mean_a = sums.a / static_cast<double>(sums.steps);
        e.mean_b = sums.b / static_cast<double>(sums.steps);
        e.delta = step_delta(e.mean_a, e.mean_b);
        out.push_back(e);
    }
    return out;
}

std::vector<EvalComparison> compare_eval(const std::optional<Json>& a,
                                         const std::optional<Json>& b) {
    std::vector<EvalComparison> out;
    if (!a || !b) {
        return out;
    }
    for (const auto& [key, value] : a->items()) {
        if (key == "kind" || key == "step" || key == "epoch" || !value.is_number()) {
            continue;
        }
        const auto other = b->find(key);
        if (other == b->end() || !other->is_number()) {
            continue;
        }
        EvalComparison e;
        e.metric = key;
        e.a = value.get<double>();
        e.b = other->get<double>();
        e.delta = step_delta(e.a, e.b);
        out.push_back(e);
    }
    return out;
}

} // namespace

GrowthFit fit_growth(const std::vector<std::int64_t>& steps, const std::vector<double>& deltas) {
    GrowthFit fit;
    double sx = 0.0;
    double sy = 0.0;
    std::size_t n = 0;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        if (std::isfinite(deltas[i]) && deltas[i] > 0.0) {
            sx += static_cast<double>(steps[i]);
            sy += std::log(deltas[i]);
            ++n;
        }
    }
    if (n < 3) {
        return fit;
    }
    const double mx = sx / static_cast<double>(n);
    const double my = sy / static_cast<double>(n);
    double sxx = 0.0;
    double sxy = 0.0;
    bool first = true;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        if (!(std::isfinite(deltas[i]) && deltas[i] > 0.0)) {
            continue;
        }
        const double dx = static_cast<double>(steps[i]) - mx;
        sxx += dx * dx;
        sxy += dx * (std::log(deltas[i]) - my);
        if (first) {
            fit.first_step = steps[i];
            first = false;
        }
        fit.last_step = steps[i];
    }
    fit.points = n;
    if (sxx == 0.0) {
        return fit;
    }
    fit.slope = sxy / sxx;
    double ss_res = 0.0;
    double ss_tot = 0.0;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        if (!(std::isfinite(deltas[i]) && deltas[i] > 0.0)) {
            continue;
        }
        const double y = std::log(deltas[i]);
        const double predicted = my + fit.slope * (static_cast<double>(steps[i]) - mx);
        ss_res += (y - predicted) * (y - predicted);
        ss_tot += (y - my) * (y - my);
        if (steps[i] == fit.first_step) {
            fit.first_delta = deltas[i];
        }
        fit.last_delta = deltas[i];
    }
    fit.r_squared = ss_tot > 0 ? 1.0 - ss_res / ss_tot : 0.0;
    fit.fitted = fit.slope > 0.0 && fit.r_squared >= k_min_r_squared;
    fit.steps_per_efold = fit.slope > 0.0 ? 1.0 / fit.slope : 0.0;
    return fit;
}

namespace {

std::vector<DecadeCrossing> decade_crossings(const AlignedPair& pair,
                                             const std::vector<double>& deltas) {
    std::vector<DecadeCrossing> out;
    for (const double threshold : k_decades) {
        DecadeCrossing crossing;
        crossing.threshold = threshold;
        for (std::size_t i = 0; i < deltas.size(); ++i) {
            if (!(deltas[i] <= threshold)) { // NaN exceeds every threshold
                crossing.first_step = pair.steps[i];
                break;
            }
        }
        out.push_back(crossing);
    }
    return out;
}

// The drift phase ends at the first delta that reaches the run's median, where the runs have
// drifted as far apart as they typically are. It starts at the last delta before that which is
// still below a hundredth of the median (or at the first delta the logs can resolve), so that a
// plateau of rounding-level deltas before the climb does not dilute the fit.
GrowthFit fit_drift_phase(const AlignedPair& pair, const std::vector<double>& deltas, double median,
                          const Resolution& resolution) {
    const std::size_t n = deltas.size();
    if (!std::isfinite(median) || median <= 0) {
        return {};
    }
    std::size_t end = 0;
    while (end < n && !(deltas[end] >= median)) {
        ++end;
    }
    end = std::min(end, n - 1);
    std::size_t begin = 0;
    for (std::size_t i = 0; i < end; ++i) {
        const bool unresolved =
            !std::isfinite(deltas[i]) || deltas[i] == 0.0 || at_resolution(deltas[i], resolution);
        if (unresolved || deltas[i] <= median * k_growth_floor) {
            begin = i + 1;
        }
    }
    begin = std::min(begin, end);
    // Per-step deltas are noisy; their running maximum is the envelope that grows.
    std::vector<double> envelope;
    double running = 0.0;
    for (std::size_t i = begin; i <= end; ++i) {
        if (std::isfinite(deltas[i])) {
            running = std::max(running, deltas[i]);
        }
        envelope.push_back(running);
    }
    return fit_growth(
        std::vector<std::int64_t>(pair.steps.begin() + static_cast<std::ptrdiff_t>(begin),
                                  pair.steps.begin() + static_cast<std::ptrdiff_t>(end) + 1),
        envelope);
}

} // namespace

DriftAnalysis analyze_drift(const AlignedPair& pair, const PairStats& stats, const Series& a,
                            const Series& b, const Series& epoch_a, const Series& epoch_b,
                            const std::optional<Json>& eval_a, const std::optional<Json>& eval_b) {
    DriftAnalysis d;
    const std::size_t n = pair.steps.size();
    std::vector<double> deltas(n);
    for (std::size_t i = 0; i < n; ++i) {
        deltas[i] = pair.delta(i);
    }
    while (d.identical_prefix_steps < n &&
           pair.a[d.identical_prefix_steps] == pair.b[d.identical_prefix_steps]) {
        ++d.identical_prefix_steps;
    }
    if (d.identical_prefix_steps < n) {
        d.first_difference = delta_at(pair, pair.steps[d.identical_prefix_steps]);
    }
    d.decades = decade_crossings(pair, deltas);
    d.resolution_a = resolution_of(a.text);
    d.resolution_b = resolution_of(b.text);
    d.resolution = coarser(d.resolution_a, d.resolution_b);
    // ULPs say something only about values written in full: a decimal rounding of a float32
    // is not a float32.
    if (d.resolution.full_precision) {
        d.step1_ulps = ulps_of(stats.step1);
        d.step2_ulps = ulps_of(stats.step2);
    }
    d.growth = fit_drift_phase(pair, deltas, stats.median, d.resolution);
    d.epochs = compare_epochs(pair, epoch_a, epoch_b);
    d.eval = compare_eval(eval_a, eval_b);
    return d;
}

} // namespace tracediff
