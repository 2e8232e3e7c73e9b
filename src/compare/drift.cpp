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
// Fewer values than this cannot show a fixed number of decimals.
constexpr std::size_t k_min_values_for_resolution = 10;

// Room for the binary rounding of decimal values: 2.015347 - 2.015346 is 1.0000000000287557e-06.
constexpr double k_resolution_slack = 1e-6;

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
    return float32_ulps(d->a, d->b);
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
        if (!epoch || !std::isfinite(*epoch) || *epoch != std::floor(*epoch)) {
            continue; // a step without a whole epoch number belongs to no epoch
        }
        Sums& sums = by_epoch[static_cast<std::int64_t>(*epoch)];
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

double Resolution::value() const {
    return full_precision ? 0.0 : std::pow(10.0, -decimals);
}

int decimal_places(double value) {
    if (!std::isfinite(value)) {
        return 0;
    }
    const std::string text = fmt::format("{}", value);
    const auto e = text.find('e');
    const std::string mantissa = text.substr(0, e);
    const auto dot = mantissa.find('.');
    const int mantissa_decimals =
        dot == std::string::npos ? 0 : static_cast<int>(mantissa.size() - dot - 1);
    const int exponent = e == std::string::npos ? 0 : std::stoi(text.substr(e + 1));
    return std::max(0, mantissa_decimals - exponent);
}

Resolution resolution_of(const std::vector<double>& values) {
    // A trace written with a fixed number of decimals d has most of its values needing exactly
    // d decimals; one written in shortest round-trip form needs a varying, usually large number.
    // With too few values to tell, assume full precision: nothing gets marked.
    std::vector<int> places;
    for (const double v : values) {
        if (std::isfinite(v)) {
            places.push_back(decimal_places(v));
        }
    }
    Resolution r;
    if (places.size() < k_min_values_for_resolution) {
        return r;
    }
    const int decimals = *std::max_element(places.begin(), places.end());
    const auto at_max =
        static_cast<std::size_t>(std::count(places.begin(), places.end(), decimals));
    if (decimals > k_full_precision_decimals || decimals == 0 || 2 * at_max < places.size()) {
        return r;
    }
    r.decimals = decimals;
    r.full_precision = false;
    return r;
}

Resolution coarser(const Resolution& x, const Resolution& y) {
    if (x.full_precision) {
        return y;
    }
    if (y.full_precision) {
        return x;
    }
    return x.decimals <= y.decimals ? x : y;
}

bool at_resolution(double delta, const Resolution& resolution) {
    return !resolution.full_precision && std::isfinite(delta) &&
           delta <= resolution.value() * (1 + k_resolution_slack);
}

double float32_ulps(double a, double b) {
    const double magnitude = std::max(std::fabs(a), std::fabs(b));
    // A float32 with exponent e (magnitude in [2^e, 2^(e+1))) has 23 fraction bits, so its
    // ulp is 2^(e-23); below the normal range the spacing stays 2^-149.
    int exponent = 0;
    std::frexp(magnitude, &exponent); // magnitude = f * 2^exponent, f in [0.5, 1)
    const int e = std::max(exponent - 1, -126);
    const double ulp = magnitude == 0.0 ? std::ldexp(1.0, -149) : std::ldexp(1.0, e - 23);
    return step_delta(a, b) / ulp;
}

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

DriftAnalysis analyze_drift(const AlignedPair& pair, const PairStats& stats, const Series& a,
                            const Series& b, const Series& epoch_a, const Series& epoch_b,
                            const std::optional<Json>& eval_a, const std::optional<Json>& eval_b) {
    DriftAnalysis d;
    const std::size_t n = pair.steps.size();
    std::vector<double> deltas(n);
    for (std::size_t i = 0; i < n; ++i) {
        deltas[i] = step_delta(pair.a[i], pair.b[i]);
    }

    while (d.identical_prefix_steps < n &&
           pair.a[d.identical_prefix_steps] == pair.b[d.identical_prefix_steps]) {
        ++d.identical_prefix_steps;
    }
    if (d.identical_prefix_steps < n) {
        d.first_difference = delta_at(pair, pair.steps[d.identical_prefix_steps]);
    }

    for (const double threshold : k_decades) {
        DecadeCrossing crossing;
        crossing.threshold = threshold;
        for (std::size_t i = 0; i < n; ++i) {
            if (!(deltas[i] <= threshold)) { // NaN exceeds every threshold
                crossing.first_step = pair.steps[i];
                break;
            }
        }
        d.decades.push_back(crossing);
    }

    d.resolution_a = resolution_of(a.values);
    d.resolution_b = resolution_of(b.values);
    d.resolution = coarser(d.resolution_a, d.resolution_b);
    // ULPs say something only about values written in full: a decimal rounding of a float32
    // is not a float32.
    if (d.resolution.full_precision) {
        d.step1_ulps = ulps_of(stats.step1);
        d.step2_ulps = ulps_of(stats.step2);
    }

    // The drift phase ends at the first delta that reaches the run's median, where the runs
    // have drifted as far apart as they typically are. It starts at the last delta before that
    // which is still below a hundredth of the median (or at the first delta the logs can
    // resolve), so that a plateau of rounding-level deltas before the climb does not dilute
    // the fit.
    if (std::isfinite(stats.median) && stats.median > 0) {
        std::size_t end = 0;
        while (end < n && !(deltas[end] >= stats.median)) {
            ++end;
        }
        end = std::min(end, n - 1);
        std::size_t begin = 0;
        for (std::size_t i = 0; i < end; ++i) {
            const bool unresolved = !std::isfinite(deltas[i]) || deltas[i] == 0.0 ||
                                    at_resolution(deltas[i], d.resolution);
            if (unresolved || deltas[i] <= stats.median * k_growth_floor) {
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
        d.growth = fit_growth(
            std::vector<std::int64_t>(pair.steps.begin() + static_cast<std::ptrdiff_t>(begin),
                                      pair.steps.begin() + static_cast<std::ptrdiff_t>(end) + 1),
            envelope);
    }

    d.epochs = compare_epochs(pair, epoch_a, epoch_b);
    d.eval = compare_eval(eval_a, eval_b);
    return d;
}

} // namespace tracediff
