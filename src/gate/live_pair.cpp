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
    m_eligible = !spec.band;
    for (const auto& [field, required] : spec.fields_to_read()) {
        Compared c;
        c.name = field;
        c.required = required;
        c.index = {field_index(a.options, field), field_index(b.options, field)};
        m_eligible = m_eligible && c.index[0] && c.index[1];
        m_compared.push_back(std::move(c));
    }
    for (std::size_t i = 0; i < 2; ++i) {
        const ReadOptions& options = i == 0 ? a.options : b.options;
        for (std::size_t f = 0; f < options.fields.size(); ++f) {
            if (options.fields[f].required) {
                m_required[i].push_back(f);
            }
        }
    }
}

void LivePair::catch_up(const Sides& sides) {
    if (!m_eligible || !m_in_order) {
        return; // candidates come from copies, for good
    }
    for (std::size_t i = 0; i < 2; ++i) {
        if (sides[i].trace != nullptr || m_noted[i] >= sides[i].seen) {
            continue; // (a parser with no record may have no table yet)
        }
        const StepTable& table = sides[i].parser->table();
        for (; m_noted[i] < sides[i].seen; ++m_noted[i]) {
            note_record(i, table, m_noted[i]);
        }
    }
}

// Step record `record` of live trace `side`, in the order looked at: what it says of the
// fields, and whether its step still comes in order.
void LivePair::note_record(std::size_t side, const StepTable& table, std::size_t record) {
    bool compared_value = false;
    for (Compared& c : m_compared) {
        if (const auto value = table.value_of(record, *c.index[side])) {
            compared_value = true;
            c.seen[side] = true;
            c.text[side].note(value->second);
        }
    }
    // As the live check takes it (LiveCheck::look_at): a new last step, or the rest of the
    // last one on a line of its own that completes it; else a step logged again or late.
    const std::int64_t step = table.step_of(record);
    const bool complete = table.record_complete(record);
    const std::optional<std::int64_t> max = m_max_step[side];
    const bool in_order =
        !max || step > *max || (step == *max && complete && !m_max_complete[side]);
    // The compared steps take a step's records together when they come one after the other
    // (final_steps). A step logged again or late breaks that only with a value of a compared
    // field (a record of other fields at a step, as TensorBoard writes an event per tag,
    // changes nothing of them), and so does the rest of a step that comes after a record of
    // another step.
    const std::optional<std::int64_t> previous = m_previous_step[side];
    const bool apart = previous && max && step <= *max && step != *previous;
    m_in_order = m_in_order && !(compared_value && (!in_order || apart));
    m_previous_step[side] = step;
    if (in_order) {
        m_max_step[side] = step;
        m_max_complete[side] = complete;
    }
    // The required fields no record looked at had so far: once none, a copy of the trace
    // would be one (StepTable::snapshot).
    std::vector<std::size_t>& missing = m_required[side];
    std::erase_if(missing, [&](std::size_t f) { return table.value_of(record, f).has_value(); });
}

std::optional<CheckOutcome> LivePair::candidate(const Sides& sides, std::int64_t horizon,
                                                const CriterionOutcome* header) {
    catch_up(sides);
    // Both traces whole and nothing compared yet: the whole-file check aligns them at once.
    const bool whole = sides[0].trace != nullptr && sides[1].trace != nullptr && !m_horizon;
    m_kept = kept_up_to_date(sides, header) && !whole && !(m_horizon && horizon < *m_horizon);
    if (!m_kept) {
        return from_copies(sides, horizon);
    }
    if (!fields_read(sides)) {
        return std::nullopt; // as a copy of a trace: a required field is in no record yet
    }
    advance(sides, horizon);
    const auto resolution = [&](std::size_t i) {
        return resolution_of(sides[i].trace != nullptr
                                 ? sides[i].trace->field(m_spec.field).series.text
                                 : m_compared[0].text[i]);
    };
    CheckOutcome out{.name = m_spec.name,
                     .label_a = m_labels[0],
                     .label_b = m_labels[1],
                     .path_a = sides[0].trace != nullptr ? sides[0].trace->path : m_paths[0],
                     .path_b = sides[1].trace != nullptr ? sides[1].trace->path : m_paths[1],
                     .field = m_spec.field,
                     .steps = m_spec.steps,
                     .criteria = {},
                     .reference = m_spec.reference,
                     .resolution_a = resolution(0),
                     .resolution_b = resolution(1)};
    if (!m_spec.ignore_header) {
        out.criteria.push_back(*header); // decided: the live check does not take it again
    }
    add_criteria(sides, out.criteria);
    // Whether each optional field is in both traces for good, or missing from one that ended.
    m_mode_fields_known = std::all_of(m_compared.begin(), m_compared.end(), [&](const auto& c) {
        return c.required || ((has_field(sides, 0, c) || sides[0].trace != nullptr) &&
                              (has_field(sides, 1, c) || sides[1].trace != nullptr));
    });
    return out;
}

// The criteria after the header, as run_check_upto gives them, on the compared steps.
void LivePair::add_criteria(const Sides& sides, std::vector<CriterionOutcome>& out) const {
    const AlignedPair& primary = m_compared[0].pair;
    if (!m_spec.max.empty()) {
        const bool median =
            std::any_of(m_spec.max.begin(), m_spec.max.end(),
                        [](const MaxCriterion& c) { return c.stat == CheckStat::median; });
        add_max_criteria(m_spec, primary, m_stats.stats(primary, median), out);
    }
    if (!m_spec.mode.empty()) {
        for (const Compared& c : m_compared) {
            // Optional fields are checked only where both traces have them.
            if (!c.required && (!has_field(sides, 0, c) || !has_field(sides, 1, c))) {
                continue;
            }
            // The budget of --allow P% is a share of A's steps that count: all of its steps
            // in the checked range up to the horizon are compared or only A's.
            const std::size_t counted_a = c.pair.steps.size() + c.pair.only_a.size();
            out.push_back(mode_criterion(m_spec.mode, m_spec.tolerance(), c.name, c.pair,
                                         m_spec.allowed_failures(counted_a), c.tally));
        }
    }
    if (m_spec.require_same_steps) {
        out.push_back(same_steps_criterion(primary));
    }
}

// Whether trace `side` has field `c` in a step: in a record looked at, or in the whole trace.
bool LivePair::has_field(const Sides& sides, std::size_t side, const Compared& c) const {
    return sides[side].trace != nullptr ? !sides[side].trace->field(c.name).series.empty()
                                        : c.seen[side];
}

void LivePair::keep_up(const Sides& sides, std::int64_t horizon, const CriterionOutcome* header,
                       bool every_step) {
    catch_up(sides);
    std::size_t waiting = 0;
    for (std::size_t i = 0; i < 2; ++i) {
        if (sides[i].trace == nullptr) {
            waiting = std::max(waiting, sides[i].seen - m_next_record[i]);
        }
    }
    if (waiting >= (every_step ? 1 : m_keep_up_records) && kept_up_to_date(sides, header) &&
        fields_read(sides)) {
        advance(sides, horizon);
    }
}

bool LivePair::fails_for_good_so_far() const {
    if (!m_horizon || !m_eligible || !m_in_order) {
        return false;
    }
    const StepPass& pass = m_stats.pass();
    const bool compared = !m_compared[0].pair.steps.empty();
    for (const MaxCriterion& c : m_spec.max) {
        if (c.stat == CheckStat::max && !c.relative && compared &&
            (pass.nonfinite > 0 || !within_limit(pass.max, c.limit))) {
            return true;
        }
    }
    if (m_spec.mode.empty() || m_spec.allow_percent) {
        return false;
    }
    return std::any_of(m_compared.begin(), m_compared.end(), [&](const Compared& c) {
        return !c.pair.steps.empty() &&
               (c.tally.nonfinite > 0 || c.tally.failures.size() > m_spec.allow);
    });
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
bool LivePair::fields_read(const Sides& sides) const {
    return (sides[0].trace != nullptr || m_required[0].empty()) &&
           (sides[1].trace != nullptr || m_required[1].empty());
}

// Moves the compared steps up to `horizon`: the steps of each trace after the last horizon and
// up to this one, in the checked range, aligned field by field as run_check_upto aligns them.
void LivePair::advance(const Sides& sides, std::int64_t horizon) {
    if (m_horizon && horizon <= *m_horizon) {
        return;
    }
    if (!m_decimal_text) {
        const auto text = [&](const Side& s) {
            return s.trace != nullptr ? !s.trace->field(m_spec.field).series.decimals.empty()
                                      : s.parser->table().decimal_text();
        };
        m_decimal_text = std::array<bool, 2>{text(sides[0]), text(sides[1])};
    }
    final_steps(0, sides[0], horizon, m_final[0]);
    final_steps(1, sides[1], horizon, m_final[1]);
    const std::vector<std::vector<Final>>& steps_a = m_final[0];
    const std::vector<std::vector<Final>>& steps_b = m_final[1];
    for (std::size_t k = 0; k < m_compared.size(); ++k) {
        Compared& c = m_compared[k];
        const std::vector<Final>& a = steps_a[k];
        const std::vector<Final>& b = steps_b[k];
        const std::size_t compared = std::min(a.size(), b.size());
        make_room(c.pair.steps, compared);
        make_room(c.pair.a, compared);
        make_room(c.pair.b, compared);
        if ((*m_decimal_text)[0] && (*m_decimal_text)[1]) {
            make_room(c.pair.decimals_a, compared);
            make_room(c.pair.decimals_b, compared);
        }
        std::size_t i = 0;
        std::size_t j = 0;
        while (i < a.size() || j < b.size()) {
            if (j == b.size() || (i < a.size() && a[i].step < b[j].step)) {
                add_step(c, a[i].step, &a[i], nullptr);
                ++i;
            } else if (i == a.size() || b[j].step < a[i].step) {
                add_step(c, b[j].step, nullptr, &b[j]);
                ++j;
            } else {
                add_step(c, a[i].step, &a[i], &b[j]);
                ++i;
                ++j;
            }
        }
        if (!m_spec.mode.empty()) {
            c.tally.extend(c.pair, m_spec.tolerance());
        }
    }
    m_horizon = horizon;
    m_stats.extend(m_compared[0].pair);
}

// The steps of trace `side` after the last horizon and up to `horizon`, for each compared
// field those that have it, with its value: from the whole trace once it has ended, else from
// its records (in order: a step's records one after the other, merged as a whole read merges
// them, the last value of a field written winning).
void LivePair::final_steps(std::size_t side, const Side& s, std::int64_t horizon,
                           std::vector<std::vector<Final>>& out) {
    const auto after_horizon = [&](std::int64_t step) {
        return !m_horizon || step > *m_horizon;
    };
    out.resize(m_compared.size());
    for (std::vector<Final>& steps : out) {
        steps.clear();
    }
    if (s.trace != nullptr) {
        for (std::size_t k = 0; k < m_compared.size(); ++k) {
            const Series& series = s.trace->field(m_compared[k].name).series;
            const auto begin =
                std::partition_point(series.steps.begin(), series.steps.end(),
                                     [&](std::int64_t t) { return !after_horizon(t); });
            const auto end = std::upper_bound(begin, series.steps.end(), horizon);
            for (auto it = begin; it != end; ++it) {
                const auto i = static_cast<std::size_t>(it - series.steps.begin());
                out[k].push_back({*it, series.values[i],
                                  series.decimals.empty() ? std::int8_t{-1} : series.decimals[i]});
            }
        }
        return;
    }
    const StepTable& table = s.parser->table();
    std::size_t& next = m_next_record[side];
    std::vector<std::optional<std::pair<double, int>>>& values = m_values;
    values.resize(m_compared.size());
    while (next < s.seen && table.step_of(next) <= horizon) {
        const std::int64_t step = table.step_of(next);
        std::fill(values.begin(), values.end(), std::nullopt);
        for (; next < s.seen && table.step_of(next) == step; ++next) {
            for (std::size_t k = 0; k < m_compared.size(); ++k) {
                if (auto v = table.value_of(next, *m_compared[k].index[side])) {
                    values[k] = v;
                }
            }
        }
        for (std::size_t k = 0; k < m_compared.size() && after_horizon(step); ++k) {
            if (values[k]) {
                out[k].push_back(
                    {step, values[k]->first, static_cast<std::int8_t>(values[k]->second)});
            }
        }
    }
}

// One step of the union of both traces' steps of field `c`, in step order: compared when both
// have it, else a step one trace lacks (with --reference, a step only B has does not count).
// Only the checked range counts.
void LivePair::add_step(Compared& c, std::int64_t step, const Final* a, const Final* b) {
    if (m_spec.steps && (step < m_spec.steps->first || step > m_spec.steps->last)) {
        return;
    }
    if (m_spec.reference && a == nullptr) {
        return;
    }
    AlignedPair& pair = c.pair;
    if (!pair.first_step) {
        pair.first_step = step;
    } else if (!pair.second_step) {
        pair.second_step = step;
    }
    if (a != nullptr && b != nullptr) {
        pair.steps.push_back(step);
        pair.a.push_back(a->value);
        pair.b.push_back(b->value);
        if ((*m_decimal_text)[0] && (*m_decimal_text)[1]) {
            pair.decimals_a.push_back(a->decimals);
            pair.decimals_b.push_back(b->decimals);
        }
    } else if (a != nullptr) {
        pair.only_a.push_back(step);
        pair.only_a_values.push_back(a->value);
    } else {
        pair.only_b.push_back(step);
        pair.only_b_values.push_back(b->value);
    }
}

// run_check_upto on copies of both traces as far as they are read (a trace that has ended as
// it is); nothing while a copy lacks a required field.
std::optional<CheckOutcome> LivePair::from_copies(const Sides& sides, std::int64_t horizon) {
    std::array<std::optional<Trace>, 2> copies;
    std::array<const Trace*, 2> traces{};
    for (std::size_t i = 0; i < 2; ++i) {
        if (sides[i].trace != nullptr) {
            traces[i] = sides[i].trace;
            continue;
        }
        copies[i] = sides[i].parser->snapshot(sides[i].seen);
        if (!copies[i]) {
            return std::nullopt;
        }
        traces[i] = &*copies[i];
    }
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
