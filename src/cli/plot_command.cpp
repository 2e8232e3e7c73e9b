// `tracediff plot`: an SVG of the deltas per step and of the field per trace.
#include "tracediff/cli/common.hpp"
#include "tracediff/cli/subcommands.hpp"
#include "tracediff/exit_codes.hpp"
#include "tracediff/render/plot.hpp"

#include <algorithm>

namespace tracediff::cli {

namespace {

constexpr const char* k_plot_footer = R"(Examples:
  tracediff plot a.jsonl b.jsonl -o deltas.svg
  tracediff plot --manifest traces/demo/corners.json -o corners.svg
  tracediff plot --field grad_norm a.jsonl b.jsonl c.jsonl > grad_norm.svg

The top panel shows |A - B| per compared step on a log axis, one line per pair (every pair of
the files, or the manifest's comparisons); steps where the delta is zero are gaps. The bottom
panel shows the field itself for each trace.)";

// Reads the traces of the pairs drawn (the first max_pairs); the others stay empty, which
// delta_panels never looks at. Memory and time follow what is drawn.
std::vector<Trace>
load_drawn_traces(const ComparisonPlan& plan, const PlotConfig& config,
                  const std::vector<std::pair<std::size_t, std::size_t>>& pairs) {
    std::vector<bool> needed(plan.paths.size(), pairs.size() <= config.max_pairs);
    for (std::size_t p = 0; p < std::min(pairs.size(), config.max_pairs); ++p) {
        needed[pairs[p].first] = needed[pairs[p].second] = true;
    }
    ComparisonPlan drawn = plan;
    drawn.paths.clear();
    drawn.entries.clear();
    std::vector<std::size_t> index;
    for (std::size_t i = 0; i < plan.paths.size(); ++i) {
        if (needed[i]) {
            index.push_back(i);
            drawn.paths.push_back(plan.paths[i]);
            if (!plan.entries.empty()) {
                drawn.entries.push_back(plan.entries[i]);
            }
        }
    }
    std::vector<Trace> loaded =
        load_plan_traces(drawn, config.input, ReadOptions{{{plan.field, true}}});
    std::vector<Trace> traces(plan.paths.size());
    for (std::size_t k = 0; k < index.size(); ++k) {
        traces[index[k]] = std::move(loaded[k]);
    }
    return traces;
}

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
    sub->add_option("--max-pairs", config.max_pairs,
                    "Draw at most N pairs (default 12); the plot says how many it left out")
        ->type_name("N")
        ->check(CLI::PositiveNumber);
    add_input_options(*sub, config.input);
    sub->footer(k_plot_footer);
    return sub;
}

int run_plot(const PlotConfig& config) {
    const ComparisonPlan plan =
        make_comparison_plan("plot", config.files, config.manifest, config.field, false);
    check_output({config.output}, plan.paths, config.manifest);
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    for (const auto& row : plan.rows) {
        pairs.emplace_back(row.a, row.b);
    }
    const std::vector<Trace> traces = load_drawn_traces(plan, config, pairs);
    std::string title = config.title;
    if (title.empty()) {
        title = plan.title.empty() ? "tracediff: " + plan.field + " per step" : plan.title;
    }
    emit(config.output,
         render_svg(title, delta_panels(traces, plan.labels, pairs, plan.field, config.max_pairs)));
    return k_exit_success;
}

} // namespace tracediff::cli
