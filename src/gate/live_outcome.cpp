#include <fmt/format.h>

#include <algorithm>

#include "live_slot.hpp"

namespace tracediff {

namespace {

// The step a criterion decided while the run went on rests on.
std::int64_t decided_step(const std::vector<CriterionOutcome>& outcomes,
                          const std::optional<std::int64_t>& bound, std::int64_t horizon) {
    if (!outcomes.empty()) {
        if (const auto* s = std::get_if<StatisticOutcome>(&outcomes.front().facts)) {
            if (s->criterion.stat == CheckStat::step1 || s->criterion.stat == CheckStat::step2 ||
                s->criterion.stat == CheckStat::step_at) {
                return s->step;
            }
        }
    }
    return bound ? std::min(*bound, horizon) : horizon;
}

} // namespace

// Whether a trace ended before the steps a criterion rests on: the run died, and the criterion
// fails as undecided. With --reference, the reference's steps are the steps that count: it is
// never short, and the candidate only of the reference's steps. step1 and step2 rest on the
// steps they are read at, not on the end of the range.
bool LiveCheck::ended_short(const Slot& s) const {
    if (s.kind == Slot::Kind::header || (!s.bound && !s.prefix)) {
        return false;
    }
    const auto short_of = [this](std::size_t side, std::int64_t step) {
        const Side& t = m_sides[side];
        const bool reference = side == 0 && m_spec.reference;
        return !reference && t.ended && (!t.max_step || *t.max_step < step);
    };
    for (const auto& c : s.outcomes) {
        const auto* f = std::get_if<StatisticOutcome>(&c.facts);
        if (f == nullptr || f->gap == StatisticOutcome::Gap::none ||
            f->gap == StatisticOutcome::Gap::not_in_reference) {
            continue; // decided: the reference is past the step and does not have it
        }
        if (f->gap != StatisticOutcome::Gap::missing_step) {
            return m_sides[0].ended || m_sides[1].ended; // the steps are not there at all
        }
        if (short_of(f->missing_from_a ? 0 : 1, f->step)) {
            return true;
        }
    }
    const std::optional<std::int64_t> bound = bound_of(s);
    return !s.prefix && bound && (short_of(0, *bound) || short_of(1, *bound));
}

// The criteria of `candidate`, one group per slot.
std::vector<std::vector<CriterionOutcome>> LiveCheck::split(const CheckOutcome& candidate) const {
    const std::size_t fixed =
        (m_spec.ignore_header ? 0 : 1) + m_spec.max.size() + (m_spec.require_same_steps ? 1 : 0);
    const std::size_t mode_count = candidate.criteria.size() - fixed;
    std::vector<std::vector<CriterionOutcome>> out;
    std::size_t next = 0;
    for (const Slot& s : m_slots) {
        const std::size_t n = s.kind == Slot::Kind::mode ? mode_count : 1;
        const auto begin = candidate.criteria.begin() + static_cast<std::ptrdiff_t>(next);
        out.emplace_back(begin, begin + static_cast<std::ptrdiff_t>(n));
        next += n;
    }
    return out;
}

// Takes the criteria of `candidate` (computed on the steps up to `horizon`) that are decided.
void LiveCheck::take(const CheckOutcome& candidate, std::int64_t horizon, bool at_end,
                     double seconds) {
    std::vector<std::vector<CriterionOutcome>> parts = split(candidate);
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        Slot& s = m_slots[i];
        if (s.decided) {
            continue;
        }
        const std::optional<std::int64_t> bound = bound_of(s);
        bool decidable = at_end || s.kind == Slot::Kind::header || (bound && horizon >= *bound);
        if (s.prefix && !lacks_steps(parts[i].front())) {
            decidable = true;
        }
        if (s.kind == Slot::Kind::mode && !at_end && !m_mode_fields_known) {
            decidable = false; // an optional field may still appear in a trace that lacks it
        }
        s.outcomes = std::move(parts[i]);
        if (decidable) {
            decide(s, horizon, at_end, seconds);
        }
    }
}

// Marks `s` decided on its outcomes, at `horizon`.
void LiveCheck::decide(Slot& s, std::int64_t horizon, bool at_end, double seconds) {
    std::optional<std::int64_t> last_seen;
    for (const Side& side : m_sides) {
        last_seen = std::max(last_seen, side.max_step);
    }
    s.decided = true;
    Decision d{Decision::When::at_step, decided_step(s.outcomes, bound_of(s), horizon), seconds};
    if (s.kind == Slot::Kind::header) {
        d.step.reset();
    }
    if (at_end && s.kind != Slot::Kind::header && !s.bound && !s.prefix) {
        d.when = Decision::When::at_end;
        d.step = last_seen.value_or(0);
    }
    if (ended_short(s)) {
        d.when = Decision::When::undecided;
        d.step = last_seen.value_or(0);
    }
    for (auto& c : s.outcomes) {
        c.decided = d;
        c.passed = c.passed && d.when != Decision::When::undecided;
    }
}

CheckOutcome LiveCheck::outcome() const {
    CheckOutcome out{.name = m_spec.name,
                     .label_a = m_sides[0].input.label,
                     .label_b = m_sides[1].input.label,
                     .path_a = m_sides[0].input.path,
                     .path_b = m_sides[1].input.path,
                     .field = m_spec.field,
                     .steps = m_spec.steps,
                     .criteria = {},
                     .live =
                         LiveRun{m_sides[0].max_step, m_sides[1].max_step, !m_all_ended, m_notes}};
    for (const Slot& s : m_slots) {
        std::vector<CriterionOutcome> outcomes = s.outcomes;
        if (outcomes.empty()) {
            switch (s.kind) {
            case Slot::Kind::header:
                outcomes.push_back({"header", false, HeaderOutcome{}});
                break;
            case Slot::Kind::max: {
                StatisticOutcome facts;
                facts.criterion = m_spec.max[s.index];
                outcomes.push_back({facts.criterion.name, false, facts});
                break;
            }
            case Slot::Kind::mode: {
                ModeOutcome facts;
                facts.mode = m_spec.mode;
                facts.field = m_spec.field;
                outcomes.push_back({fmt::format("{} {}", m_spec.mode, m_spec.field), false, facts});
                break;
            }
            case Slot::Kind::same_steps:
                outcomes.push_back({"same-steps", false, SameStepsOutcome{}});
                break;
            }
        }
        for (auto& c : outcomes) {
            if (!s.decided) {
                c.passed = true;
                c.skipped = true;
                c.decided = Decision{Decision::When::not_decided, std::nullopt, 0.0};
            }
            out.criteria.push_back(std::move(c));
        }
    }
    return out;
}

} // namespace tracediff
