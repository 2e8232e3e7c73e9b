#include "tracediff/gate/live_check.hpp"

#include "tracediff/error.hpp"
#include "tracediff/read/live_parser.hpp"
#include "tracediff/read/step_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <variant>
#include <vector>

#include "evaluate.hpp"
#include "live_pair.hpp"
#include "partial_outcomes.hpp"

namespace tracediff {

struct LiveCheck::Slot {
    enum class Kind { header, max, mode, band, same_steps };
    Kind kind = Kind::header;
    std::size_t index = 0;                  // into spec.max, for Kind::max
    std::optional<std::int64_t> bound;      // decided once both traces are past this step
    bool prefix = false;                    // step1, step2: decided once the steps are there
    std::vector<CriterionOutcome> outcomes; // when decided; before, the last candidate
    bool decided = false;
};

namespace {

constexpr std::int64_t k_end = std::numeric_limits<std::int64_t>::max();

// A criterion that may fail before the end is looked at on every step record up to this many,
// then each time the records have doubled.
constexpr std::size_t k_every_step_until = 16;

// Whether `step` is in the range checked (--steps; every step without it).
bool in_range(const CheckSpec& spec, std::int64_t step) {
    return !spec.steps || (step >= spec.steps->first && step <= spec.steps->last);
}

} // namespace

LiveCheck::LiveCheck(CheckSpec spec, LiveTrace a, LiveTrace b) : m_spec(std::move(spec)) {
    m_sides[0].input = std::move(a);
    m_sides[1].input = std::move(b);
    for (auto& side : m_sides) {
        side.parser = std::make_unique<LiveParser>(side.input.path, side.input.options);
    }
    m_pair = std::make_unique<LivePair>(m_spec, m_sides[0].input, m_sides[1].input);
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
                           c.stat == CheckStat::step1 || c.stat == CheckStat::step2,
                           {},
                           false});
    }
    if (!m_spec.mode.empty()) {
        m_slots.push_back({Slot::Kind::mode, 0, last, false, {}, false});
    }
    if (m_spec.band) {
        m_slots.push_back({Slot::Kind::band, 0, last, false, {}, false});
    }
    if (m_spec.require_same_steps) {
        m_slots.push_back({Slot::Kind::same_steps, 0, last, false, {}, false});
    }
}

LiveCheck::~LiveCheck() = default;

void LiveCheck::add(std::size_t side, const std::function<void(LiveParser&)>& feed,
                    double seconds) {
    try {
        feed(*m_sides[side].parser);
    } catch (const Error&) {
        look_at_new_records(side, seconds);
        if (!done()) {
            throw; // read one by one, the records before the line would not have decided
        }
        return;
    }
    look_at_new_records(side, seconds);
}

void LiveCheck::look_at_new_records(std::size_t side, double seconds) {
    Side& s = m_sides[side];
    while (!m_holding && s.seen < s.parser->step_records() && !done()) {
        look_at(side, s.seen++, seconds);
    }
}

// Step record `record` of trace `side`, as it came: what it lets decide.
void LiveCheck::look_at(std::size_t side, std::size_t record, double seconds) {
    Side& s = m_sides[side];
    const StepTable& table = s.parser->table();
    const std::int64_t step = table.step_of(record);
    const bool complete = table.record_complete(record);
    note_first_step(side, step);
    if (!s.max_step || step > *s.max_step ||
        (step == *s.max_step && complete && !s.max_step_complete)) {
        // A new last step, or the rest of it on a line of its own: nothing to look at when
        // only the end can decide what is left (evaluate would find nothing worth a look).
        s.max_step = step;
        s.max_step_complete = complete;
        if (!early().before_end && !early().header) {
            return;
        }
        if (step_fails(side, record)) {
            // Looked at once the step is final, not when the run has doubled.
            m_early_due = std::min(m_early_due.value_or(step), step);
        }
        evaluate(seconds);
    } else {
        recheck(side, step, seconds); // a step logged again, or out of order
    }
}

// The two smallest steps of the checked range either trace has (the reference, with one):
// where step1 and step2 are read.
void LiveCheck::note_first_step(std::size_t side, std::int64_t step) {
    if (m_first_steps.size() == 2 && step > m_first_steps[1]) {
        return; // the usual case: a later step
    }
    const bool counts = side == 0 || !m_spec.reference;
    if (counts && in_range(m_spec, step) &&
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
    m_pair->ending(LivePair::sides_of(m_sides)); // its records, before they become a trace
    s.trace = s.parser->finish();
    s.ended = true;
    // The records still being read are fewer now: the next attempts are due at once.
    m_next_prefix_try = m_next_mode_try = m_next_snapshot_try = m_next_early_try = 0;
    if (m_sides[0].ended && m_sides[1].ended) {
        evaluate_at_end(seconds);
    } else {
        evaluate(seconds);
    }
}

void LiveCheck::end_with(std::size_t side, Trace whole, double seconds) {
    Side& s = m_sides[side];
    if (s.ended) {
        return;
    }
    // The steps of the fields read: the largest is the last step; the two smallest in the
    // checked range of each field (its steps are sorted) are where step1 and step2 may be read.
    for (const FieldSeries& f : whole.fields) {
        std::size_t counted = 0;
        for (std::size_t i = 0; i < f.series.size() && counted < 2; ++i) {
            note_first_step(side, f.series.steps[i]);
            counted += in_range(m_spec, f.series.steps[i]) ? 1 : 0;
        }
        if (!f.series.empty() && (!s.max_step || f.series.steps.back() > *s.max_step)) {
            s.max_step = f.series.steps.back();
        }
    }
    s.trace = std::move(whole);
    s.ended = true;
    if (!m_sides[1 - side].ended) { // room for as many steps (16M at most), as a file's size gives
        m_sides[1 - side].parser->reserve(std::min(s.trace->step_records, std::size_t{16} << 20));
    }
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
        // Every step before the last one logged is final; the last one too once a record of
        // it has every field the check reads.
        h = std::min(h, s.max_step_complete ? *s.max_step : *s.max_step - 1);
    }
    return h;
}

// The step records of the traces still being read: what grows while the run goes on (a
// finished reference read whole does not count, whatever its size).
std::size_t LiveCheck::records() const {
    std::size_t n = 0;
    for (const Side& s : m_sides) {
        n += s.ended ? 0 : s.seen;
    }
    return n;
}

// Whether step record `record` of trace `side`, a new last step, fails the max or a --mode
// there, against the other trace once it has ended (a finished reference): one step looked at,
// so that such a failure is decided at its step. Only a hint that a check is due now: the
// decision is the check's on every step so far.
bool LiveCheck::step_fails(std::size_t side, std::size_t record) const {
    const Side& other = m_sides[1 - side];
    const StepTable& table = m_sides[side].parser->table();
    const std::int64_t step = table.step_of(record);
    const bool any_may_fail = std::any_of(m_slots.begin(), m_slots.end(), [&](const Slot& slot) {
        return !slot.decided && may_fail_early(slot);
    });
    if (!any_may_fail || !other.trace || !in_range(m_spec, step)) {
        return false;
    }
    const auto& fields = m_sides[side].input.options.fields;
    const auto field = std::find_if(fields.begin(), fields.end(),
                                    [&](const FieldRequest& f) { return f.name == m_spec.field; });
    if (field == fields.end()) {
        return false;
    }
    const auto value = table.value_of(record, static_cast<std::size_t>(field - fields.begin()));
    const std::optional<StepPair> pair =
        value ? pair_at_step(*other.trace, m_spec.field, step, *value, side == 0) : std::nullopt;
    if (!pair) {
        return false;
    }
    const StepPair& p = *pair; // named, not bound: clang 14 captures no structured binding
    return std::any_of(m_slots.begin(), m_slots.end(), [&](const Slot& slot) {
        if (slot.decided || !may_fail_early(slot)) {
            return false;
        }
        if (slot.kind == Slot::Kind::mode) {
            return !within_tolerance(p.a, p.b, p.delta, m_spec.tolerance());
        }
        const MaxCriterion& c = m_spec.max[slot.index];
        return slot.kind == Slot::Kind::max && !c.relative && !within_limit(p.delta, c.limit);
    });
}

// A criterion that can fail for good before the end (fails_for_good): the max and a --mode,
// looked at on each of the first few steps, then each time the run has doubled (a small
// multiple of one whole check). A --mode with --allow P% waits for the end (the count allowed
// grows with the steps), and so does a --band (its allowance of half a unit in B's last logged
// decimal depends on how B writes its values, known for sure only once all are read).
bool LiveCheck::may_fail_early(const Slot& s) const {
    if (s.kind == Slot::Kind::mode) {
        return !m_spec.allow_percent;
    }
    return s.kind == Slot::Kind::max && m_spec.max[s.index].stat == CheckStat::max;
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
        if (may_fail_early(s) &&
            (records() >= m_next_early_try || (m_early_due && horizon >= *m_early_due))) {
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

// Which criteria not decided yet may be decided before the end, may fail before it, or are the
// header's (LiveCheck::Early).
const LiveCheck::Early& LiveCheck::early() {
    if (!m_early) {
        const auto undecided = [&](auto&& kind) {
            return std::any_of(m_slots.begin(), m_slots.end(),
                               [&](const Slot& s) { return !s.decided && kind(s); });
        };
        m_early = Early{
            undecided([&](const Slot& s) { return s.bound || s.prefix || may_fail_early(s); }),
            undecided([&](const Slot& s) { return may_fail_early(s); }),
            undecided([](const Slot& s) { return s.kind == Slot::Kind::header; })};
    }
    return *m_early;
}

void LiveCheck::evaluate(double seconds) {
    const std::optional<std::int64_t> h = horizon();
    if (h && early().before_end) {
        // A criterion may be decided before the end: its steps are kept up to date. With both
        // traces live, no finished one to look a new step up in (step_fails), at every step,
        // so that a failure shows in them at its step.
        const bool both_live = !m_sides[0].ended && !m_sides[1].ended && early().may_fail;
        m_pair->keep_up(LivePair::sides_of(m_sides), *h, decided_header(), both_live);
        if (both_live && m_pair->fails_for_good_so_far()) {
            m_early_due = std::min(m_early_due.value_or(*h), *h);
        }
    }
    if (!h || (m_evaluated_horizon && *h <= *m_evaluated_horizon) ||
        records() < m_next_snapshot_try || !worth_evaluating(*h)) {
        return;
    }
    const std::optional<CheckOutcome> c = candidate(*h);
    if (!c) {
        m_next_snapshot_try = 2 * records(); // a required field is not there yet
        return;
    }
    m_evaluated_horizon = h;
    m_mode_fields_known = m_pair->mode_fields_known();
    take(*c, *h, false, seconds);
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
    if (records() >= m_next_early_try) {
        m_next_early_try = records() < k_every_step_until ? records() + 1 : 2 * records();
    }
    if (m_early_due && *h >= *m_early_due) {
        m_early_due.reset();
    }
}

// Both traces have ended: the check on them whole (run_check), from the compared steps kept up
// to date when they are, which then take in only the steps after the last horizon.
void LiveCheck::evaluate_at_end(double seconds) {
    m_all_ended = true;
    take(candidate(k_end).value(), k_end, true, seconds); // both whole: never nothing
}

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
    const std::size_t fixed = (m_spec.ignore_header ? 0 : 1) + m_spec.max.size() +
                              (m_spec.band ? 1 : 0) + (m_spec.require_same_steps ? 1 : 0);
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
    m_resolutions = {candidate.resolution_a, candidate.resolution_b};
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
        const bool failed_early = !decidable && may_fail_early(s) &&
                                  std::any_of(parts[i].begin(), parts[i].end(), fails_for_good);
        s.outcomes = std::move(parts[i]);
        if (decidable || failed_early) {
            decide(s, horizon, at_end, seconds);
        }
        if (failed_early) {
            // The fields of a --mode that pass so far are not decided: the check stops here.
            for (auto& c : s.outcomes) {
                if (c.passed) {
                    c.skipped = true;
                    c.decided = Decision{Decision::When::not_decided, std::nullopt, 0.0};
                }
            }
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
    m_early.reset();
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
                         LiveRun{m_sides[0].max_step, m_sides[1].max_step, !m_all_ended, m_notes},
                     .reference = m_spec.reference,
                     .resolution_a = m_resolutions[0],
                     .resolution_b = m_resolutions[1]};
    for (const Slot& s : m_slots) {
        std::vector<CriterionOutcome> outcomes = s.outcomes;
        if (outcomes.empty()) {
            outcomes.push_back(s.kind == Slot::Kind::header ? not_looked_at_header()
                               : s.kind == Slot::Kind::max  ? not_looked_at(m_spec.max[s.index])
                               : s.kind == Slot::Kind::mode ? not_looked_at_mode(m_spec)
                               : s.kind == Slot::Kind::band ? not_looked_at_band(m_spec)
                                                            : not_looked_at_same_steps());
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

// The header criterion once decided; nullptr before (and when the check has none).
const CriterionOutcome* LiveCheck::decided_header() const {
    const bool header = !m_slots.empty() && m_slots[0].kind == Slot::Kind::header;
    return header && m_slots[0].decided ? &m_slots[0].outcomes.front() : nullptr;
}

// The check on both traces up to `horizon` (LivePair::candidate); nothing while a trace lacks a
// required field.
std::optional<CheckOutcome> LiveCheck::candidate(std::int64_t horizon) {
    return m_pair->candidate(LivePair::sides_of(m_sides), horizon, decided_header());
}

// Whether decided criterion `s` rests on `step`: a step logged again there may change it.
bool LiveCheck::rests_on(const Slot& s, std::int64_t step) const {
    if (!s.decided || s.kind == Slot::Kind::header || s.outcomes.empty() ||
        !in_range(m_spec, step)) {
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
    const std::int64_t h = *m_evaluated_horizon;
    const std::optional<CheckOutcome> c = candidate(h);
    if (!c) {
        return;
    }
    std::vector<std::vector<CriterionOutcome>> parts = split(*c);
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
