// What the CI gate checks: criteria as the command line or a manifest gives them.
//
// Three kinds of criteria:
//   --max STAT=LIMIT   a statistic of the compared field must be at most LIMIT
//   --mode NAME        every compared step of each checked field must be close (the field,
//                      and lr, grad_norm, param_norm where both traces have them):
//                      |a - b| <= max(rtol * max(|a|, |b|), atol), as Python's math.isclose
//   --require-same-steps, and the header identity check
// A criterion never passes on a value that is NaN, infinite or missing.
#pragma once

#include "tracediff/compare/step_range.hpp"
#include "tracediff/error.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tracediff {

// bias: |mean of B - A| over the compared steps (compare/stats.hpp).
enum class CheckStat { step1, step2, median, max, mean, step_at, bias };

struct MaxCriterion {
    CheckStat stat = CheckStat::step1;
    std::int64_t step = 0; // for step_at
    double limit = 0.0;
    std::string name; // as the user wrote the statistic: "step1", "step@5"; "max rel"
    // --max-rel: the statistic of the relative deltas |A - B| / |A| (A the reference), as
    // Megatron's tests hold each metric to a relative tolerance. Not for bias.
    bool relative = false;
};

// The same criterion on the relative deltas: its name gains " rel". Throws CriterionError for
// the bias, which has no relative form.
MaxCriterion relative_criterion(MaxCriterion criterion);

// What make_max_criterion refuses, and which part of the criterion it is, so that each front end
// can name the criterion in its own spelling (--max step1=..., max={"step1": ...},
// checks[0].max.step1).
class CriterionError : public Error {
public:
    enum class Part { stat, limit };
    CriterionError(Part part, const std::string& message) : Error(message), m_part(part) {}
    Part part() const { return m_part; }

private:
    Part m_part;
};

// The one place a criterion is validated: `stat` is step1, step2, median, max, mean or step@N
// (N >= 0), `limit` a finite number >= 0. Throws CriterionError ("unknown statistic 'step3'
// (expected ...)", "the limit must be a finite number >= 0").
MaxCriterion make_max_criterion(const std::string& stat, double limit);

// The criterion written as text, "STAT=LIMIT" with a decimal LIMIT (the command line's --max),
// e.g. "step1=1e-5" or "step@100=0.01". Throws Error when malformed.
MaxCriterion parse_max_criterion(const std::string& text);

// The step a step criterion reads its delta at when both traces have it: 1 for step1, 2 for
// step2, N for step@N; nothing for the whole-run statistics.
std::optional<std::int64_t> nominal_step(const MaxCriterion& criterion);

struct Tolerance {
    double atol = 0.0;
    double rtol = 0.0;
};

// The presets of the lean4-mlir trace comparator: strict (1e-4, 1e-3), cross-gpu (1e-3, 1e-2),
// cross-comp (1e-2, 1e-1) as (atol, rtol). Nothing for an unknown name.
std::optional<Tolerance> mode_tolerance(const std::string& mode);

// Python's math.isclose(a, b, rel_tol=rtol, abs_tol=atol) for finite values. Non-finite values
// are never close here, not even two equal infinities: a gate must not pass on them.
bool within_tolerance(double a, double b, const Tolerance& tolerance);
// The same with |a - b| given: as the values were written (compare/stats.hpp, value_delta).
bool within_tolerance(double a, double b, double delta, const Tolerance& tolerance);

// The largest |a - b| a tolerance accepts at values a and b, from the finite ones among them.
double allowed_delta(double a, double b, const Tolerance& tolerance);

// Parses "A-B" (inclusive) or a single step "N". Throws Error when malformed.
StepRange parse_step_range(const std::string& text);

// How a front end spells an option of the criteria in messages: the name is the option's bare
// name ("max", "atol", "require_header"); the command line answers "--max STAT=LIMIT", "--atol".
using OptionSpelling = std::function<std::string(std::string_view name)>;

// --band K or --band minmax: the candidate against a band a golden holds (written by `tracediff
// golden` from reruns): within K standard deviations of the reruns' mean, or within their
// [min, max], at each reference step; plus half a unit in the candidate's last logged decimal, so
// a step where every rerun agreed bit for bit demands agreement to the logged digits.
struct BandSpec {
    bool minmax = false;
    double sigmas = 0.0; // K, when not minmax
};

// The fields of a reference golden that hold a band of `field` (read/megatron_format.cpp).
std::string band_field(const std::string& field, const char* part); // "loss.std"

struct CheckSpec {
    std::string name;           // the check's name in a manifest; "" on the command line
    std::string field = "loss"; // the field --max criteria read
    bool field_given = false;   // --field given: the mode checks only that field
    std::vector<MaxCriterion> max;
    std::string mode; // "" for none
    std::optional<double> atol;
    std::optional<double> rtol;
    std::optional<StepRange> steps;
    std::size_t allow = 0; // failing steps a mode or band check tolerates, per field
    // --allow P%: the budget as a share of the reference's (A's) steps in the checked range
    // instead of a count.
    std::optional<double> allow_percent;
    std::optional<BandSpec> band;
    bool require_same_steps = false;
    bool ignore_header = false;
    bool require_header = false; // fail, rather than skip, when neither trace has a header
    // --reference: A is the reference, and its steps are the steps that count. Steps only B
    // has are left out; a step of A that B lacks is missing. Otherwise A and B are peers.
    bool reference = false;

    // The fields a trace must be read with for this check, required or optional; the reference
    // (A) also reads the band's fields.
    std::vector<std::pair<std::string, bool>> fields_to_read() const;
    std::vector<std::pair<std::string, bool>> reference_fields_to_read() const;
    // The failing steps a mode or band check tolerates when A has `counted` steps that count.
    std::size_t allowed_failures(std::size_t counted) const;
    // The tolerance of the mode, with --atol and --rtol applied. Only with a mode.
    Tolerance tolerance() const;
    // Throws Error when the spec checks nothing or combines options wrongly. The message names
    // the options as `spell` gives them ("--atol" on the command line); by default by their
    // bare names ("atol"), as the Python module and a manifest's checks spell them.
    void validate(const OptionSpelling& spell = {}) const;
};

} // namespace tracediff
