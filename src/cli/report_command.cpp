// `tracediff report`: a markdown document with the corner grid, the delta table, a plot and
// the findings, written into a folder.
#include "tracediff/cli/common.hpp"
#include "tracediff/cli/subcommands.hpp"
#include "tracediff/error.hpp"
#include "tracediff/exit_codes.hpp"
#include "tracediff/io/output_file.hpp"
#include "tracediff/render/plot.hpp"
#include "tracediff/render/report_writer.hpp"

#include <fmt/format.h>

#include <filesystem>

namespace tracediff::cli {

namespace {

constexpr const char* k_report_footer = R"(Example:
  tracediff report --manifest traces/demo/corners.json --out demo-report

Writes DIR/report.md and the plot it shows, DIR/deltas.svg. The manifest's comparisons are the
rows; its optional "grid" says which trace is which corner; its optional "baseline" pair (the
same pipeline run twice) puts every delta against the rerun noise. The findings are sentences
generated from the numbers: the identical prefix, the step-1 and step-2 deltas in float32
ULPs and against the logging resolution, the growth rate of the delta, the epoch-averaged
delta, and the final eval metrics.)";

constexpr const char* k_plot_file = "deltas.svg";

} // namespace

CLI::App* setup_report(CLI::App& app, ReportConfig& config) {
    CLI::App* sub = app.add_subcommand(
        "report", "Write a markdown report (corner grid, delta table, plot, findings) into a "
                  "folder");
    sub->add_option("--manifest,-m", config.manifest, "The manifest of traces and comparisons")
        ->type_name("FILE")
        ->required();
    sub->add_option("--out", config.out, "The folder to write report.md and deltas.svg into")
        ->type_name("DIR")
        ->required();
    sub->add_option("--field,-f", config.field,
                    "The numeric member to compare (default: the manifest's field, else loss)")
        ->type_name("NAME");
    sub->add_option("--max-pairs", config.max_pairs,
                    "Draw at most N pairs (default 12); the plot says how many it left out")
        ->type_name("N")
        ->check(CLI::PositiveNumber);
    add_input_options(*sub, config.input);
    sub->footer(k_report_footer);
    return sub;
}

int run_report(const ReportConfig& config) {
    const ComparisonPlan plan =
        make_comparison_plan("report", {}, config.manifest, config.field, false);
    const std::filesystem::path out(config.out);
    const std::string report_path = (out / "report.md").string();
    const std::string plot_path = (out / k_plot_file).string();
    check_output({report_path, plot_path}, plan.paths, config.manifest);

    const ReadOptions options = diff_read_options(plan.field);
    const std::vector<Trace> traces = load_plan_traces(plan, config.input, options);

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
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    for (const auto& planned : plan.rows) {
        DiffReport diff =
            make_diff_report(traces[planned.a], traces[planned.b], plan.labels[planned.a],
                             plan.labels[planned.b], plan.field);
        PairRow row = diff.pair;
        row.a = planned.a;
        row.b = planned.b;
        row.note = planned.note;
        doc.headers_agree.push_back(diff.header.identical());
        warn_about_coverage(row, plan.labels[row.a], plan.labels[row.b]);
        doc.table.rows.push_back(std::move(row));
        doc.diffs.push_back(std::move(diff));
        pairs.emplace_back(planned.a, planned.b);
    }
    if (plan.baseline) {
        doc.table.baseline = compare_pair(traces[plan.baseline->a], traces[plan.baseline->b],
                                          plan.baseline->a, plan.baseline->b, plan.field);
    }

    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    if (ec) {
        throw Error(fmt::format("cannot create the folder '{}': {}", config.out, ec.message()));
    }
    const std::string title = plan.title.empty() ? "tracediff report" : plan.title;
    // Both files or neither: the report shows the plot.
    const std::string svg =
        render_svg(title, delta_panels(traces, plan.labels, pairs, plan.field, config.max_pairs));
    const std::string markdown = render_report_markdown(doc);
    write_outputs({{plot_path, svg}, {report_path, markdown}});
    return k_exit_success;
}

} // namespace tracediff::cli
