// `tracediff plot`: an SVG of the deltas per step and of the field per trace.
#include "tracediff/app/plot_job.hpp"
#include "tracediff/exit_codes.hpp"
#include "tracediff/gate/criteria.hpp"
#include "tracediff/render/plot.hpp"

#include "subcommands.hpp"

namespace tracediff::cli {

namespace {

constexpr const char* k_plot_footer = R"(Examples:
  tracediff plot a.jsonl b.jsonl -o deltas.svg
  tracediff plot --manifest traces/demo/corners.json -o corners.svg
  tracediff plot --field grad_norm a.jsonl b.jsonl c.jsonl > grad_norm.svg

The top panel shows |A - B| per compared step on a log axis, one line per pair (every pair of
the files, or the manifest's comparisons); steps where the delta is zero are gaps. The bottom
panel shows the field itself for each trace.)";

} // namespace

CLI::App* setup_plot(CLI::App& app, PlotConfig& config) {
    CLI::App* sub = app.add_subcommand(
        "plot", "Draw |Δ| per step (log axis) for each pair and the field of each trace, as SVG");
    sub->add_option("files", config.files, "Trace files; '-' reads standard input")
        ->type_name("TRACE");
    sub->add_option("--manifest,-m", config.manifest,
                    "Plot the traces and comparisons a manifest names")
        ->type_name("FILE");
    sub->add_option("--field,-f", config.field, "The numeric member to plot (default: loss)")
        ->type_name("NAME");
    sub->add_option("--title", config.title, "The plot's title (default: the manifest's title)")
        ->type_name("TEXT");
    sub->add_option("--output,-o", config.output,
                    "Write the SVG to FILE instead of standard output")
        ->type_name("FILE");
    sub->add_option("--steps", config.steps, "Draw only the steps FIRST-LAST, e.g. 1-20")
        ->type_name("FIRST-LAST");
    sub->add_option("--max-pairs", config.max_pairs,
                    "Draw at most N pairs (default 12); the plot says how many it left out")
        ->type_name("N")
        ->check(CLI::PositiveNumber);
    add_input_options(*sub, config.input);
    sub->footer(k_plot_footer);
    return sub;
}

int run_plot_command(const PlotConfig& config, app::Warnings& warnings) {
    const app::PlotModel plot = app::make_plot(
        {.files = config.files,
         .manifest = config.manifest,
         .field = config.field,
         .title = config.title,
         .max_pairs = config.max_pairs,
         .steps = config.steps.empty() ? std::nullopt
                                       : std::optional<StepRange>(parse_step_range(config.steps)),
         .input = input_options(config.input),
         .outputs = {config.output}},
        warnings);
    print_warnings(warnings);
    emit(config.output, render_svg(plot.title, plot.panels));
    return k_exit_success;
}

} // namespace tracediff::cli
