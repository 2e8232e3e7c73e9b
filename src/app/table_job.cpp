#include "tracediff/app/table_job.hpp"

#include "tracediff/app/comparison_plan.hpp"
#include "tracediff/io/file_identity.hpp"

#include "pair_warnings.hpp"

namespace tracediff::app {

TableReport make_table(const TableRequest& request, Warnings& warnings) {
    const ComparisonPlan plan = make_comparison_plan(
        {"table", request.files, request.manifest, request.field, request.matrix.has_value()});
    check_outputs(request.outputs, plan.paths, request.manifest);
    const std::vector<Trace> traces =
        load_plan_traces(plan, request.input, ReadOptions{{{plan.field, true}}}, warnings);

    TableReport report;
    report.title = plan.title;
    report.field = plan.field;
    for (std::size_t i = 0; i < traces.size(); ++i) {
        report.traces.push_back(summarize(traces[i], plan.labels[i], plan.field));
    }
    // The statistics of every pair in parallel; warnings and rows then follow in plan order. A
    // matrix of step1 or step2 needs no pass over the compared steps.
    const bool first_steps = request.matrix && (*request.matrix == PairStat::step1 ||
                                                *request.matrix == PairStat::step2);
    const StatScope scope = first_steps ? StatScope::first_steps : StatScope::all;
    // What each pair needs to know of its traces (same steps, decimals) is found once per
    // trace, not once per pair.
    const std::vector<PreparedSeries> series = prepare_series(traces, plan.field);
    std::vector<PairRow> computed(plan.rows.size());
    run_parallel(plan.rows.size(), [&](std::size_t i) {
        const PairRow& planned = plan.rows[i];
        computed[i] =
            compare_pair(series[planned.a], series[planned.b], planned.a, planned.b, scope);
    });
    for (std::size_t i = 0; i < plan.rows.size(); ++i) {
        PairRow row = std::move(computed[i]);
        row.note = plan.rows[i].note;
        const std::string& label_a = plan.labels[row.a];
        const std::string& label_b = plan.labels[row.b];
        warn_about_headers(warnings, traces[row.a], traces[row.b], label_a, label_b);
        warn_about_coverage(warnings, row, label_a, label_b);
        report.rows.push_back(std::move(row));
    }
    if (plan.baseline) {
        report.baseline = compare_pair(traces[plan.baseline->a], traces[plan.baseline->b],
                                       plan.baseline->a, plan.baseline->b, plan.field);
    }
    return report;
}

PairRow compare_traces(const Trace& a, const Trace& b, const std::string& field) {
    return compare_pair(a, b, 0, 1, field);
}

} // namespace tracediff::app
