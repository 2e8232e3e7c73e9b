// `tracediff table`: the delta table of several traces, or a matrix of one statistic.
#include "tracediff/cli/common.hpp"
#include "tracediff/cli/subcommands.hpp"
#include "tracediff/error.hpp"
#include "tracediff/exit_codes.hpp"
#include "tracediff/read/manifest.hpp"
#include "tracediff/render/format.hpp"
#include "tracediff/render/labels.hpp"
#include "tracediff/render/table_writer.hpp"

#include <fmt/format.h>

namespace tracediff::cli {

namespace {

constexpr const char* k_table_footer = R"(Examples:
  tracediff table run_a.jsonl run_b.jsonl run_c.jsonl
  tracediff table --manifest traces/demo/corners.json
  tracediff table --matrix step1 --format csv --output step1.csv *.jsonl
  tracediff table --field grad_norm a.jsonl b.jsonl

Labels come from the manifest, or from the file names: the parts of the names that all files
share are dropped, so mnist_mlp.phase2-noshuf-cpu.jsonl and mnist_mlp.phase3-noshuf-rocm.jsonl
become phase2-cpu and phase3-rocm.)";

// `matrix` is the --matrix name, "" for the pair table.
std::string render(const TableReport& report, OutputFormat format, const std::string& matrix) {
    if (!matrix.empty()) {
        const PairStat stat = parse_matrix_stat(matrix).value_or(PairStat::step1);
        switch (format) {
        case OutputFormat::csv:
            return render_matrix_csv(report, stat);
        case OutputFormat::json:
            return render_matrix_json(report, stat);
        default:
            return render_matrix_markdown(report, stat);
        }
    }
    switch (format) {
    case OutputFormat::csv:
        return render_table_csv(report);
    case OutputFormat::json:
        return render_table_json(report);
    default:
        return render_table_markdown(report);
    }
}

} // namespace

CLI::App* setup_table(CLI::App& app, TableConfig& config) {
    CLI::App* sub = app.add_subcommand(
        "table", "Print a markdown table of the step-1, step-2, median and max delta of every "
                 "pair of traces, or of the pairs a manifest names");
    sub->add_option("files", config.files,
                    "Trace files or logs of any format tracediff reads, or TensorBoard run "
                    "folders; '-' reads standard input")
        ->type_name("TRACE");
    sub->add_option("--manifest,-m", config.manifest,
                    "A JSON manifest naming the traces, their labels and the comparisons to "
                    "print, with notes (see docs/manifest.md)")
        ->type_name("FILE");
    sub->add_option("--matrix", config.matrix,
                    "Print an N x N grid of one statistic instead: step1, step2, median or max")
        ->type_name("STAT")
        ->check(CLI::IsMember({"step1", "step2", "median", "max"}));
    sub->add_option("--field,-f", config.field,
                    "The numeric member of the step records to compare (default: the "
                    "manifest's field, else loss)")
        ->type_name("NAME");
    add_output_options(*sub, config.format, config.output, {"markdown", "csv", "json"});
    add_input_options(*sub, config.input);
    sub->footer(k_table_footer);
    return sub;
}

int run_table(const TableConfig& config) {
    const ComparisonPlan plan = make_comparison_plan("table", config.files, config.manifest,
                                                     config.field, !config.matrix.empty());
    if (plan.field.empty()) {
        throw Error("--field must not be empty");
    }
    check_output({config.output}, plan.paths, config.manifest);
    const std::vector<Trace> traces =
        load_plan_traces(plan, config.input, ReadOptions{{{plan.field, true}}});

    TableReport report;
    report.title = plan.title;
    report.field = plan.field;
    for (std::size_t i = 0; i < traces.size(); ++i) {
        report.traces.push_back(summarize(traces[i], plan.labels[i], plan.field));
    }
    // The statistics of every pair in parallel; warnings and rows then follow in plan order.
    std::vector<PairRow> computed(plan.rows.size());
    run_parallel(plan.rows.size(), [&](std::size_t i) {
        const PairRow& planned = plan.rows[i];
        computed[i] =
            compare_pair(traces[planned.a], traces[planned.b], planned.a, planned.b, plan.field);
    });
    for (std::size_t i = 0; i < plan.rows.size(); ++i) {
        PairRow row = std::move(computed[i]);
        row.note = plan.rows[i].note;
        const std::string& label_a = plan.labels[row.a];
        const std::string& label_b = plan.labels[row.b];
        warn_about_headers(traces[row.a], traces[row.b], label_a, label_b);
        warn_about_coverage(row, label_a, label_b);
        report.rows.push_back(std::move(row));
    }

    if (plan.baseline) {
        report.baseline = compare_pair(traces[plan.baseline->a], traces[plan.baseline->b],
                                       plan.baseline->a, plan.baseline->b, plan.field);
    }

    emit(config.output, render(report, parse_format(config.format), config.matrix));
    return k_exit_success;
}

} // namespace tracediff::cli
