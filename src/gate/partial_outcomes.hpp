// What a live check (live_check.hpp) can tell from a criterion's outcome on the steps read so
// far, before the run has ended.
#pragma once

#include "tracediff/gate/check.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace tracediff {

// step1, step2: the steps are not there yet.
bool lacks_steps(const CriterionOutcome& c);

// The step a criterion decided while the run went on rests on: where step1, step2 or step@N
// was read, else the criterion's bound (the end of --steps) or the horizon, whichever is first.
std::int64_t decided_step(const std::vector<CriterionOutcome>& outcomes,
                          const std::optional<std::int64_t>& bound, std::int64_t horizon);

// Whether a criterion that fails on the steps so far fails whatever later steps bring: the
// largest delta, the steps outside a tolerance or a band and the NaN values only grow as steps
// are added, so once past the limit (or past --allow) the whole-run check fails too. The
// median and the mean can come back under their limits, and missing steps may still come.
bool fails_for_good(const CriterionOutcome& c);

// Whether two outcomes of one criterion say the same (a step logged again changed nothing).
bool same_outcomes(const std::vector<CriterionOutcome>& x, const std::vector<CriterionOutcome>& y);

} // namespace tracediff
