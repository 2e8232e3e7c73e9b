// What `plot` and `report` draw: the panels of deltas and values (plot.hpp).
#include "tracediff/compare/align.hpp"
#include "tracediff/compare/stats.hpp"
#include "tracediff/render/plot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace tracediff {

std::vector<PlotPanel> delta_panels(const std::vector<Trace>& traces,
                                    const std::vector<std::string>& labels,
                                    const std::vector<std::pair<std::size_t, std::size_t>>& pairs,
                                    const std::string& field, std::size_t max_pairs) {
    PlotPanel deltas;
    deltas.title = fmt::format("|Δ| of {} per step", field);
    deltas.y_label = fmt::format("|Δ {}|", field);
    const std::size_t shown = std::min(pairs.size(), max_pairs);
    if (shown < pairs.size()) {
        deltas.title += fmt::format(" (the first {} of {} pairs; {} left out, see --max-pairs)",
                                    shown, pairs.size(), pairs.size() - shown);
    }
    std::vector<bool> drawn(traces.size(), shown == pairs.size());
    for (std::size_t p = 0; p < shown; ++p) {
        const auto [a, b] = pairs[p];
        drawn[a] = drawn[b] = true;
        const AlignedPair aligned =
            align(traces[a].field(field).series, traces[b].field(field).series);
        PlotLine line;
        line.label = fmt::format("{} vs {}", labels[a], labels[b]);
        // A step that one trace lacks is a NaN point, so that the line breaks there rather
        // than drawing across it.
        std::vector<std::int64_t> missing = aligned.only_a;
        missing.insert(missing.end(), aligned.only_b.begin(), aligned.only_b.end());
        std::sort(missing.begin(), missing.end());
        std::size_t m = 0;
        for (std::size_t i = 0; i < aligned.steps.size(); ++i) {
            for (; m < missing.size() && missing[m] < aligned.steps[i]; ++m) {
                line.steps.push_back(missing[m]);
                line.values.push_back(std::numeric_limits<double>::quiet_NaN());
            }
            line.steps.push_back(aligned.steps[i]);
            line.values.push_back(aligned.delta(i));
        }
        deltas.lines.push_back(std::move(line));
    }
    PlotPanel values;
    values.title = fmt::format("{} per step", field);
    values.y_label = field;
    const auto left_out = static_cast<std::size_t>(std::count(drawn.begin(), drawn.end(), false));
    if (left_out > 0) {
        values.title +=
            fmt::format(" (the traces of those pairs; {} of {} left out)", left_out, traces.size());
    }
    for (std::size_t t = 0; t < traces.size(); ++t) {
        if (!drawn[t]) {
            continue;
        }
        const Series& s = traces[t].field(field).series;
        values.log_y = values.log_y && std::all_of(s.values.begin(), s.values.end(),
                                                   [](double v) { return !(v <= 0); });
        values.lines.push_back({labels[t], s.steps, s.values});
    }
    return {std::move(deltas), std::move(values)};
}

} // namespace tracediff
