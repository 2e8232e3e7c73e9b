#include "tracediff/app/comparison_plan.hpp"

#include "tracediff/error.hpp"
#include "tracediff/render/labels.hpp"

#include <fmt/format.h>

namespace tracediff::app {

namespace {

PairRow row_of(std::size_t a, std::size_t b, std::string note) {
    PairRow row;
    row.a = a;
    row.b = b;
    row.note = std::move(note);
    return row;
}

void plan_from_manifest(const std::string& path, ComparisonPlan& plan) {
    const Manifest m = load_manifest(path);
    plan.title = m.title;
    plan.field = m.field.value_or("loss");
    for (const auto& t : m.traces) {
        plan.paths.push_back(t.path);
        plan.labels.push_back(t.label);
    }
    if (m.baseline) {
        plan.baseline = row_of(m.baseline->a, m.baseline->b, m.baseline->note);
    }
    for (const auto& c : m.comparisons) {
        plan.rows.push_back(row_of(c.a, c.b, c.note));
    }
    plan.grid = m.grid;
    plan.entries = m.traces;
}

} // namespace

ComparisonPlan make_comparison_plan(const PlanRequest& request) {
    if (!request.manifest.empty() && !request.files.empty()) {
        throw Error("give trace files or --manifest, not both");
    }
    ComparisonPlan plan;
    bool all_pairs = request.all_pairs;
    if (!request.manifest.empty()) {
        plan_from_manifest(request.manifest, plan);
    } else {
        if (request.files.size() < 2) {
            throw Error(fmt::format("{} needs at least two trace files or --manifest, got {}",
                                    request.command, request.files.size()));
        }
        plan.field = "loss";
        plan.paths = request.files;
        plan.labels = derive_labels(plan.paths);
        all_pairs = true;
    }
    if (!request.field.empty()) {
        plan.field = request.field;
    }
    if (plan.field.empty()) {
        throw Error("--field must not be empty");
    }
    if (all_pairs) {
        plan.rows.clear();
        for (std::size_t i = 0; i < plan.paths.size(); ++i) {
            for (std::size_t j = i + 1; j < plan.paths.size(); ++j) {
                plan.rows.push_back(row_of(i, j, ""));
            }
        }
    }
    return plan;
}

std::vector<Trace> load_plan_traces(const ComparisonPlan& plan, const InputOptions& input,
                                    const ReadOptions& base, Warnings& warnings,
                                    const std::vector<bool>& needed) {
    std::vector<std::size_t> index;
    std::vector<std::string> paths;
    std::vector<ReadOptions> options;
    for (std::size_t i = 0; i < plan.paths.size(); ++i) {
        if (needed.empty() || needed[i]) {
            index.push_back(i);
            paths.push_back(plan.paths[i]);
            options.push_back(
                read_options_for(base, input, plan.entries.empty() ? nullptr : &plan.entries[i]));
        }
    }
    std::vector<Trace> loaded = load_traces(paths, options, warnings);
    std::vector<Trace> traces(plan.paths.size());
    for (std::size_t k = 0; k < index.size(); ++k) {
        traces[index[k]] = std::move(loaded[k]);
    }
    return traces;
}

} // namespace tracediff::app
