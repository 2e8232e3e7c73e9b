#include "tracediff/compare/pair.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace tracediff {

std::optional<double> stat_value(const PairStats& s, PairStat stat) {
    if (stat == PairStat::step1 || stat == PairStat::step2) {
        const auto& d = stat == PairStat::step1 ? s.step1 : s.step2;
        return d && d->available() ? std::optional<double>(d->delta) : std::nullopt;
    }
    if (!s.per_step) {
        throw std::logic_error("a statistic over the compared steps that was not computed");
    }
    if (stat == PairStat::bias) {
        return s.bias.steps() > 0 ? std::optional<double>(s.bias.mean) : std::nullopt;
    }
    if (s.compared == 0) {
        return std::nullopt;
    }
    return stat == PairStat::median ? s.median : s.max;
}

std::optional<double> noise_ratio(const PairStats& row, const PairStats& baseline, PairStat stat) {
    const auto value = stat_value(row, stat);
    const auto floor = stat_value(baseline, stat);
    if (!value || !floor || !std::isfinite(*value) || !std::isfinite(*floor) || *floor == 0.0) {
        return std::nullopt;
    }
    return *value / *floor;
}

bool same_pair(const PairRow& row, const PairRow& other) {
    return (row.a == other.a && row.b == other.b) || (row.a == other.b && row.b == other.a);
}

namespace {

// Two series with the same steps: every step is compared, where the columns lie.
PairRow compare_same_steps(const PairColumns& same, std::size_t index_a, std::size_t index_b,
                           StatScope scope) {
    PairRow row;
    row.a = index_a;
    row.b = index_b;
    row.stats = compute_stats(same, scope);
    row.coverage.compared = same.size;
    if (same.size > 0) {
        row.coverage.first_compared = same.steps[0];
        row.coverage.last_compared = same.steps[same.size - 1];
    }
    return row;
}

// The series' decimals, k_in_full for each value written in full; empty when all are.
std::vector<std::int8_t> decimals_for_pairs(const Series& s) {
    std::vector<std::int8_t> decimals(s.decimals.size());
    bool all_in_full = true;
    for (std::size_t i = 0; i < s.decimals.size(); ++i) {
        const bool in_full = written_in_full(s.values[i], s.decimals[i]);
        decimals[i] = in_full ? k_in_full : s.decimals[i];
        all_in_full = all_in_full && in_full;
    }
    if (all_in_full) {
        decimals.clear();
    }
    return decimals;
}

} // namespace

PairRow compare_pair(const Trace& a, const Trace& b, std::size_t index_a, std::size_t index_b,
                     const std::string& field, StatScope scope) {
    const Series& sa = a.field(field).series;
    const Series& sb = b.field(field).series;
    if (const std::optional<PairColumns> same = same_step_columns(sa, sb)) {
        // The usual case, runs that log the same steps.
        return compare_same_steps(*same, index_a, index_b, scope);
    }
    return compare_pair(align(sa, sb), index_a, index_b, scope);
}

std::vector<PreparedSeries> prepare_series(const std::vector<Trace>& traces,
                                           const std::string& field) {
    std::vector<PreparedSeries> prepared(traces.size());
    std::vector<std::size_t> firsts; // the first trace of each step group
    for (std::size_t i = 0; i < traces.size(); ++i) {
        PreparedSeries& p = prepared[i];
        p.series = &traces[i].field(field).series;
        const auto same = std::find_if(firsts.begin(), firsts.end(), [&](std::size_t first) {
            return prepared[first].series->steps == p.series->steps;
        });
        p.step_group = same == firsts.end() ? i : *same;
        if (p.step_group == i) {
            firsts.push_back(i);
        }
        p.decimals = decimals_for_pairs(*p.series);
    }
    return prepared;
}

PairRow compare_pair(const PreparedSeries& a, const PreparedSeries& b, std::size_t index_a,
                     std::size_t index_b, StatScope scope) {
    if (a.step_group != b.step_group) {
        return compare_pair(align(*a.series, *b.series), index_a, index_b, scope);
    }
    PairColumns same = columns_of_same_steps(*a.series, *b.series);
    const bool decimals = !a.decimals.empty() && !b.decimals.empty();
    // Without decimals, every delta is the difference of the doubles.
    same.decimals_a = decimals ? a.decimals.data() : nullptr;
    same.decimals_b = decimals ? b.decimals.data() : nullptr;
    return compare_same_steps(same, index_a, index_b, scope);
}

PairRow compare_pair(const AlignedPair& aligned, std::size_t index_a, std::size_t index_b,
                     StatScope scope) {
    PairRow row;
    row.a = index_a;
    row.b = index_b;
    row.stats = compute_stats(aligned, scope);
    Coverage& c = row.coverage;
    c.compared = aligned.steps.size();
    if (!aligned.steps.empty()) {
        c.first_compared = aligned.steps.front();
        c.last_compared = aligned.steps.back();
    }
    c.only_a = aligned.only_a.size();
    c.only_b = aligned.only_b.size();
    c.only_a_ranges = to_ranges(aligned.only_a);
    c.only_b_ranges = to_ranges(aligned.only_b);
    return row;
}

} // namespace tracediff
