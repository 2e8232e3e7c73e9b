#include "tracediff/compare/pair.hpp"

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

PairRow compare_pair(const Trace& a, const Trace& b, std::size_t index_a, std::size_t index_b,
                     const std::string& field, StatScope scope) {
    const Series& sa = a.field(field).series;
    const Series& sb = b.field(field).series;
    if (const std::optional<PairColumns> same = same_step_columns(sa, sb)) {
        // The usual case, runs that log the same steps: every step is compared, and the
        // columns are read where they are.
        PairRow row;
        row.a = index_a;
        row.b = index_b;
        row.stats = compute_stats(*same, scope);
        row.coverage.compared = same->size;
        if (same->size > 0) {
            row.coverage.first_compared = same->steps[0];
            row.coverage.last_compared = same->steps[same->size - 1];
        }
        return row;
    }
    return compare_pair(align(sa, sb), index_a, index_b, scope);
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
