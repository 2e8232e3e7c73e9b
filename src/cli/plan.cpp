// The comparison plan: which traces, labels and pairs a subcommand reports on.
#include "tracediff/cli/common.hpp"
#include "tracediff/error.hpp"
#include "tracediff/read/manifest.hpp"
#include "tracediff/render/labels.hpp"

#include <fmt/format.h>

namespace tracediff::cli {

ComparisonPlan make_comparison_plan(const std::string& command,
                                    const std::vector<std::string>& files,
                                    const std::string& manifest, const std::string& field,
                                    bool all_pairs) {
    if (!manifest.empty() && !files.empty()) {
        throw Error("give trace files or --manifest, not both");
    }
    ComparisonPlan plan;
    auto row_of = [](std::size_t a, std::size_t b, std::string note) {
        PairRow row;
        row.a = a;
        row.b = b;
        row.note = std::move(note);
        return row;
    };
    if (!manifest.empty()) {
        const Manifest m = load_manifest(manifest);
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
    } else {
        if (files.size() < 2) {
            throw Error(fmt::format("{} needs at least two trace files or --manifest, got {}",
                                    command, files.size()));
        }
        plan.field = "loss";
        plan.paths = files;
        plan.labels = derive_labels(plan.paths);
        all_pairs = true;
    }
    if (!field.empty()) {
        plan.field = field;
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

} // namespace tracediff::cli
