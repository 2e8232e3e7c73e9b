#include "tracediff/app/plot_job.hpp"

#include "tracediff/app/comparison_plan.hpp"
#include "tracediff/io/file_identity.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace tracediff::app {

PlotModel make_plot(const PlotRequest& request, Warnings& warnings) {
    const ComparisonPlan plan =
        make_comparison_plan({"plot", request.files, request.manifest, request.field, false});
    check_outputs(request.outputs, plan.paths, request.manifest);
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    for (const auto& row : plan.rows) {
        pairs.emplace_back(row.a, row.b);
    }
    // Only the traces of the pairs drawn are read; delta_panels never looks at the others.
    std::vector<bool> needed(plan.paths.size(), pairs.size() <= request.max_pairs);
    for (std::size_t p = 0; p < std::min(pairs.size(), request.max_pairs); ++p) {
        needed[pairs[p].first] = needed[pairs[p].second] = true;
    }
    std::vector<Trace> traces =
        load_plan_traces(plan, request.input, ReadOptions{{{plan.field, true}}}, warnings, needed);
    const std::string range =
        request.steps ? fmt::format(", steps {}-{}", request.steps->first, request.steps->last)
                      : "";
    if (request.steps) {
        keep_steps(traces, *request.steps);
    }
    PlotModel model;
    model.title = request.title;
    if (model.title.empty()) {
        model.title =
            (plan.title.empty() ? "tracediff: " + plan.field + " per step" : plan.title) + range;
    }
    model.panels = delta_panels(traces, plan.labels, pairs, plan.field, request.max_pairs);
    return model;
}

} // namespace tracediff::app
