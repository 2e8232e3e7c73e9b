// The CI gate: the criteria of a CheckSpec (criteria.hpp) run on one pair of traces. Each
// criterion's outcome holds the facts it was decided on (values, limits, steps, what is
// missing); render/check_report.hpp puts them into words.
#pragma once

#include "tracediff/compare/drift.hpp"
#include "tracediff/compare/header_check.hpp"
#include "tracediff/compare/step_range.hpp"
#include "tracediff/gate/criteria.hpp"
#include "tracediff/read/trace.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace tracediff {

// Steps of the checked range that only one trace has.
struct MissingSteps {
    std::vector<StepRange> from_a; // steps A lacks (B has them)
    std::vector<StepRange> from_b; // steps B lacks
    bool any() const { return !from_a.empty() || !from_b.empty(); }
};

// How many steps `ranges` hold.
std::size_t step_count(const std::vector<StepRange>& ranges);

// The header identity check. Skipped (passed, not checked) when neither trace has a header,
// unless required.
struct HeaderOutcome {
    HeaderVerdict verdict;
    bool required = false; // --require-header
    // The format of A or B has no header record (golden values, CSV, event files): only one can
    // have a header, so the check is skipped unless required. 'A', 'B', or 0 when both can.
    char without_headers = 0;
};

// --max STAT=LIMIT.
struct StatisticOutcome {
    enum class Gap {
        none,             // `value` was computed
        no_step,          // neither trace has a step in the checked range (step1, step2)
        missing_step,     // one trace lacks `step` (missing_from_a says which)
        missing_in_both,  // neither trace has step@N
        not_in_reference, // with --reference: the reference A has no step@N
        no_common_steps,  // a whole-run statistic with nothing to compare
    };
    MaxCriterion criterion;
    Gap gap = Gap::none;
    bool missing_from_a = false;
    std::int64_t step = 0; // where the value was read: the step, or the step of the max
    double value = 0.0;    // the delta or the statistic
    // Whole-run statistics only: the steps compared, the deltas that are not finite, and the
    // steps one trace lacks.
    std::size_t compared = 0;
    std::size_t nonfinite_deltas = 0;
    std::int64_t first_nonfinite_step = 0;
    MissingSteps missing;
    std::optional<Bias> bias{}; // --max bias only: the signed mean and the sign counts
};

// --mode NAME on one field.
struct ModeFailure {
    std::int64_t step = 0;
    double a = 0.0;
    double b = 0.0;
    double delta = 0.0;
    double allowed = 0.0;
};

struct ModeOutcome {
    std::string mode;
    std::string field;
    Tolerance tolerance;
    std::size_t compared = 0;  // common steps; none compared never passes
    std::size_t failures = 0;  // compared steps outside the tolerance
    std::size_t nonfinite = 0; // of those, steps with a NaN or infinite value
    std::int64_t first_failure = 0;
    MissingSteps missing;
    std::size_t allow = 0;
    std::vector<ModeFailure> worst; // when it fails: the worst failures, worst first
};

// --band K or --band minmax against a reference band.
struct BandOutcome {
    std::string field;
    BandSpec band;
    std::size_t reference_steps = 0; // the reference's steps in the checked range
    std::size_t compared = 0;        // of those, the steps B has
    std::size_t outside = 0;         // compared steps outside the band
    std::size_t nonfinite = 0;       // of those, steps where B (or the band) is not finite
    std::int64_t first_outside = 0;
    // The worst step outside: the most standard deviations from the mean (infinite where the
    // reruns agreed exactly), or for minmax the farthest outside [min, max].
    struct Step {
        std::int64_t step = 0;
        double value = 0.0; // B
        double mean = 0.0;
        double low = 0.0; // the band's edges there
        double high = 0.0;
        double sigmas = 0.0; // |B - mean| / std; for minmax, the distance past the nearer edge
    };
    std::optional<Step> worst;
    MissingSteps missing; // reference steps B lacks
    std::size_t allow = 0;
};

// --require-same-steps.
struct SameStepsOutcome {
    std::size_t compared = 0;
    std::size_t only_a = 0;
    std::size_t only_b = 0;
    std::vector<StepRange> only_a_ranges;
    std::vector<StepRange> only_b_ranges;
};

using CriterionFacts =
    std::variant<HeaderOutcome, StatisticOutcome, ModeOutcome, BandOutcome, SameStepsOutcome>;

// When a live check (live_check.hpp) decided a criterion.
struct Decision {
    enum class When {
        at_step,     // once both traces were past the steps it rests on (or had ended)
        at_end,      // when the run ended: a whole-run statistic
        undecided,   // the run ended before the steps it rests on: it fails
        not_decided, // the check stopped first, as another criterion failed
    };
    When when = When::at_end;
    // The last step it rests on (at_step), or the last step seen; nothing for the header.
    std::optional<std::int64_t> step;
    double seconds = 0.0; // since the check started
};

struct CriterionOutcome {
    std::string name; // "step1", "header", "cross-comp loss", "same-steps"
    bool passed = false;
    CriterionFacts facts;
    bool skipped = false;              // not checked, and so not failed: a header neither trace has
    std::optional<Decision> decided{}; // live checks only
};

// How a live check's run went: the last step each trace reached, and what ended it.
struct LiveRun {
    std::optional<std::int64_t> last_step_a;
    std::optional<std::int64_t> last_step_b;
    bool stopped_early = false;     // a criterion failed, or all passed, before the end
    std::vector<std::string> notes; // sentences about the run, e.g. the command's exit status
    // The command (-- COMMAND) failed after every criterion passed: "the command (python)
    // exited with status 3"; the check fails with it. "" when it did not.
    std::string command_failure{};
};

struct CheckOutcome {
    std::string name; // of the check; "" on the command line
    std::string label_a;
    std::string label_b;
    std::string path_a;
    std::string path_b;
    std::string field;
    std::optional<StepRange> steps;
    std::vector<CriterionOutcome> criteria;
    std::optional<LiveRun> live{}; // live checks only
    bool reference = false;        // A is the reference: its steps are the steps that count
    // The decimals each trace writes the checked field with (compare/drift.hpp): a limit finer
    // than both cannot be told from zero.
    Resolution resolution_a{};
    Resolution resolution_b{};

    bool passed() const;
};

// The worst mode failures shown: the first k_worst_shown by excess over the tolerance.
inline constexpr std::size_t k_worst_shown = 10;

// Runs every criterion of `spec` on traces `a` and `b` (read with spec.fields_to_read()).
CheckOutcome run_check(const CheckSpec& spec, const Trace& a, const Trace& b,
                       const std::string& label_a, const std::string& label_b);

// The same on the steps up to `horizon` only: what a live check decides on while the run goes
// on. Only the criteria that rest on those steps alone have their final outcome.
CheckOutcome run_check_upto(const CheckSpec& spec, const Trace& a, const Trace& b,
                            const std::string& label_a, const std::string& label_b,
                            std::int64_t horizon);

} // namespace tracediff
