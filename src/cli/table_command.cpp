// `tracediff table`: the delta table of several traces, or a matrix of one statistic.
#include "tracediff/app/table_job.hpp"
#include "tracediff/exit_codes.hpp"
#include "tracediff/render/numbers.hpp"
#include "tracediff/render/table_writer.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "subcommands.hpp"

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

// --stats step1,median,bias: the columns, each a statistic's name, none twice; none for "".
std::vector<PairStat> parse_stats(const std::string& text) {
    std::vector<PairStat> columns;
    std::size_t start = 0;
    while (!text.empty() && start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::string name = text.substr(start, comma - start);
        const auto stat = parse_matrix_stat(name);
        if (!stat) {
            throw UsageError("table", fmt::format("--stats: unknown statistic '{}' (expected "
                                                  "step1, step2, median, max or bias)",
                                                  name));
        }
        if (std::find(columns.begin(), columns.end(), *stat) != columns.end()) {
            throw UsageError("table", fmt::format("--stats: '{}' is given twice", name));
        }
        columns.push_back(*stat);
        start = comma + 1;
    }
    return columns;
}

std::string render(const TableReport& report, OutputFormat format,
                   const std::optional<PairStat>& matrix) {
    if (matrix) {
        const PairStat stat = *matrix;
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
                    "Print an N x N grid of one statistic instead: step1, step2, median, max, or "
                    "bias (the mean of column - row)")
        ->type_name("STAT")
        ->check(CLI::IsMember({"step1", "step2", "median", "max", "bias"}));
    sub->add_option("--stats", config.stats,
                    "The statistics the table shows, in order, comma-separated: step1, step2, "
                    "median, max, bias (default step1,step2,median,max)")
        ->type_name("LIST");
    sub->add_option("--field,-f", config.field,
                    "The numeric member of the step records to compare (default: the "
                    "manifest's field, else loss)")
        ->type_name("NAME");
    add_output_options(*sub, config.format, config.output, {"markdown", "csv", "json"});
    add_input_options(*sub, config.input);
    sub->footer(k_table_footer);
    return sub;
}

int run_table_command(const TableConfig& config, app::Warnings& warnings) {
    std::optional<PairStat> matrix;
    if (!config.matrix.empty()) {
        matrix = parse_matrix_stat(config.matrix); // CLI11 took only known names
    }
    const std::vector<PairStat> columns = parse_stats(config.stats);
    TableReport report = app::make_table({config.files,
                                          config.manifest,
                                          config.field,
                                          matrix,
                                          input_options(config.input),
                                          {config.output}},
                                         warnings);
    if (!columns.empty()) {
        report.columns = columns;
    }
    print_warnings(warnings);
    emit(config.output, render(report, parse_format(config.format), matrix));
    return k_exit_success;
}

} // namespace tracediff::cli
