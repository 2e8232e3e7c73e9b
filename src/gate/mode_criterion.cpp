#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "evaluate.hpp"

namespace tracediff {

namespace {

// How far past the tolerance a failure is: its delta over the delta allowed there, or the delta
// itself where nothing is allowed (--atol 0 --rtol 0, where every ratio would be infinite).
// Non-finite values count as infinitely far.
double excess(const ModeFailure& f) {
    if (!std::isfinite(f.delta)) {
        return std::numeric_limits<double>::infinity();
    }
    return f.allowed > 0 ? f.delta / f.allowed : f.delta;
}

// The worst failures, the first step first among equals.
std::vector<ModeFailure> worst_of(std::vector<ModeFailure> failures) {
    std::stable_sort(
        failures.begin(), failures.end(),
        [](const ModeFailure& x, const ModeFailure& y) { return excess(x) > excess(y); });
    failures.resize(std::min(failures.size(), k_worst_shown));
    return failures;
}

} // namespace

void ModeTally::extend(const AlignedPair& pair, const Tolerance& tol) {
    for (std::size_t i = looked_at; i < pair.steps.size(); ++i) {
        const double a = pair.a[i];
        const double b = pair.b[i];
        const double delta = pair.delta(i);
        if (within_tolerance(a, b, delta, tol)) {
            continue;
        }
        failures.push_back({pair.steps[i], a, b, delta, allowed_delta(a, b, tol)});
        if (!std::isfinite(a) || !std::isfinite(b)) {
            ++nonfinite;
        }
    }
    looked_at = pair.steps.size();
}

// Every compared step must be within tolerance; a step with a NaN or infinite value, or a
// step that one trace lacks, fails whatever --allow says.
CriterionOutcome mode_criterion(const std::string& mode, const Tolerance& tol,
                                const std::string& field, const AlignedPair& pair,
                                std::size_t allow) {
    ModeTally tally;
    tally.extend(pair, tol);
    return mode_criterion(mode, tol, field, pair, allow, tally);
}

CriterionOutcome mode_criterion(const std::string& mode, const Tolerance& tol,
                                const std::string& field, const AlignedPair& pair,
                                std::size_t allow, const ModeTally& tally) {
    ModeOutcome facts;
    facts.mode = mode;
    facts.field = field;
    facts.tolerance = tol;
    facts.allow = allow;
    const std::string name = fmt::format("{} {}", mode, field);
    facts.compared = pair.steps.size();
    if (facts.compared == 0) {
        return {name, false, std::move(facts)};
    }
    facts.failures = tally.failures.size();
    facts.nonfinite = tally.nonfinite;
    if (!tally.failures.empty()) {
        facts.first_failure = tally.failures.front().step;
    }
    facts.missing = missing_steps(pair);
    const bool passed = facts.nonfinite == 0 && !facts.missing.any() && facts.failures <= allow;
    if (!passed) {
        facts.worst = worst_of(tally.failures);
    }
    return {name, passed, std::move(facts)};
}

} // namespace tracediff
