#include "tracediff/render/check_report.hpp"

#include "tracediff/render/numbers.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

namespace tracediff {

namespace {

using Gap = StatisticOutcome::Gap;

// What messages name: the traces' paths, and whether A is the reference.
struct Paths {
    const std::string& a;
    const std::string& b;
    bool reference = false;
};

std::string side_name(bool is_a, const Paths& paths) {
    return is_a ? fmt::format("A ({})", paths.a) : fmt::format("B ({})", paths.b);
}

std::string steps_word(std::size_t n) {
    return n == 1 ? "1 step" : fmt::format("{} steps", n);
}

// The failure first: "B (b.jsonl) lacks 3 of the reference's 14 steps: 4-6", or for peers
// "A (a.jsonl) lacks 1 of B's 6 steps: 7; B (b.jsonl) lacks 1 of A's 6 steps: 6". `compared`
// steps are in both traces.
std::string missing_text(const MissingSteps& m, std::size_t compared, const Paths& paths) {
    const std::size_t lacks_a = step_count(m.from_a);
    const std::size_t lacks_b = step_count(m.from_b);
    std::vector<std::string> parts;
    if (lacks_a > 0) {
        parts.push_back(fmt::format("A ({}) lacks {} of B's {}: {}", paths.a, lacks_a,
                                    steps_word(compared + lacks_a), format_ranges(m.from_a, 4)));
    }
    if (lacks_b > 0) {
        const std::string whose = paths.reference ? "the reference's" : "A's";
        parts.push_back(fmt::format("B ({}) lacks {} of {} {}: {}", paths.b, lacks_b, whose,
                                    steps_word(compared + lacks_b), format_ranges(m.from_b, 4)));
    }
    return fmt::format("{}", fmt::join(parts, "; "));
}

// What a statistic's value is: "Δ", or "Δ/|A|" for a relative criterion (--max-rel).
const char* delta_name(const MaxCriterion& c) {
    return c.relative ? "Δ/|A|" : "Δ";
}

// "Δ=1.97e-07 <= 1e-06", with `where` (" (step 3)", " at step 9") after the value.
std::string limit_text(const MaxCriterion& c, double value, const std::string& where) {
    const std::string shown = format_delta(value, false);
    if (!std::isfinite(value)) {
        return fmt::format("{}={}{} is not finite", delta_name(c), shown, where);
    }
    return fmt::format("{}={} {} {}{}", delta_name(c), shown, value <= c.limit ? "<=" : ">",
                       format_shortest(c.limit), where);
}

// A whole-run statistic. When it fails for steps that are missing or deltas that are not
// finite rather than for its value, those come first, and the value after them is of the steps
// that were compared.
std::string run_statistic_text(const StatisticOutcome& s, const Paths& paths) {
    if (s.bias && std::isfinite(s.value) && s.nonfinite_deltas == 0 && !s.missing.any()) {
        // "|mean B − A|=1.20e-03 <= 0.005 (mean +1.20e-03; B higher at 700 of 1000 steps, ...)"
        const Bias& b = *s.bias;
        return fmt::format("|mean B − A|={} {} {} (mean {}; B higher at {}, lower at {} of {}; "
                           "sign test p = {})",
                           format_delta(s.value, false), s.value <= s.criterion.limit ? "<=" : ">",
                           format_shortest(s.criterion.limit), format_signed(b.mean, false),
                           b.b_higher, b.a_higher, steps_word(b.steps()),
                           format_p_value(b.p_value));
    }
    const bool is_max = s.criterion.stat == CheckStat::max;
    const std::string where = is_max ? fmt::format(" at step {}", s.step) : "";
    const bool over = !std::isfinite(s.value) || s.value > s.criterion.limit;
    std::vector<std::string> problems;
    if (s.nonfinite_deltas > 0 && std::isfinite(s.value)) {
        problems.push_back(fmt::format("{} {} not finite (first at step {})", s.nonfinite_deltas,
                                       s.nonfinite_deltas == 1 ? "delta is" : "deltas are",
                                       s.first_nonfinite_step));
    }
    if (s.missing.any()) {
        problems.push_back(missing_text(s.missing, s.compared, paths));
    }
    if (over || problems.empty()) {
        std::string text = limit_text(s.criterion, s.value, where);
        for (const auto& p : problems) {
            text += "; " + p;
        }
        return text;
    }
    return fmt::format("{}; over the {} compared: {}={}{}, within {}", fmt::join(problems, "; "),
                       steps_word(s.compared), delta_name(s.criterion),
                       format_delta(s.value, false), where, format_shortest(s.criterion.limit));
}

std::string statistic_text(const StatisticOutcome& s, const Paths& paths) {
    switch (s.gap) {
    case Gap::no_step:
        return "neither trace has a step in the checked range";
    case Gap::missing_step:
        return fmt::format("step {} is missing from {}", s.step,
                           side_name(s.missing_from_a, paths));
    case Gap::missing_in_both:
        return fmt::format("step {} is missing from both traces", s.step);
    case Gap::not_in_reference:
        return fmt::format("step {} is not a reference step: the reference A ({}) has no step {}",
                           s.step, paths.a, s.step);
    case Gap::no_common_steps:
        return "no common steps";
    case Gap::none:
        break;
    }
    const auto nominal = nominal_step(s.criterion);
    if (!nominal) {
        return run_statistic_text(s, paths);
    }
    const std::string where = s.step == *nominal ? "" : fmt::format(" (step {})", s.step);
    return limit_text(s.criterion, s.value, where);
}

std::string header_text(const HeaderOutcome& h) {
    const HeaderVerdict& v = h.verdict;
    if (v.identical()) {
        return "identical";
    }
    if (!v.a_has_header && !v.b_has_header) {
        return h.required ? "neither trace has a header (--require-header asks for one)"
                          : "neither trace has a header (--require-header makes this fail)";
    }
    if (h.without_headers != 0 && !h.required) {
        return fmt::format("not checked: {}'s format has no header record", h.without_headers);
    }
    if (!v.both_have_headers()) {
        return fmt::format("only {} has a header", v.a_has_header ? "A" : "B");
    }
    std::vector<std::string> parts;
    for (const auto& d : v.differences) {
        parts.push_back(describe_difference(d));
    }
    return fmt::format("{}", fmt::join(parts, "; "));
}

std::string same_steps_text(const SameStepsOutcome& s) {
    if (s.only_a == 0 && s.only_b == 0) {
        return s.compared > 0 ? fmt::format("all {} in both traces", steps_word(s.compared))
                              : "neither trace has a step in the checked range";
    }
    return fmt::format("{} only in A ({}), {} only in B ({})", s.only_a,
                       format_ranges(s.only_a_ranges, 4), s.only_b,
                       format_ranges(s.only_b_ranges, 4));
}

std::string tolerance_text(const Tolerance& t) {
    return fmt::format("atol={}, rtol={}", format_shortest(t.atol), format_shortest(t.rtol));
}

std::string mode_text(const ModeOutcome& m, bool passed, const Paths& paths) {
    if (m.compared == 0) {
        return "no common steps";
    }
    const std::string tolerance = tolerance_text(m.tolerance);
    if (m.failures == 0 && !m.missing.any()) {
        return fmt::format("all {} within tolerance ({})", steps_word(m.compared), tolerance);
    }
    if (m.failures == 0) {
        // Failed for the steps that are missing: that first, then what the others show.
        return fmt::format("{}; the {} compared {} within tolerance ({})",
                           missing_text(m.missing, m.compared, paths), steps_word(m.compared),
                           m.compared == 1 ? "is" : "are", tolerance);
    }
    std::string text = fmt::format("{} of {} outside tolerance ({}), first at step {}", m.failures,
                                   steps_word(m.compared), tolerance, m.first_failure);
    if (m.nonfinite > 0) {
        text += fmt::format("; {} with a NaN or infinite value", m.nonfinite);
    }
    if (m.missing.any()) {
        text += "; " + missing_text(m.missing, m.compared, paths);
    }
    if (passed) {
        text += fmt::format("; within --allow {}", m.allow);
    }
    return text;
}

std::vector<std::string> mode_details(const ModeOutcome& m) {
    if (m.worst.empty()) {
        return {};
    }
    std::vector<std::string> lines;
    const bool zero = m.tolerance.atol == 0 && m.tolerance.rtol == 0;
    lines.push_back(fmt::format("worst {} of {} ({}):", m.worst.size(), m.failures,
                                zero ? "largest Δ; the tolerance is zero"
                                     : "largest Δ relative to the tolerance"));
    for (const ModeFailure& f : m.worst) {
        // Three decimals, so that a delta just past its tolerance does not look equal to it.
        lines.push_back(fmt::format("step {}: A {}, B {}, Δ={} > {:.3e}", f.step,
                                    format_shortest(f.a), format_shortest(f.b),
                                    std::isfinite(f.delta) ? fmt::format("{:.3e}", f.delta)
                                                           : format_shortest(f.delta),
                                    f.allowed));
    }
    return lines;
}

// "mean ± 3 std" or "[min, max]" of the reruns.
std::string band_name(const BandSpec& band) {
    return band.minmax ? "[min, max] of the reruns"
                       : fmt::format("mean ± {} std of the reruns", format_shortest(band.sigmas));
}

// "3 of 100 reference steps outside the band (mean ± 3 std of the reruns), first at step 17",
// the failure first; then what the others show.
std::string band_text(const BandOutcome& b, bool passed, const Paths& paths) {
    if (b.compared == 0) {
        return "no reference step in the candidate";
    }
    const std::string band = band_name(b.band);
    if (b.outside == 0 && !b.missing.any()) {
        return fmt::format("all {} reference steps within the band ({})", b.compared, band);
    }
    if (b.outside == 0) {
        return fmt::format("{}; the {} compared {} within the band ({})",
                           missing_text(b.missing, b.compared, paths), steps_word(b.compared),
                           b.compared == 1 ? "is" : "are", band);
    }
    std::string text = fmt::format("{} of {} outside the band ({}), first at step {}", b.outside,
                                   steps_word(b.compared), band, b.first_outside);
    if (b.nonfinite > 0) {
        text += fmt::format("; {} with a NaN or infinite value", b.nonfinite);
    }
    if (b.missing.any()) {
        text += "; " + missing_text(b.missing, b.compared, paths);
    }
    if (passed) {
        text += fmt::format("; within --allow {}", b.allow);
    } else if (b.allow > 0) {
        text += fmt::format("; --allow {}", b.allow);
    }
    return text;
}

// The worst step outside the band: in standard deviations, or how far past [min, max].
std::vector<std::string> band_details(const BandOutcome& b) {
    if (!b.worst) {
        return {};
    }
    const BandOutcome::Step& w = *b.worst;
    const std::string edges =
        fmt::format("band {} to {}", format_shortest(w.low), format_shortest(w.high));
    if (b.band.minmax) {
        return {fmt::format("worst at step {}: B {}, {} ({} outside)", w.step,
                            format_shortest(w.value), edges,
                            std::isfinite(w.sigmas) ? format_delta(w.sigmas, false) : "n/a")};
    }
    const std::string sigmas = std::isinf(w.sigmas)
                                   ? std::string("the reruns agreed exactly there")
                                   : fmt::format("{:.1f} std from the mean", w.sigmas);
    return {fmt::format("worst at step {}: B {}, mean {}, {} ({})", w.step,
                        format_shortest(w.value), format_shortest(w.mean), edges, sigmas)};
}

// " (decided at step 2 after 0.013 s)", or what kept a live check from deciding.
void add_decision(CriterionResult& r, const Decision& d) {
    switch (d.when) {
    case Decision::When::at_step:
    case Decision::When::at_end:
        r.message += fmt::format(" (decided{} after {:.3f} s{})",
                                 d.step ? fmt::format(" at step {}", *d.step) : "", d.seconds,
                                 d.when == Decision::When::at_end ? ", at the end" : "");
        break;
    case Decision::When::undecided:
        r.message += "; not decided: the run ended before its steps";
        break;
    case Decision::When::not_decided:
        r.message = "not decided: the check stopped first";
        r.details.clear();
        break;
    }
}

std::string last_step_text(const std::optional<std::int64_t>& step) {
    return step ? fmt::format("{}", *step) : "none";
}

// The sentence about the criteria a run ended before deciding, if any.
std::vector<std::string> live_notes(const CheckOutcome& check) {
    std::vector<std::string> names;
    for (const auto& c : check.criteria) {
        if (c.decided && c.decided->when == Decision::When::undecided) {
            names.push_back(c.name);
        }
    }
    std::vector<std::string> notes;
    if (!names.empty()) {
        notes.push_back(fmt::format(
            "the run ended before {} {} decided; last step seen: A {}, B {}",
            fmt::join(names, ", "), names.size() == 1 ? "was" : "were",
            last_step_text(check.live->last_step_a), last_step_text(check.live->last_step_b)));
    }
    notes.insert(notes.end(), check.live->notes.begin(), check.live->notes.end());
    return notes;
}

// A note for each limit finer than both traces are written: a delta between them is 0 or at
// least the finer of the two resolutions.
std::vector<std::string> resolution_notes(const CheckOutcome& check) {
    const Resolution& a = check.resolution_a;
    const Resolution& b = check.resolution_b;
    if (a.full_precision || b.full_precision) {
        return {};
    }
    const double finest = std::min(a.value(), b.value());
    std::vector<std::string> notes;
    for (const auto& c : check.criteria) {
        const auto* s = std::get_if<StatisticOutcome>(&c.facts);
        if (s == nullptr || s->criterion.limit >= finest) {
            continue;
        }
        notes.push_back(fmt::format(
            "{}: the limit {} is finer than the logs show (A is written with {} decimals, B with "
            "{}): a delta between them is 0 or at least {}",
            c.name, format_shortest(s->criterion.limit), a.decimals, b.decimals,
            format_shortest(finest)));
    }
    return notes;
}

} // namespace

std::string count_verdict(std::size_t failed, std::size_t total, Counted counted,
                          std::size_t skipped) {
    const std::size_t n = total - skipped;
    const char* noun = counted == Counted::criteria ? (n == 1 ? "criterion" : "criteria")
                                                    : (n == 1 ? "check" : "checks");
    const std::string skip = skipped > 0 ? fmt::format(", {} skipped", skipped) : "";
    if (failed == 0) {
        return n == 1 ? fmt::format("the 1 {} passed{}", noun, skip)
                      : fmt::format("all {} {} passed{}", n, noun, skip);
    }
    return n == 1 ? fmt::format("the 1 {} failed{}", noun, skip)
                  : fmt::format("{} of {} {} failed{}", failed, n, noun, skip);
}

bool CheckResult::passed() const {
    return failed_count() == 0 && command_failure.empty();
}

std::size_t CheckResult::failed_count() const {
    return static_cast<std::size_t>(std::count_if(
        criteria.begin(), criteria.end(), [](const CriterionResult& c) { return !c.passed; }));
}

std::size_t CheckResult::skipped_count() const {
    return static_cast<std::size_t>(std::count_if(
        criteria.begin(), criteria.end(), [](const CriterionResult& c) { return c.skipped; }));
}

CriterionResult describe_criterion(const CriterionOutcome& c, const CheckOutcome& check) {
    const Paths paths{check.path_a, check.path_b, check.reference};
    CriterionResult r{c.name, c.passed, "", {}, c.skipped, {}, criterion_cells(c)};
    if (const auto* h = std::get_if<HeaderOutcome>(&c.facts)) {
        r.message = header_text(*h);
    } else if (const auto* s = std::get_if<StatisticOutcome>(&c.facts)) {
        r.message = statistic_text(*s, paths);
    } else if (const auto* m = std::get_if<ModeOutcome>(&c.facts)) {
        r.message = mode_text(*m, c.passed, paths);
        r.details = mode_details(*m);
    } else if (const auto* b = std::get_if<BandOutcome>(&c.facts)) {
        r.message = band_text(*b, c.passed, paths);
        r.details = band_details(*b);
    } else if (const auto* same = std::get_if<SameStepsOutcome>(&c.facts)) {
        r.message = same_steps_text(*same);
    }
    if (c.decided) {
        r.decided = c.decided;
        add_decision(r, *c.decided);
    }
    return r;
}

CheckResult describe_check(const CheckOutcome& check) {
    CheckResult r{check.name,   check.label_a, check.label_b, check.path_a,
                  check.path_b, check.field,   check.steps,   {}};
    for (const auto& c : check.criteria) {
        r.criteria.push_back(describe_criterion(c, check));
    }
    r.notes = resolution_notes(check);
    if (check.live) {
        const std::vector<std::string> live = live_notes(check);
        r.notes.insert(r.notes.end(), live.begin(), live.end());
        r.command_failure = check.live->command_failure;
    }
    return r;
}

} // namespace tracediff
