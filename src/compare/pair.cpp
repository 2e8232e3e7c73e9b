#include "tracediff/compare/pair.hpp"

#include "tracediff/compare/align.hpp"

#include <cmath>

namespace tracediff {

std::vector<StepRange> to_ranges(const std::vector<std::int64_t>& sorted_steps) {
    std::vector<StepRange> ranges;
    for (const std::int64_t step : sorted_steps) {
        if (!ranges.empty() && ranges.back().last + 1 == step) {
            ranges.back().last = step;
        } else {
            ranges.push_back({step, step});
        }
    }
    return ranges;
}

TraceSummary summarize(const Trace& trace, const std::string& label, const std::string& field) {
    const FieldSeries& fs = trace.field(field);
    TraceSummary s;
    s.label = label;
    s.path = trace.path;
    s.phase = trace.header_string("phase");
    s.netspec_name = trace.header_string("netspec_name");
    s.has_header = trace.header.has_value();
    s.steps = fs.series.size();
    if (!fs.series.empty()) {
        s.first_step = fs.series.steps.front();
        s.last_step = fs.series.steps.back();
    }
    s.records_without_field = fs.records_without;
    s.duplicate_records = trace.duplicate_records;
    s.ignored_kinds = trace.ignored_kinds;
    return s;
}

namespace {

const Series& series_or_empty(const Trace& t, const std::string& field) {
    static const Series k_empty;
    for (const auto& f : t.fields) {
        if (f.name == field) {
            return f.series;
        }
    }
    return k_empty;
}

} // namespace

std::optional<double> stat_value(const PairStats& s, MatrixStat stat) {
    switch (stat) {
    case MatrixStat::step1:
    case MatrixStat::step2: {
        const auto& d = stat == MatrixStat::step1 ? s.step1 : s.step2;
        return d && d->available() ? std::optional<double>(d->delta) : std::nullopt;
    }
    case MatrixStat::median:
        return s.compared > 0 ? std::optional<double>(s.median) : std::nullopt;
    case MatrixStat::max:
        return s.compared > 0 ? std::optional<double>(s.max) : std::nullopt;
    }
    return std::nullopt;
}

std::optional<double> noise_ratio(const PairStats& row, const PairStats& baseline,
                                  MatrixStat stat) {
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

ReadOptions diff_read_options(const std::string& field) {
    ReadOptions options;
    options.fields = {{field, true}};
    if (field != "epoch") {
        options.fields.push_back({"epoch", false});
    }
    return options;
}

DiffReport make_diff_report(const Trace& a, const Trace& b, const std::string& label_a,
                            const std::string& label_b, const std::string& field) {
    DiffReport r;
    r.field = field;
    r.traces = {summarize(a, label_a, field), summarize(b, label_b, field)};
    r.header = compare_headers(a.header, b.header);
    const Series& sa = a.field(field).series;
    const Series& sb = b.field(field).series;
    const AlignedPair aligned = align(sa, sb);
    r.pair = compare_pair(aligned, 0, 1);
    r.drift = analyze_drift(aligned, r.pair.stats, sa, sb, series_or_empty(a, "epoch"),
                            series_or_empty(b, "epoch"), a.last_eval, b.last_eval);
    return r;
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
