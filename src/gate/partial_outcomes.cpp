#include "partial_outcomes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <variant>

#include "evaluate.hpp"

namespace tracediff {

namespace {

bool same_double(double a, double b) {
    return a == b || (std::isnan(a) && std::isnan(b));
}

// Whether two outcomes of one criterion say the same.
bool same_outcome(const CriterionOutcome& x, const CriterionOutcome& y) {
    if (x.passed != y.passed || x.facts.index() != y.facts.index()) {
        return false;
    }
    if (const auto* a = std::get_if<StatisticOutcome>(&x.facts)) {
        const auto& b = std::get<StatisticOutcome>(y.facts);
        return a->gap == b.gap && a->step == b.step && same_double(a->value, b.value) &&
               a->missing_from_a == b.missing_from_a && a->nonfinite_deltas == b.nonfinite_deltas;
    }
    if (const auto* a = std::get_if<ModeOutcome>(&x.facts)) {
        const auto& b = std::get<ModeOutcome>(y.facts);
        return a->compared == b.compared && a->failures == b.failures &&
               a->nonfinite == b.nonfinite && a->first_failure == b.first_failure;
    }
    if (const auto* a = std::get_if<BandOutcome>(&x.facts)) {
        const auto& b = std::get<BandOutcome>(y.facts);
        return a->compared == b.compared && a->outside == b.outside &&
               a->nonfinite == b.nonfinite && a->first_outside == b.first_outside;
    }
    if (const auto* a = std::get_if<SameStepsOutcome>(&x.facts)) {
        const auto& b = std::get<SameStepsOutcome>(y.facts);
        return a->compared == b.compared && a->only_a == b.only_a && a->only_b == b.only_b;
    }
    return true;
}

} // namespace

bool lacks_steps(const CriterionOutcome& c) {
    const auto* s = std::get_if<StatisticOutcome>(&c.facts);
    return s != nullptr && s->gap == StatisticOutcome::Gap::no_step;
}

std::int64_t decided_step(const std::vector<CriterionOutcome>& outcomes,
                          const std::optional<std::int64_t>& bound, std::int64_t horizon) {
    if (!outcomes.empty()) {
        if (const auto* s = std::get_if<StatisticOutcome>(&outcomes.front().facts)) {
            if (s->criterion.stat == CheckStat::step1 || s->criterion.stat == CheckStat::step2 ||
                s->criterion.stat == CheckStat::step_at) {
                return s->step;
            }
        }
    }
    return bound ? std::min(*bound, horizon) : horizon;
}

bool fails_for_good(const CriterionOutcome& c) {
    if (c.passed) {
        return false;
    }
    if (const auto* s = std::get_if<StatisticOutcome>(&c.facts)) {
        return s->criterion.stat == CheckStat::max && s->gap == StatisticOutcome::Gap::none &&
               (s->nonfinite_deltas > 0 || !within_limit(s->value, s->criterion.limit));
    }
    if (const auto* m = std::get_if<ModeOutcome>(&c.facts)) {
        return m->compared > 0 && (m->nonfinite > 0 || m->failures > m->allow);
    }
    return false; // a --band's allowance may still grow: it waits for the end
}

std::optional<StepPair> pair_at_step(const Trace& other, const std::string& field,
                                     std::int64_t step, std::pair<double, int> value,
                                     bool value_is_a) {
    const FieldSeries* series = other.find_field(field);
    if (series == nullptr) {
        return std::nullopt;
    }
    const auto& steps = series->series.steps;
    const auto at = std::lower_bound(steps.begin(), steps.end(), step);
    if (at == steps.end() || *at != step) {
        return std::nullopt;
    }
    const auto i = static_cast<std::size_t>(at - steps.begin());
    const int other_decimals = series->series.decimals.empty() ? -1 : series->series.decimals[i];
    const int decimals =
        value.second < 0 || other_decimals < 0 ? -1 : std::max(value.second, other_decimals);
    const double a = value_is_a ? value.first : series->series.values[i];
    const double b = value_is_a ? series->series.values[i] : value.first;
    return StepPair{a, b, value_delta(a, b, decimals)};
}

bool same_outcomes(const std::vector<CriterionOutcome>& x, const std::vector<CriterionOutcome>& y) {
    return std::equal(x.begin(), x.end(), y.begin(), y.end(), same_outcome);
}

CriterionOutcome not_looked_at_header() {
    return {"header", false, HeaderOutcome{}};
}

CriterionOutcome not_looked_at(const MaxCriterion& criterion) {
    StatisticOutcome facts;
    facts.criterion = criterion;
    return {criterion.name, false, facts};
}

CriterionOutcome not_looked_at_mode(const CheckSpec& spec) {
    ModeOutcome facts;
    facts.mode = spec.mode;
    facts.field = spec.field;
    return {fmt::format("{} {}", spec.mode, spec.field), false, facts};
}

CriterionOutcome not_looked_at_band(const CheckSpec& spec) {
    BandOutcome facts;
    facts.field = spec.field;
    facts.band = *spec.band;
    return {fmt::format("band {}", spec.field), false, facts};
}

CriterionOutcome not_looked_at_same_steps() {
    return {"same-steps", false, SameStepsOutcome{}};
}

} // namespace tracediff
