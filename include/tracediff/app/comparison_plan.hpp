// What to compare: the traces, their labels, and the pairs (rows) to report on, from trace
// files or a manifest. table, plot and report start from it.
#pragma once

#include "tracediff/app/trace_inputs.hpp"
#include "tracediff/compare/pair.hpp"
#include "tracediff/read/manifest.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tracediff::app {

struct PlanRequest {
    std::string command{};            // the subcommand, for messages: "table"
    std::vector<std::string> files{}; // trace files, or
    std::string manifest{};           // a manifest (not both)
    std::string field{};              // overrides the manifest's field when not empty
    bool all_pairs = false;           // every pair i < j, even with a manifest's comparisons
};

struct ComparisonPlan {
    std::string title;
    std::string field;
    std::vector<std::string> paths;
    std::vector<std::string> labels;
    std::vector<ManifestTrace> entries; // a manifest's traces, with how to read them; or empty
    std::vector<PairRow> rows;          // only a, b and note filled in
    std::optional<PairRow> baseline;
    std::optional<ManifestGrid> grid;
};

// Without a manifest, or with all_pairs, the rows are every pair i < j in order. Throws Error
// for fewer than two traces, both files and a manifest, an empty field, or a bad manifest.
ComparisonPlan make_comparison_plan(const PlanRequest& request);

// The plan's traces, each read with `base` and the input options (read_options_for): those
// `needed` marks, or every one when `needed` is empty; the others stay empty Traces.
std::vector<Trace> load_plan_traces(const ComparisonPlan& plan, const InputOptions& input,
                                    const ReadOptions& base, Warnings& warnings,
                                    const std::vector<bool>& needed = {});

} // namespace tracediff::app
