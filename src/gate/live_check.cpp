#include "tracediff/gate/live_check.hpp"

#include "tracediff/read/trace_parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "live_slot.hpp"

namespace tracediff {

namespace {

constexpr std::int64_t k_end = std::numeric_limits<std::int64_t>::max();

bool is_step_stat(const MaxCriterion& c) {
    return c.stat == CheckStat::step1 || c.stat == CheckStat::step2;
}

} // namespace

LiveCheck::LiveCheck(CheckSpec spec, LiveTrace a, LiveTrace b) : m_spec(std::move(spec)) {
    m_sides[0].input = std::move(a);
    m_sides[1].input = std::move(b);
    for (auto& side : m_sides) {
        side.parser = std::make_unique<TraceParser>(side.input.path, side.input.options);
    }
    const std::optional<std::int64_t> last =
        m_spec.steps ? std::optional<std::int64_t>(m_spec.steps->last) : std::nullopt;
    if (!m_spec.ignore_header) {
        m_slots.push_back({Slot::Kind::header, 0, std::nullopt, false, {}, false});
    }
    for (std::size_t i = 0; i < m_spec.max.size(); ++i) {
        const MaxCriterion& c = m_spec.max[i];
        const bool at = c.stat == CheckStat::step_at;
        m_slots.push_back({Slot::Kind::max,
                           i,
                           at ? std::optional<std::int64_t>(c.step) : last,
                           is_step_stat(c),
                           {},
                           false});
    }
    if (!m_spec.mode.empty()) {
        m_slots.push_back({Slot::Kind::mode, 0, last, false, {}, false});
    }
    if (m_spec.require_same_steps) {
        m_slots.push_back({Slot::Kind::same_steps, 0, last, false, {}, false});
    }
}

LiveCheck::~LiveCheck() = default;

void LiveCheck::add_line(std::size_t side, std::string_view line, double seconds) {
    Side& s = m_sides[side];
    const std::size_t before = s.parser->step_records();
    s.parser->add_line(line);
    if (s.parser->step_records() == before) {
        return; // a header, a blank line, or a line that may be an unfinished last one
    }
    const std::int64_t step = *s.parser->last_step();
    note_first_step(side, step);
    if (!s.max_step || step > *s.max_step) {
        s.max_step = step;
        evaluate(seconds);
    } else {
        recheck(side, step, seconds); // a step logged again, or out of order
    }
}

// The two smallest steps of the checked range either trace has (the reference, with one):
// where step1 and step2 are read.
void LiveCheck::note_first_step(std::size_t side, std::int64_t step) {
    const bool counts = side == 0 || !m_spec.reference;
    const bool in_range =
        !m_spec.steps || (step >= m_spec.steps->first && step <= m_spec.steps->last);
    if (counts && in_range &&
        std::find(m_first_steps.begin(), m_first_steps.end(), step) == m_first_steps.end()) {
        m_first_steps.push_back(step);
        std::sort(m_first_steps.begin(), m_first_steps.end());
        m_first_steps.resize(std::min<std::size_t>(m_first_steps.size(), 2));
    }
}

void LiveCheck::end(std::size_t side, double seconds) {
    Side& s = m_sides[side];
    if (s.ended) {
        return;
    }
    s.trace = s.parser->finish();
    s.ended = true;
    if (m_sides[0].ended && m_sides[1].ended) {
        evaluate_at_end(seconds);
    } else {
        evaluate(seconds);
    }
}

std::vector<std::string> LiveCheck::warnings() const {
    std::vector<std::string> out;
    for (const Side& s : m_sides) {
        if (s.trace) {
            out.insert(out.end(), s.trace->warnings.begin(), s.trace->warnings.end());
        }
    }
    return out;
}

bool LiveCheck::failed() const {
    return std::any_of(m_slots.begin(), m_slots.end(), [](const Slot& s) {
        return s.decided && std::any_of(s.outcomes.begin(), s.outcomes.end(),
                                        [](const CriterionOutcome& c) { return !c.passed; });
    });
}

bool LiveCheck::done() const {
    return failed() ||
           std::all_of(m_slots.begin(), m_slots.end(), [](const Slot& s) { return s.decided; });
}

// The last step both traces are past: every step up to it is final in both.
std::optional<std::int64_t> LiveCheck::horizon() const {
    std::int64_t h = k_end;
    for (const Side& s : m_sides) {
        if (s.ended) {
            continue;
        }
        if (!s.max_step || *s.max_step == std::numeric_limits<std::int64_t>::min()) {
            return std::nullopt;
        }
        h = std::min(h, *s.max_step - 1);
    }
    return h;
}

std::size_t LiveCheck::records() const {
    std::size_t n = 0;
    for (const Side& s : m_sides) {
        n += s.trace ? s.trace->step_records : s.parser->step_records();
    }
    return n;
}

// The step a bounded criterion is decided past. With --reference, once the reference has
// ended, its steps are all there: past its last one, no step that counts can come.
std::optional<std::int64_t> LiveCheck::bound_of(const Slot& s) const {
    const Side& ref = m_sides[0];
    if (s.bound && m_spec.reference && ref.ended && ref.max_step) {
        return std::min(*s.bound, *ref.max_step);
    }
    return s.bound;
}

// Whether a criterion not yet decided might be decided at `horizon`: a snapshot of both traces
// costs their size, so it is taken only then.
bool LiveCheck::worth_evaluating(std::int64_t horizon) const {
    return std::any_of(m_slots.begin(), m_slots.end(), [&](const Slot& s) {
        if (s.decided) {
            return false;
        }
        const std::optional<std::int64_t> bound = bound_of(s);
        const bool ready = bound && horizon >= *bound;
        if (s.kind == Slot::Kind::mode && ready && !m_mode_fields_known) {
            return records() >= m_next_mode_try; // an optional field one trace lacks so far
        }
        if (s.kind == Slot::Kind::header || ready) {
            return true;
        }
        return prefix_ready(s, horizon) && records() >= m_next_prefix_try;
    });
}

// step1 or step2, when both traces are past the step it is likely read at.
bool LiveCheck::prefix_ready(const Slot& s, std::int64_t horizon) const {
    if (!s.prefix) {
        return false;
    }
    const std::size_t k = m_spec.max[s.index].stat == CheckStat::step1 ? 0 : 1;
    return m_first_steps.size() > k && horizon >= m_first_steps[k];
}

void LiveCheck::evaluate(double seconds) {
    const std::optional<std::int64_t> h = horizon();
    if (!h || (m_evaluated_horizon && *h <= *m_evaluated_horizon) ||
        records() < m_next_snapshot_try || !worth_evaluating(*h)) {
        return;
    }
    std::optional<std::array<Trace, 2>> traces = snapshots();
    if (!traces) {
        m_next_snapshot_try = 2 * records(); // a required field is not there yet
        return;
    }
    m_evaluated_horizon = h;
    m_mode_fields_known = mode_fields_known(*traces);
    take(run_check_upto(m_spec, (*traces)[0], (*traces)[1], m_sides[0].input.label,
                        m_sides[1].input.label, *h),
         *h, false, seconds);
    // step1 or step2 still waiting where it was expected, or a mode check past its range for
    // an optional field one trace lacks so far: try again only once the traces have doubled.
    const auto waiting = [&](bool prefix) {
        return std::any_of(m_slots.begin(), m_slots.end(), [&](const Slot& s) {
            return !s.decided && (prefix ? prefix_ready(s, *h) : s.kind == Slot::Kind::mode);
        });
    };
    if (waiting(true)) {
        m_next_prefix_try = 2 * records();
    }
    if (!m_mode_fields_known && waiting(false)) {
        m_next_mode_try = 2 * records();
    }
}

void LiveCheck::evaluate_at_end(double seconds) {
    m_all_ended = true;
    take(run_check(m_spec, *m_sides[0].trace, *m_sides[1].trace, m_sides[0].input.label,
                   m_sides[1].input.label),
         k_end, true, seconds);
}

} // namespace tracediff
