// What a live check (live_check.hpp) can tell from a criterion's outcome on the steps read so
// far, before the run has ended.
#pragma once

#include "tracediff/gate/check.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tracediff {

// step1, step2: the steps are not there yet.
bool lacks_steps(const CriterionOutcome& c);

// The step a criterion decided while the run went on rests on: where step1, step2 or step@N
// was read, else the criterion's bound (the end of --steps) or the horizon, whichever is first.
std::int64_t decided_step(const std::vector<CriterionOutcome>& outcomes,
                          const std::optional<std::int64_t>& bound, std::int64_t horizon);

// Whether a criterion that fails on the steps so far fails whatever later steps bring: the
// largest delta, the steps outside a tolerance and the NaN values only grow as steps are
// added, so once past the limit (or past --allow) the whole-run check fails too. The median
// and the mean can come back under their limits, missing steps may still come, and a --band's
// allowance (half a unit in B's last logged decimal) may still grow.
bool fails_for_good(const CriterionOutcome& c);

// A value just logged in one trace at `step`, with its decimals, against the value of `field`
// at `step` in a finished trace `other`: A, B and the delta as the whole-file check computes
// it; nothing when `other` lacks the step. `value_is_a`: the value is A's.
struct StepPair {
    double a = 0.0;
    double b = 0.0;
    double delta = 0.0;
};
std::optional<StepPair> pair_at_step(const Trace& other, const std::string& field,
                                     std::int64_t step, std::pair<double, int> value,
                                     bool value_is_a);

// The outcome of a criterion no step has been looked at for yet (the check stopped before):
// its name and settings, no numbers.
CriterionOutcome not_looked_at_header();
CriterionOutcome not_looked_at(const MaxCriterion& criterion);
CriterionOutcome not_looked_at_mode(const CheckSpec& spec);
CriterionOutcome not_looked_at_band(const CheckSpec& spec);
CriterionOutcome not_looked_at_same_steps();

// Whether two outcomes of one criterion say the same (a step logged again changed nothing).
bool same_outcomes(const std::vector<CriterionOutcome>& x, const std::vector<CriterionOutcome>& y);

} // namespace tracediff
