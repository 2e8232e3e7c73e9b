#include "tracediff/compare/pair.hpp"

#include <cmath>

namespace tracediff {

std::optional<double> stat_value(const PairStats& s, PairStat stat) {
    switch (stat) {
    case PairStat::step1:
    case PairStat::step2: {
        const auto& d = stat == PairStat::step1 ? s.step1 : s.step2;
        return d && d->available() ? std::optional<double>(d->delta) : std::nullopt;
    }
    case PairStat::median:
        return s.compared > 0 ? std::optional<double>(s.median) : std::nullopt;
    case PairStat::max:
        return s.compared > 0 ? std::optional<double>(s.max) : std::nullopt;
    case PairStat::bias:
        return s.bias.steps() > 0 ? std::optional<double>(s.bias.mean) : std::nullopt;
    }
    return std::nullopt;
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
                     const std::string& field) {
    return compare_pair(align(a.field(field).series, b.field(field).series), index_a, index_b);
}

PairRow compare_pair(const AlignedPair& aligned, std::size_t index_a, std::size_t index_b) {
    PairRow row;
    row.a = index_a;
    row.b = index_b;
    row.stats = compute_stats(aligned);
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
