// `tracediff report`: a markdown document with the corner grid, the delta table, a plot and
// the findings, written into a folder.
#include "tracediff/app/report_job.hpp"
#include "tracediff/exit_codes.hpp"
#include "tracediff/gate/criteria.hpp"

#include "subcommands.hpp"

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
    sub->add_option("--steps", config.steps, "Report on only the steps FIRST-LAST, e.g. 1-20")
        ->type_name("FIRST-LAST");
    sub->add_option("--max-pairs", config.max_pairs,
                    "Draw at most N pairs (default 12); the plot says how many it left out")
        ->type_name("N")
        ->check(CLI::PositiveNumber);
    add_input_options(*sub, config.input);
    sub->footer(k_report_footer);
    return sub;
}

int run_report_command(const ReportConfig& config, app::Warnings& warnings) {
    app::write_report({.manifest = config.manifest,
                       .folder = config.out,
                       .field = config.field,
                       .max_pairs = config.max_pairs,
                       .steps = config.steps.empty()
                                    ? std::nullopt
                                    : std::optional<StepRange>(parse_step_range(config.steps)),
                       .input = input_options(config.input)},
                      warnings);
    return k_exit_success;
}

} // namespace tracediff::cli
