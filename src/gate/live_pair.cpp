#include "live_pair.hpp"

#include "tracediff/compare/drift.hpp"
#include "tracediff/io/huge_pages.hpp"

#include <algorithm>
#include <limits>
#include <utility>

#include "evaluate.hpp"

namespace tracediff {

namespace {

// The index of `field` among the fields read with `options`, when it is read from one name:
// then a record's value of it is the value the trace has at its step.
std::optional<std::size_t> field_index(const ReadOptions& options, const std::string& field) {
    for (std::size_t f = 0; f < options.fields.size(); ++f) {
        if (options.fields[f].name == field) {
            if (options.fields[f].source_names().size() != 1) {
                break;
            }
            return f;
        }
    }
    return std::nullopt;
}

// Room in `v` for `more` elements, doubling: a long run's compared steps are a few large
// columns, in huge pages once large (io/huge_pages.hpp), which are quick to free at exit.
template <typename T>
void make_room(std::vector<T>& v, std::size_t more) {
    if (v.size() + more > v.capacity()) {
        reserve_in_huge_pages(v, std::max(v.size() + more, 2 * v.capacity()));
    }
}

} // namespace

LivePair::LivePair(const CheckSpec& spec, const LiveTrace& a, const LiveTrace& b,
                   std::size_t keep_up_records)
    : m_spec(spec), m_labels{a.label, b.label}, m_paths{a.path, b.path},
      m_keep_up_records(keep_up_records) {
    m_field = {field_index(a.options, spec.field), field_index(b.options, spec.field)};
    for (std::size_t i = 0; i < 2; ++i) {
        const ReadOptions& options = i == 0 ? a.options : b.options;
        for (std::size_t f = 0; f < options.fields.size(); ++f) {
            if (options.fields[f].required) {
                m_required[i].push_back(f);
            }
        }
    }
    m_eligible = spec.mode.empty() && !spec.band && m_field[0] && m_field[1];
}

void LivePair::note_record(std::size_t side, const StepTable& table, std::size_t record,
                           bool in_order) {
    m_in_order = m_in_order && in_order;
    if (m_field[side]) {
        if (const auto value = table.value_of(record, *m_field[side])) {
            m_text[side].note(value->second);
        }
    }
    // The required fields no record looked at had so far: once none, a copy of the trace
    // would be one (StepTable::snapshot).
    std::vector<std::size_t>& missing = m_required[side];
    std::erase_if(missing, [&](std::size_t f) { return table.value_of(record, f).has_value(); });
}

std::optional<CheckOutcome> LivePair::candidate(const Sides& sides, std::int64_t horizon,
                                                const CriterionOutcome* header) {
    if (!kept_up_to_date(sides, header) || (m_horizon && horizon < *m_horizon)) {
        bool ready = false;
        CheckOutcome out = from_copies(sides, horizon, ready);
        return ready ? std::optional<CheckOutcome>(std::move(out)) : std::nullopt;
    }
    if (!field_read(sides)) {
        return std::nullopt; // as a copy of a trace: a required field is in no record yet
    }
    advance(sides, horizon);
    CheckOutcome out{.name = m_spec.name,
                     .label_a = m_labels[0],
                     .label_b = m_labels[1],
                     .path_a = sides[0].trace != nullptr ? sides[0].trace->path : m_paths[0],
                     .path_b = sides[1].trace != nullptr ? sides[1].trace->path : m_paths[1],
                     .field = m_spec.field,
                     .steps = m_spec.steps,
                     .criteria = {},
                     .reference = m_spec.reference,
                     .resolution_a = resolution(0, sides[0]),
                     .resolution_b = resolution(1, sides[1])};
    if (!m_spec.ignore_header) {
        out.criteria.push_back(*header); // decided: the live check does not take it again
    }
    if (!m_spec.max.empty()) {
        const bool median =
            std::any_of(m_spec.max.begin(), m_spec.max.end(),
                        [](const MaxCriterion& c) { return c.stat == CheckStat::median; });
        add_max_criteria(m_spec, m_pair, m_stats.stats(m_pair, median), out.criteria);
    }
    if (m_spec.require_same_steps) {
        out.criteria.push_back(same_steps_criterion(m_pair));
    }
    m_mode_fields_known = true; // no --mode
    return out;
}

void LivePair::keep_up(const Sides& sides, std::int64_t horizon, const CriterionOutcome* header) {
    std::size_t waiting = 0;
    for (std::size_t i = 0; i < 2; ++i) {
        if (sides[i].trace == nullptr) {
            waiting = std::max(waiting, sides[i].seen - m_next_record[i]);
        }
    }
    if (waiting >= m_keep_up_records && kept_up_to_date(sides, header) && field_read(sides)) {
        advance(sides, horizon);
    }
}

// Whether the candidate can come from the compared steps kept up to date: the spec's criteria
// are those it covers, the header is decided, and every step so far came in order.
bool LivePair::kept_up_to_date(const Sides& sides, const CriterionOutcome* header) const {
    if (!m_eligible || !m_in_order || (!m_spec.ignore_header && header == nullptr)) {
        return false;
    }
    // Whether the values of each trace are decimal text must not change: a trace is read
    // with one format, so it does not once it has a record.
    for (std::size_t i = 0; i < 2; ++i) {
        if (sides[i].trace == nullptr && sides[i].parser->step_records() == 0) {
            return false;
        }
    }
    return true;
}

// Whether each trace has had every required field in a record looked at, or has ended.
bool LivePair::field_read(const Sides& sides) const {
    return (sides[0].trace != nullptr || m_required[0].empty()) &&
           (sides[1].trace != nullptr || m_required[1].empty());
}

// Moves the compared steps up to `horizon`: the steps of each trace after the last horizon and
// up to this one, in the checked range, aligned as run_check_upto aligns them.
void LivePair::advance(const Sides& sides, std::int64_t horizon) {
    if (m_horizon && horizon <= *m_horizon) {
        return;
    }
    if (!m_decimal_text) {
        const auto text = [&](const Side& s, std::size_t i) {
            return s.trace != nullptr ? !s.trace->field(m_spec.field).series.decimals.empty()
                                      : s.parser->table().decimal_text() && m_field[i];
        };
        m_decimal_text = std::array<bool, 2>{text(sides[0], 0), text(sides[1], 1)};
    }
    const std::vector<Final> a = final_steps(0, sides[0], horizon);
    const std::vector<Final> b = final_steps(1, sides[1], horizon);
    const std::size_t compared = std::min(a.size(), b.size());
    make_room(m_pair.steps, compared);
    make_room(m_pair.a, compared);
    make_room(m_pair.b, compared);
    if ((*m_decimal_text)[0] && (*m_decimal_text)[1]) {
        make_room(m_pair.decimals_a, compared);
        make_room(m_pair.decimals_b, compared);
    }
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a.size() || j < b.size()) {
        if (j == b.size() || (i < a.size() && a[i].step < b[j].step)) {
            add_step(a[i].step, &a[i], nullptr);
            ++i;
        } else if (i == a.size() || b[j].step < a[i].step) {
            add_step(b[j].step, nullptr, &b[j]);
            ++j;
        } else {
            add_step(a[i].step, &a[i], &b[j]);
            ++i;
            ++j;
        }
    }
    m_horizon = horizon;
    m_stats.extend(m_pair);
}

// The steps of trace `side` after the last horizon and up to `horizon` that have the checked
// field, with its value: from the whole trace once it has ended, else from its records (in
// order: a step's records one after the other, merged as a whole read merges them, the last
// value written winning).
std::vector<LivePair::Final> LivePair::final_steps(std::size_t side, const Side& s,
                                                   std::int64_t horizon) {
    const std::int64_t after = m_horizon.value_or(std::numeric_limits<std::int64_t>::min());
    std::vector<Final> out;
    if (s.trace != nullptr) {
        const Series& series = s.trace->field(m_spec.field).series;
        const auto begin = std::upper_bound(series.steps.begin(), series.steps.end(), after);
        const auto end = std::upper_bound(begin, series.steps.end(), horizon);
        for (auto it = begin; it != end; ++it) {
            const auto k = static_cast<std::size_t>(it - series.steps.begin());
            out.push_back({*it, series.values[k],
                           series.decimals.empty() ? std::int8_t{-1} : series.decimals[k]});
        }
        return out;
    }
    const StepTable& table = s.parser->table();
    std::size_t& next = m_next_record[side];
    while (next < s.seen && table.step_of(next) <= horizon) {
        const std::int64_t step = table.step_of(next);
        std::optional<std::pair<double, int>> value;
        for (; next < s.seen && table.step_of(next) == step; ++next) {
            if (const auto v = table.value_of(next, *m_field[side])) {
                value = v;
            }
        }
        if (value && step > after) {
            out.push_back({step, value->first, static_cast<std::int8_t>(value->second)});
        }
    }
    return out;
}

// One step of the union of both traces' steps, in step order: compared when both have it,
// else a step one trace lacks (with --reference, a step only B has does not count). Only the
// checked range counts.
void LivePair::add_step(std::int64_t step, const Final* a, const Final* b) {
    if (m_spec.steps && (step < m_spec.steps->first || step > m_spec.steps->last)) {
        return;
    }
    if (m_spec.reference && a == nullptr) {
        return;
    }
    if (!m_pair.first_step) {
        m_pair.first_step = step;
    } else if (!m_pair.second_step) {
        m_pair.second_step = step;
    }
    if (a != nullptr && b != nullptr) {
        m_pair.steps.push_back(step);
        m_pair.a.push_back(a->value);
        m_pair.b.push_back(b->value);
        if ((*m_decimal_text)[0] && (*m_decimal_text)[1]) {
            m_pair.decimals_a.push_back(a->decimals);
            m_pair.decimals_b.push_back(b->decimals);
        }
    } else if (a != nullptr) {
        m_pair.only_a.push_back(step);
        m_pair.only_a_values.push_back(a->value);
    } else {
        m_pair.only_b.push_back(step);
        m_pair.only_b_values.push_back(b->value);
    }
}

// How trace `side` writes the checked field: over its records looked at, as a copy of them
// would say, or over the whole trace once it has ended.
Resolution LivePair::resolution(std::size_t side, const Side& s) const {
    return resolution_of(s.trace != nullptr ? s.trace->field(m_spec.field).series.text
                                            : m_text[side]);
}

// run_check_upto on copies of both traces as far as they are read (a trace that has ended as
// it is); `ready` false while a copy lacks a required field.
CheckOutcome LivePair::from_copies(const Sides& sides, std::int64_t horizon, bool& ready) {
    std::array<std::optional<Trace>, 2> copies;
    std::array<const Trace*, 2> traces{};
    for (std::size_t i = 0; i < 2; ++i) {
        if (sides[i].trace != nullptr) {
            traces[i] = sides[i].trace;
            continue;
        }
        copies[i] = sides[i].parser->snapshot(sides[i].seen);
        if (!copies[i]) {
            ready = false;
            return {};
        }
        traces[i] = &*copies[i];
    }
    ready = true;
    // Whether the optional fields a --mode reads are known for good: in both traces, or
    // missing from one that has ended. The whole-file check reads them where both have them.
    m_mode_fields_known = true;
    if (!m_spec.mode.empty()) {
        for (const auto& [field, required] : m_spec.fields_to_read()) {
            for (std::size_t i = 0; i < 2 && !required; ++i) {
                if (traces[i]->field(field).series.empty() && sides[i].trace == nullptr) {
                    m_mode_fields_known = false;
                }
            }
        }
    }
    return run_check_upto(m_spec, *traces[0], *traces[1], m_labels[0], m_labels[1], horizon);
}

} // namespace tracediff
