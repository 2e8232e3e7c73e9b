// The criteria one by one, each decided on an aligned pair of series.
#pragma once

#include "tracediff/compare/align.hpp"
#include "tracediff/compare/stats.hpp"
#include "tracediff/gate/check.hpp"

#include <string>
#include <vector>

namespace tracediff {

// Steps of the pair that one trace lacks.
MissingSteps missing_steps(const AlignedPair& pair);

// A delta or a statistic against its limit; a non-finite value never passes
// (statistic_criterion.cpp).
bool within_limit(double value, double limit);

// --max: a step delta or a whole-run statistic against its limit (statistic_criterion.cpp).
CriterionOutcome statistic_criterion(const MaxCriterion& criterion, const AlignedPair& pair,
                                     const PairStats& stats);

// The --max criteria of `spec`, in order, on the pair of its field and the pair's statistics
// (check.cpp); the relative ones on the relative deltas.
void add_max_criteria(const CheckSpec& spec, const AlignedPair& primary, const PairStats& stats,
                      std::vector<CriterionOutcome>& out);

// --require-same-steps: every step in both traces (check.cpp).
CriterionOutcome same_steps_criterion(const AlignedPair& pair);

// --mode: every compared step of one field within the tolerance (mode_criterion.cpp).
CriterionOutcome mode_criterion(const std::string& mode, const Tolerance& tolerance,
                                const std::string& field, const AlignedPair& pair,
                                std::size_t allow);

// The compared steps of a pair outside a mode's tolerance, for a pair whose compared steps
// grow at the end (a live check's): each step looked at once, when it is added.
struct ModeTally {
    std::vector<ModeFailure> failures; // in step order
    std::size_t nonfinite = 0;         // of those, steps with a NaN or infinite value
    std::size_t looked_at = 0;         // the compared steps looked at

    // Looks at the compared steps of `pair` added since the last call.
    void extend(const AlignedPair& pair, const Tolerance& tolerance);
};

// The same as mode_criterion for `pair` with `tally` up to date on it.
CriterionOutcome mode_criterion(const std::string& mode, const Tolerance& tolerance,
                                const std::string& field, const AlignedPair& pair,
                                std::size_t allow, const ModeTally& tally);

// --band: every reference step of the candidate within the band (band_criterion.cpp).
// `pair` is the reference's values (the mean) against B's; `edges` the band's series at the
// reference's steps: std, or min and max; `half_unit` half a unit in B's last logged decimal.
struct BandSeries {
    const Series* std = nullptr;
    const Series* min = nullptr;
    const Series* max = nullptr;
};
CriterionOutcome band_criterion(const std::string& field, const BandSpec& band,
                                const AlignedPair& pair, const BandSeries& edges, double half_unit,
                                std::size_t allow);

} // namespace tracediff
