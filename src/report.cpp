#include "tracediff/report.hpp"

#include "tracediff/align.hpp"

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

PairRow compare_pair(const Trace& a, const Trace& b, std::size_t index_a, std::size_t index_b,
                     const std::string& field) {
    const AlignedPair aligned = align(a.field(field).series, b.field(field).series);
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
