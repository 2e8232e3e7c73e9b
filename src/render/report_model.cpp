#include "tracediff/render/report_model.hpp"

#include "tracediff/compare/align.hpp"

namespace tracediff {

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

TraceSummary summarize(const Trace& trace, const std::string& label, const std::string& field) {
    const FieldSeries& fs = trace.field(field);
    TraceSummary s;
    s.label = label;
    s.path = trace.path;
    s.phase = trace.header_string("phase");
    s.netspec_name = trace.header_string("netspec_name");
    s.has_header = trace.header.has_value();
    s.can_have_header = trace.can_have_header();
    s.steps = fs.series.size();
    if (!fs.series.empty()) {
        s.first_step = fs.series.steps.front();
        s.last_step = fs.series.steps.back();
    }
    s.records_without_field = fs.records_without;
    s.duplicate_records = trace.duplicate_records;
    s.ignored_kinds = trace.ignored_kinds;
    s.unmatched_lines = trace.unmatched_lines;
    s.pattern = trace.format == "text";
    s.non_scalar_values = trace.non_scalar_values;
    return s;
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

} // namespace tracediff
