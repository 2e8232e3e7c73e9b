#include <cmath>

#include "evaluate.hpp"

namespace tracediff {

namespace {

using Gap = StatisticOutcome::Gap;

CriterionOutcome outcome_of(StatisticOutcome facts, bool passed) {
    std::string name = facts.criterion.name;
    return {std::move(name), passed, std::move(facts)};
}

CriterionOutcome step_criterion(const MaxCriterion& c, const std::optional<StepDelta>& d) {
    StatisticOutcome facts;
    facts.criterion = c;
    if (!d) {
        facts.gap = Gap::no_step;
        return outcome_of(std::move(facts), false);
    }
    facts.step = d->step;
    if (!d->available()) {
        facts.gap = Gap::missing_step;
        facts.missing_from_a = !d->in_a;
        return outcome_of(std::move(facts), false);
    }
    facts.value = d->delta;
    return outcome_of(std::move(facts), within_limit(d->delta, c.limit));
}

double statistic_of(const MaxCriterion& c, const PairStats& stats) {
    switch (c.stat) {
    case CheckStat::median:
        return stats.median;
    case CheckStat::mean:
        return stats.mean;
    case CheckStat::bias:
        return std::fabs(stats.bias.mean);
    default:
        return stats.max;
    }
}

// A statistic over the whole range stands for every step only when every step is there and
// finite.
CriterionOutcome run_criterion(const MaxCriterion& c, const AlignedPair& pair,
                               const PairStats& stats) {
    StatisticOutcome facts;
    facts.criterion = c;
    if (stats.compared == 0) {
        facts.gap = Gap::no_common_steps;
        return outcome_of(std::move(facts), false);
    }
    facts.value = statistic_of(c, stats);
    facts.step = stats.max_step;
    if (c.stat == CheckStat::bias) {
        facts.bias = stats.bias;
    }
    facts.compared = stats.compared;
    facts.nonfinite_deltas = stats.nonfinite_deltas;
    facts.first_nonfinite_step = stats.first_nonfinite_step;
    facts.missing = missing_steps(pair);
    const bool passed =
        within_limit(facts.value, c.limit) && stats.nonfinite_deltas == 0 && !facts.missing.any();
    return outcome_of(std::move(facts), passed);
}

} // namespace

bool within_limit(double value, double limit) {
    return std::isfinite(value) && value <= limit;
}

MissingSteps missing_steps(const AlignedPair& pair) {
    return {to_ranges(pair.only_b), to_ranges(pair.only_a)};
}

CriterionOutcome statistic_criterion(const MaxCriterion& c, const AlignedPair& pair,
                                     const PairStats& stats) {
    switch (c.stat) {
    case CheckStat::step1:
        return step_criterion(c, stats.step1);
    case CheckStat::step2:
        return step_criterion(c, stats.step2);
    case CheckStat::step_at: {
        const StepDelta d = delta_at(pair, c.step);
        if (!d.in_a && !d.in_b) {
            StatisticOutcome facts;
            facts.criterion = c;
            facts.gap = Gap::missing_in_both;
            facts.step = c.step;
            return outcome_of(std::move(facts), false);
        }
        return step_criterion(c, d);
    }
    case CheckStat::median:
    case CheckStat::max:
    case CheckStat::mean:
    case CheckStat::bias:
        break;
    }
    return run_criterion(c, pair, stats);
}

} // namespace tracediff
