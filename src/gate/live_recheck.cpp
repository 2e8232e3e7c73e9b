// What a live check does when a trace logs a step again after a criterion was decided on it,
// and when the optional fields of a mode check are known for good.
#include "tracediff/gate/live_check.hpp"
#include "tracediff/read/trace_parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "live_slot.hpp"

namespace tracediff {

namespace {

bool same_number(double a, double b) {
    return a == b || (std::isnan(a) && std::isnan(b));
}

// Whether two outcomes of one criterion say the same.
bool same_outcome(const CriterionOutcome& x, const CriterionOutcome& y) {
    if (x.passed != y.passed || x.facts.index() != y.facts.index()) {
        return false;
    }
    if (const auto* a = std::get_if<StatisticOutcome>(&x.facts)) {
        const auto& b = std::get<StatisticOutcome>(y.facts);
        return a->gap == b.gap && a->step == b.step && same_number(a->value, b.value) &&
               a->missing_from_a == b.missing_from_a && a->nonfinite_deltas == b.nonfinite_deltas;
    }
    if (const auto* a = std::get_if<ModeOutcome>(&x.facts)) {
        const auto& b = std::get<ModeOutcome>(y.facts);
        return a->compared == b.compared && a->failures == b.failures &&
               a->nonfinite == b.nonfinite && a->first_failure == b.first_failure;
    }
    if (const auto* a = std::get_if<SameStepsOutcome>(&x.facts)) {
        const auto& b = std::get<SameStepsOutcome>(y.facts);
        return a->compared == b.compared && a->only_a == b.only_a && a->only_b == b.only_b;
    }
    return true;
}

bool same_outcomes(const std::vector<CriterionOutcome>& x, const std::vector<CriterionOutcome>& y) {
    return std::equal(x.begin(), x.end(), y.begin(), y.end(), same_outcome);
}

} // namespace

// Both traces as far as they are read; nothing while one lacks a required field.
std::optional<std::array<Trace, 2>> LiveCheck::snapshots() const {
    std::array<std::optional<Trace>, 2> traces;
    for (std::size_t i = 0; i < 2; ++i) {
        traces[i] = m_sides[i].trace ? m_sides[i].trace : m_sides[i].parser->snapshot();
        if (!traces[i]) {
            return std::nullopt;
        }
    }
    return std::array<Trace, 2>{std::move(*traces[0]), std::move(*traces[1])};
}

// Whether the optional fields a mode check reads are known for good: in both traces, or
// missing from one that has ended. The whole-file check reads them where both have them.
bool LiveCheck::mode_fields_known(const std::array<Trace, 2>& traces) const {
    if (m_spec.mode.empty()) {
        return true;
    }
    for (const auto& [field, required] : m_spec.fields_to_read()) {
        if (required) {
            continue;
        }
        for (std::size_t i = 0; i < 2; ++i) {
            if (traces[i].field(field).series.empty() && !m_sides[i].ended) {
                return false;
            }
        }
    }
    return true;
}

// Whether decided criterion `s` rests on `step`: a step logged again there may change it.
bool LiveCheck::rests_on(const Slot& s, std::int64_t step) const {
    if (!s.decided || s.kind == Slot::Kind::header || s.outcomes.empty()) {
        return false;
    }
    if (m_spec.steps && (step < m_spec.steps->first || step > m_spec.steps->last)) {
        return false;
    }
    const std::optional<Decision>& d = s.outcomes.front().decided;
    if (!d || !d->step) {
        return false;
    }
    if (s.kind == Slot::Kind::max && m_spec.max[s.index].stat == CheckStat::step_at) {
        return step == m_spec.max[s.index].step;
    }
    return step <= *d->step;
}

// Trace `side` has logged `step` again (or late, out of order). The whole-file check takes the
// record written last: a decided criterion that rests on the step is decided again on it, and
// fails if it fails there.
void LiveCheck::recheck(std::size_t side, std::int64_t step, double seconds) {
    const bool affected = std::any_of(m_slots.begin(), m_slots.end(),
                                      [&](const Slot& s) { return rests_on(s, step); });
    if (!m_evaluated_horizon || step > *m_evaluated_horizon || !affected) {
        return;
    }
    const std::optional<std::array<Trace, 2>> traces = snapshots();
    if (!traces) {
        return;
    }
    const std::int64_t h = *m_evaluated_horizon;
    std::vector<std::vector<CriterionOutcome>> parts = split(run_check_upto(
        m_spec, (*traces)[0], (*traces)[1], m_sides[0].input.label, m_sides[1].input.label, h));
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        Slot& s = m_slots[i];
        if (!rests_on(s, step) || same_outcomes(s.outcomes, parts[i])) {
            continue;
        }
        m_notes.push_back(fmt::format("{} logged step {} again after {} was decided on it: {} is "
                                      "decided again on the record written last",
                                      side == 0 ? "A" : "B", step, s.outcomes.front().name,
                                      s.outcomes.front().name));
        s.outcomes = std::move(parts[i]);
        decide(s, h, false, seconds);
    }
}

} // namespace tracediff
