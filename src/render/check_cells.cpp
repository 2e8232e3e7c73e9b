// The cells of the summary table of `check --format markdown`: each criterion's limit, the
// value found and its step, from the outcome's facts.
#include "tracediff/render/check_report.hpp"
#include "tracediff/render/numbers.hpp"

#include <fmt/format.h>

namespace tracediff {

namespace {

using Gap = StatisticOutcome::Gap;

CriterionCells header_cells(const HeaderOutcome& h) {
    const HeaderVerdict& v = h.verdict;
    std::string value;
    if (v.identical()) {
        value = "identical";
    } else if (!v.a_has_header && !v.b_has_header) {
        value = "no headers";
    } else if (h.without_headers != 0 && !h.required) {
        value = fmt::format("{} has no header record", h.without_headers);
    } else if (!v.both_have_headers()) {
        value = fmt::format("only {} has one", v.a_has_header ? "A" : "B");
    } else {
        value = fmt::format("{} {}", v.differences.size(),
                            v.differences.size() == 1 ? "field differs" : "fields differ");
    }
    return {"identical", value, std::nullopt};
}

CriterionCells statistic_cells(const StatisticOutcome& s) {
    const std::string limit = format_shortest(s.criterion.limit);
    switch (s.gap) {
    case Gap::no_step:
    case Gap::no_common_steps:
        return {limit, "n/a", std::nullopt};
    case Gap::missing_step:
        return {limit, fmt::format("missing from {}", s.missing_from_a ? "A" : "B"), s.step};
    case Gap::missing_in_both:
        return {limit, "missing from both", s.step};
    case Gap::not_in_reference:
        return {limit, "not a reference step", s.step};
    case Gap::none:
        break;
    }
    // Step statistics and the max have a step; the median and the mean are of every step.
    const bool has_step = nominal_step(s.criterion) || s.criterion.stat == CheckStat::max;
    return {limit, format_delta(s.value, true),
            has_step ? std::optional<std::int64_t>(s.step) : std::nullopt};
}

CriterionCells mode_cells(const ModeOutcome& m) {
    std::string limit = fmt::format("atol={}, rtol={}", format_shortest(m.tolerance.atol),
                                    format_shortest(m.tolerance.rtol));
    if (m.allow > 0) {
        limit += fmt::format(", allow {}", m.allow);
    }
    if (m.compared == 0) {
        return {limit, "no common steps", std::nullopt};
    }
    std::string value = fmt::format("{} of {} steps outside", m.failures, m.compared);
    if (m.missing.any()) {
        value += ", steps missing";
    }
    return {limit, value,
            m.failures > 0 ? std::optional<std::int64_t>(m.first_failure) : std::nullopt};
}

CriterionCells same_steps_cells(const SameStepsOutcome& s) {
    if (s.only_a == 0 && s.only_b == 0) {
        return {"same steps", fmt::format("{} in both", s.compared), std::nullopt};
    }
    return {"same steps", fmt::format("{} only in A, {} only in B", s.only_a, s.only_b),
            std::nullopt};
}

CriterionCells band_cells(const BandOutcome& b) {
    std::string limit =
        b.band.minmax ? "[min, max]" : fmt::format("{} std", format_shortest(b.band.sigmas));
    if (b.allow > 0) {
        limit += fmt::format(", allow {}", b.allow);
    }
    if (b.compared == 0) {
        return {limit, "no reference steps", std::nullopt};
    }
    std::string value = fmt::format("{} of {} steps outside", b.outside, b.compared);
    if (b.missing.any()) {
        value += ", steps missing";
    }
    return {limit, value,
            b.outside > 0 ? std::optional<std::int64_t>(b.first_outside) : std::nullopt};
}

// The cells of an outcome's facts.
CriterionCells facts_cells(const CriterionOutcome& c) {
    if (const auto* h = std::get_if<HeaderOutcome>(&c.facts)) {
        return header_cells(*h);
    }
    if (const auto* s = std::get_if<StatisticOutcome>(&c.facts)) {
        return statistic_cells(*s);
    }
    if (const auto* m = std::get_if<ModeOutcome>(&c.facts)) {
        return mode_cells(*m);
    }
    if (const auto* b = std::get_if<BandOutcome>(&c.facts)) {
        return band_cells(*b);
    }
    if (const auto* same = std::get_if<SameStepsOutcome>(&c.facts)) {
        return same_steps_cells(*same);
    }
    return {};
}

} // namespace

CriterionCells criterion_cells(const CriterionOutcome& c) {
    if (c.decided && c.decided->when == Decision::When::not_decided) {
        CriterionCells cells = facts_cells(c);
        return {std::move(cells.limit), "not decided",
                std::nullopt}; // the values seen so far are no verdict
    }
    return facts_cells(c);
}

} // namespace tracediff
