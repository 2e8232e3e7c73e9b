#include "tracediff/app/report_job.hpp"

#include "tracediff/app/comparison_plan.hpp"
#include "tracediff/error.hpp"
#include "tracediff/io/file_identity.hpp"
#include "tracediff/io/output_file.hpp"
#include "tracediff/render/report_writer.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "pair_warnings.hpp"

namespace tracediff::app {

namespace {

constexpr const char* k_plot_file = "deltas.svg";

// The document's data: the traces, one diff per comparison, the baseline.
ReportDocument make_document(const ComparisonPlan& plan, const std::vector<Trace>& traces,
                             Warnings& warnings) {
    ReportDocument doc;
    doc.title = plan.title;
    doc.field = plan.field;
    doc.grid = plan.grid;
    doc.plot_file = k_plot_file;
    doc.table.field = plan.field;
    for (std::size_t i = 0; i < traces.size(); ++i) {
        doc.table.traces.push_back(summarize(traces[i], plan.labels[i], plan.field));
        doc.evals.push_back(traces[i].last_eval);
    }
    for (const auto& planned : plan.rows) {
        DiffReport diff =
            make_diff_report(traces[planned.a], traces[planned.b], plan.labels[planned.a],
                             plan.labels[planned.b], plan.field);
        PairRow row = diff.pair;
        row.a = planned.a;
        row.b = planned.b;
        row.note = planned.note;
        doc.headers_agree.push_back(diff.header.identical());
        warn_about_coverage(warnings, row, plan.labels[row.a], plan.labels[row.b]);
        doc.table.rows.push_back(std::move(row));
        doc.diffs.push_back(std::move(diff));
    }
    if (plan.baseline) {
        doc.table.baseline = compare_pair(traces[plan.baseline->a], traces[plan.baseline->b],
                                          plan.baseline->a, plan.baseline->b, plan.field);
    }
    return doc;
}

} // namespace

void write_report(const ReportRequest& request, Warnings& warnings) {
    const ComparisonPlan plan =
        make_comparison_plan({"report", {}, request.manifest, request.field, false});
    const std::filesystem::path out(request.folder);
    const std::string report_path = (out / "report.md").string();
    const std::string plot_path = (out / k_plot_file).string();
    check_outputs({report_path, plot_path}, plan.paths, request.manifest);

    std::vector<Trace> traces =
        load_plan_traces(plan, request.input, diff_read_options(plan.field), warnings);
    if (request.steps) {
        keep_steps(traces, *request.steps);
    }
    ReportDocument doc = make_document(plan, traces, warnings);
    doc.steps = request.steps;
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    for (const auto& row : plan.rows) {
        pairs.emplace_back(row.a, row.b);
    }

    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    if (ec) {
        throw Error(fmt::format("cannot create the folder '{}': {}", request.folder, ec.message()));
    }
    const std::string title = plan.title.empty() ? "tracediff report" : plan.title;
    // Both files or neither: the report shows the plot.
    const std::string svg =
        render_svg(title, delta_panels(traces, plan.labels, pairs, plan.field, request.max_pairs));
    const std::string markdown = render_report_markdown(doc);
    write_outputs({{plot_path, svg}, {report_path, markdown}});
}

} // namespace tracediff::app
