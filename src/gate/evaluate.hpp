// The criteria one by one, each decided on an aligned pair of series.
#pragma once

#include "tracediff/compare/align.hpp"
#include "tracediff/compare/stats.hpp"
#include "tracediff/gate/check.hpp"

#include <string>

namespace tracediff {

// Steps of the pair that one trace lacks.
MissingSteps missing_steps(const AlignedPair& pair);

// --max: a step delta or a whole-run statistic against its limit (statistic_criterion.cpp).
CriterionOutcome statistic_criterion(const MaxCriterion& criterion, const AlignedPair& pair,
                                     const PairStats& stats);

// --mode: every compared step of one field within the tolerance (mode_criterion.cpp).
CriterionOutcome mode_criterion(const std::string& mode, const Tolerance& tolerance,
                                const std::string& field, const AlignedPair& pair,
                                std::size_t allow);

} // namespace tracediff
