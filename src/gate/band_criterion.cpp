// --band: a candidate against the band of reruns a golden holds.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "evaluate.hpp"

namespace tracediff {

namespace {

// The value of `series` at `step`; NaN when it has none there (the band's own gap).
double at_step(const Series* series, std::int64_t step) {
    if (series == nullptr) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    const auto it = std::lower_bound(series->steps.begin(), series->steps.end(), step);
    if (it == series->steps.end() || *it != step) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    return series->values[static_cast<std::size_t>(it - series->steps.begin())];
}

} // namespace

CriterionOutcome band_criterion(const std::string& field, const BandSpec& band,
                                const AlignedPair& pair, const BandSeries& edges, double half_unit,
                                std::size_t allow) {
    BandOutcome facts;
    facts.field = field;
    facts.band = band;
    facts.allow = allow;
    facts.compared = pair.steps.size();
    facts.missing = missing_steps(pair);
    facts.reference_steps = facts.compared + step_count(facts.missing.from_b);
    const std::string name = fmt::format("band {}", field);
    if (facts.compared == 0) {
        return {name, false, std::move(facts)};
    }
    double worst = -1.0;
    for (std::size_t i = 0; i < pair.steps.size(); ++i) {
        const std::int64_t step = pair.steps[i];
        BandOutcome::Step s{step, pair.b[i], pair.a[i], 0.0, 0.0, 0.0};
        const double delta = pair.delta(i);
        if (band.minmax) {
            s.low = at_step(edges.min, step);
            s.high = at_step(edges.max, step);
            // The difference as written where B is at an edge's decimals, the doubles' else.
            const double below = s.low - s.value;
            const double above = s.value - s.high;
            s.sigmas = std::max(below, above); // how far outside; <= 0 inside
        } else {
            const double std = at_step(edges.std, step);
            s.low = s.mean - band.sigmas * std;
            s.high = s.mean + band.sigmas * std;
            s.sigmas = std > 0 ? delta / std : delta > half_unit ? HUGE_VAL : 0.0;
        }
        const bool finite = std::isfinite(s.value) && std::isfinite(s.low) &&
                            std::isfinite(s.high) && !std::isnan(s.sigmas);
        const bool inside =
            finite && (band.minmax ? s.sigmas <= half_unit
                                   : delta <= band.sigmas * at_step(edges.std, step) + half_unit);
        if (inside) {
            continue;
        }
        facts.nonfinite += finite ? 0 : 1;
        if (facts.outside++ == 0) {
            facts.first_outside = step;
        }
        const double how_far = finite ? s.sigmas : HUGE_VAL;
        if (how_far > worst || (!finite && !facts.worst)) {
            worst = how_far;
            facts.worst = s;
        }
    }
    const bool passed = facts.nonfinite == 0 && !facts.missing.any() && facts.outside <= allow;
    return {name, passed, std::move(facts)};
}

} // namespace tracediff
