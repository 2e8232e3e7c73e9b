#include "tracediff/gate/check.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

#include "evaluate.hpp"

namespace tracediff {

namespace {

CriterionOutcome header_criterion(const Trace& a, const Trace& b, bool required) {
    HeaderOutcome facts{compare_headers(a.header, b.header), required};
    facts.without_headers = !a.can_have_header() ? 'A' : !b.can_have_header() ? 'B' : 0;
    const bool neither = !facts.verdict.a_has_header && !facts.verdict.b_has_header;
    if ((neither || facts.without_headers != 0) && !required) {
        return {"header", true, std::move(facts), true};
    }
    const bool passed = facts.verdict.identical();
    return {"header", passed, std::move(facts)};
}

// The steps that count: the checked range, and the steps up to the horizon.
StepRange counted_steps(const CheckSpec& spec, std::int64_t horizon) {
    StepRange range{std::numeric_limits<std::int64_t>::min(), horizon};
    if (spec.steps) {
        range.first = spec.steps->first;
        range.last = std::min(spec.steps->last, horizon);
    }
    return range;
}

// `series` restricted to `range`: the series itself when the range leaves it whole (no copy:
// the usual case, and a live check's finished trace), else a copy kept in `copy`.
const Series& restricted(const Series& series, const StepRange& range,
                         std::optional<Series>& copy) {
    if (series.empty() ||
        (series.steps.front() >= range.first && series.steps.back() <= range.last)) {
        return series;
    }
    return copy.emplace(restrict_to(series, range));
}

// How many steps of `series` are in `range`.
std::size_t count_in(const Series& series, const StepRange& range) {
    const auto begin = std::lower_bound(series.steps.begin(), series.steps.end(), range.first);
    return static_cast<std::size_t>(std::upper_bound(begin, series.steps.end(), range.last) -
                                    begin);
}

// B's values at the steps the reference A has: the steps only B logs do not count. B itself
// when A has all of its steps, else a copy kept in `copy`.
const Series& at_reference_steps(const Series& b, const Series& a, std::optional<Series>& copy) {
    std::vector<bool> kept(b.steps.size());
    std::size_t j = 0;
    std::size_t dropped = 0;
    for (std::size_t i = 0; i < b.steps.size(); ++i) {
        while (j < a.steps.size() && a.steps[j] < b.steps[i]) {
            ++j;
        }
        kept[i] = j < a.steps.size() && a.steps[j] == b.steps[i];
        dropped += kept[i] ? 0 : 1;
    }
    if (dropped == 0) {
        return b;
    }
    Series& out = copy.emplace();
    out.text = b.text;
    const std::size_t n = b.steps.size() - dropped;
    out.steps.reserve(n);
    out.values.reserve(n);
    out.decimals.reserve(b.decimals.empty() ? 0 : n);
    for (std::size_t i = 0; i < b.steps.size(); ++i) {
        if (kept[i]) {
            out.steps.push_back(b.steps[i]);
            out.values.push_back(b.values[i]);
            if (!b.decimals.empty()) {
                out.decimals.push_back(b.decimals[i]);
            }
        }
    }
    return out;
}

// The pair of relative deltas: each compared step's |A - B| / |A| as B against 0, so that the
// statistics of the pair are those of the relative deltas. A step where A is 0 has an infinite
// relative delta unless B is 0 too.
AlignedPair relative_pair(const AlignedPair& pair) {
    AlignedPair out;
    out.steps = pair.steps;
    out.only_a = pair.only_a;
    out.only_b = pair.only_b;
    out.only_a_values = pair.only_a_values;
    out.only_b_values = pair.only_b_values;
    out.first_step = pair.first_step;
    out.second_step = pair.second_step;
    out.a.assign(pair.steps.size(), 0.0);
    out.b.reserve(pair.steps.size());
    for (std::size_t i = 0; i < pair.steps.size(); ++i) {
        const double delta = pair.delta(i);
        const double scale = std::fabs(pair.a[i]);
        out.b.push_back(delta == 0   ? 0.0
                        : scale == 0 ? std::numeric_limits<double>::infinity()
                                     : delta / scale);
    }
    return out;
}

} // namespace

CriterionOutcome same_steps_criterion(const AlignedPair& pair) {
    SameStepsOutcome facts;
    facts.compared = pair.steps.size();
    facts.only_a = pair.only_a.size();
    facts.only_b = pair.only_b.size();
    facts.only_a_ranges = to_ranges(pair.only_a);
    facts.only_b_ranges = to_ranges(pair.only_b);
    const bool passed = facts.only_a == 0 && facts.only_b == 0 && facts.compared > 0;
    return {"same-steps", passed, std::move(facts)};
}

void add_max_criteria(const CheckSpec& spec, const AlignedPair& primary, const PairStats& stats,
                      std::vector<CriterionOutcome>& out) {
    const bool any_relative = std::any_of(spec.max.begin(), spec.max.end(),
                                          [](const MaxCriterion& c) { return c.relative; });
    const AlignedPair relative = any_relative ? relative_pair(primary) : AlignedPair{};
    const PairStats relative_stats = any_relative ? compute_stats(relative) : PairStats{};
    for (const auto& c : spec.max) {
        out.push_back(c.relative ? statistic_criterion(c, relative, relative_stats)
                                 : statistic_criterion(c, primary, stats));
        auto& facts = std::get<StatisticOutcome>(out.back().facts);
        if (spec.reference && facts.gap == StatisticOutcome::Gap::missing_in_both) {
            facts.gap = StatisticOutcome::Gap::not_in_reference; // B's steps do not count
        }
    }
}

std::size_t step_count(const std::vector<StepRange>& ranges) {
    std::size_t n = 0;
    for (const StepRange& r : ranges) {
        n += static_cast<std::size_t>(r.last - r.first) + 1;
    }
    return n;
}

bool CheckOutcome::passed() const {
    return std::all_of(criteria.begin(), criteria.end(),
                       [](const CriterionOutcome& c) { return c.passed; });
}

CheckOutcome run_check(const CheckSpec& spec, const Trace& a, const Trace& b,
                       const std::string& label_a, const std::string& label_b) {
    return run_check_upto(spec, a, b, label_a, label_b, std::numeric_limits<std::int64_t>::max());
}

CheckOutcome run_check_upto(const CheckSpec& spec, const Trace& a, const Trace& b,
                            const std::string& label_a, const std::string& label_b,
                            std::int64_t horizon) {
    CheckOutcome result{.name = spec.name,
                        .label_a = label_a,
                        .label_b = label_b,
                        .path_a = a.path,
                        .path_b = b.path,
                        .field = spec.field,
                        .steps = spec.steps,
                        .criteria = {},
                        .reference = spec.reference,
                        .resolution_a = resolution_of(a.field(spec.field).series.text),
                        .resolution_b = resolution_of(b.field(spec.field).series.text)};
    const StepRange counted = counted_steps(spec, horizon);
    const auto aligned = [&](const std::string& field) {
        std::optional<Series> copy_a;
        std::optional<Series> copy_b;
        std::optional<Series> copy_b_at_a;
        const Series& sa = restricted(a.field(field).series, counted, copy_a);
        const Series& sb = restricted(b.field(field).series, counted, copy_b);
        return spec.reference ? align(sa, at_reference_steps(sb, sa, copy_b_at_a)) : align(sa, sb);
    };
    if (!spec.ignore_header) {
        result.criteria.push_back(header_criterion(a, b, spec.require_header));
    }
    // How many steps of A count: the budget of --allow P% is a share of them.
    const auto counted_a = [&](const std::string& field) {
        return count_in(a.field(field).series, counted);
    };
    const AlignedPair primary = aligned(spec.field);
    if (!spec.max.empty()) {
        add_max_criteria(spec, primary, compute_stats(primary), result.criteria);
    }
    if (!spec.mode.empty()) {
        for (const auto& [field, required] : spec.fields_to_read()) {
            // Optional fields are checked only where both traces have them.
            if (!required && (a.field(field).series.empty() || b.field(field).series.empty())) {
                continue;
            }
            const AlignedPair pair = aligned(field);
            result.criteria.push_back(mode_criterion(spec.mode, spec.tolerance(), field, pair,
                                                     spec.allowed_failures(counted_a(field))));
        }
    }
    if (spec.band) {
        // The band's edges at the reference's steps; half a unit in B's last logged decimal.
        const auto edge = [&](const char* part) {
            const FieldSeries* f = a.find_field(band_field(spec.field, part));
            return f == nullptr ? Series{} : restrict_to(f->series, counted);
        };
        const Series std = edge("std");
        const Series min = edge("min");
        const Series max = edge("max");
        const Resolution r = resolution_of(b.field(spec.field).series.text);
        result.criteria.push_back(band_criterion(
            spec.field, *spec.band, primary, {&std, &min, &max},
            r.full_precision ? 0.0 : r.value() / 2, spec.allowed_failures(counted_a(spec.field))));
    }
    if (spec.require_same_steps) {
        result.criteria.push_back(same_steps_criterion(primary));
    }
    return result;
}

} // namespace tracediff
