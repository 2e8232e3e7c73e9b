#include "tracediff/render/check_report.hpp"

#include "tracediff/render/numbers.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

namespace tracediff {

namespace {

using Gap = StatisticOutcome::Gap;

struct Paths {
    const std::string& a;
    const std::string& b;
};

std::string side_name(bool is_a, const Paths& paths) {
    return is_a ? fmt::format("A ({})", paths.a) : fmt::format("B ({})", paths.b);
}

// "A (a.jsonl) lacks 2-3; B (b.jsonl) lacks 7".
std::string missing_text(const MissingSteps& m, const Paths& paths) {
    std::vector<std::string> parts;
    if (!m.from_a.empty()) {
        parts.push_back(fmt::format("A ({}) lacks {}", paths.a, format_ranges(m.from_a, 4)));
    }
    if (!m.from_b.empty()) {
        parts.push_back(fmt::format("B ({}) lacks {}", paths.b, format_ranges(m.from_b, 4)));
    }
    return fmt::format("{}", fmt::join(parts, "; "));
}

// "Δ=1.97e-07 <= 1e-06", with `where` (" (step 3)", " at step 9") after the value.
std::string limit_text(double value, double limit, const std::string& where) {
    const std::string shown = format_delta(value, false);
    if (!std::isfinite(value)) {
        return fmt::format("Δ={}{} is not finite", shown, where);
    }
    return fmt::format("Δ={} {} {}{}", shown, value <= limit ? "<=" : ">", format_shortest(limit),
                       where);
}

std::string run_statistic_text(const StatisticOutcome& s, const Paths& paths) {
    const bool is_max = s.criterion.stat == CheckStat::max;
    std::string text =
        limit_text(s.value, s.criterion.limit, is_max ? fmt::format(" at step {}", s.step) : "");
    if (s.nonfinite_deltas > 0 && std::isfinite(s.value)) {
        text += fmt::format("; {} {} not finite (first at step {})", s.nonfinite_deltas,
                            s.nonfinite_deltas == 1 ? "delta is" : "deltas are",
                            s.first_nonfinite_step);
    }
    if (s.missing.any()) {
        text += fmt::format("; steps missing: {}", missing_text(s.missing, paths));
    }
    return text;
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
    return limit_text(s.value, s.criterion.limit, where);
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
        return s.compared > 0 ? fmt::format("all {} steps in both traces", s.compared)
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
        return fmt::format("all {} steps within tolerance ({})", m.compared, tolerance);
    }
    std::string text =
        m.failures == 0
            ? fmt::format("all {} compared steps within tolerance ({})", m.compared, tolerance)
            : fmt::format("{} of {} steps outside tolerance ({}), first at step {}", m.failures,
                          m.compared, tolerance, m.first_failure);
    if (m.nonfinite > 0) {
        text += fmt::format("; {} with a NaN or infinite value", m.nonfinite);
    }
    if (m.missing.any()) {
        text += fmt::format("; steps missing: {}", missing_text(m.missing, paths));
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

} // namespace

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
    const Paths paths{check.path_a, check.path_b};
    CriterionResult r{c.name, c.passed, "", {}, c.skipped, {}, criterion_cells(c)};
    if (const auto* h = std::get_if<HeaderOutcome>(&c.facts)) {
        r.message = header_text(*h);
    } else if (const auto* s = std::get_if<StatisticOutcome>(&c.facts)) {
        r.message = statistic_text(*s, paths);
    } else if (const auto* m = std::get_if<ModeOutcome>(&c.facts)) {
        r.message = mode_text(*m, c.passed, paths);
        r.details = mode_details(*m);
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
    if (check.live) {
        r.notes = live_notes(check);
        r.command_failure = check.live->command_failure;
    }
    return r;
}

} // namespace tracediff
