// A dependency-free SVG plot: panels of lines against the step, on linear or log axes.
//
// tracediff draws its own SVG rather than going through a plotting library so that the output
// is byte-for-byte deterministic (it is tested against golden files) and needs no plotting
// driver at run time.
#pragma once

#include "tracediff/read/trace.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace tracediff {

struct PlotLine {
    std::string label;
    std::vector<std::int64_t> steps;
    std::vector<double> values; // points that cannot be drawn (<= 0 on a log axis, NaN) break
                                // the line
};

struct PlotPanel {
    std::string title;
    std::string y_label;
    bool log_y = true;
    std::vector<PlotLine> lines;
};

// One SVG document, the panels stacked top to bottom, sharing the step axis.
std::string render_svg(const std::string& title, const std::vector<PlotPanel>& panels);

// Pairs drawn at most, unless told otherwise (--max-pairs): a legend and a plot stay readable.
inline constexpr std::size_t k_default_max_pairs = 12;

// The two panels tracediff draws: |Δ| of `field` per compared step for each pair (log axis),
// and `field` itself for each trace (log axis when every value is positive). Only the first
// `max_pairs` pairs are drawn; when some are left out, the panels' titles say how many, and
// the second panel draws only the traces of the pairs drawn.
std::vector<PlotPanel> delta_panels(const std::vector<Trace>& traces,
                                    const std::vector<std::string>& labels,
                                    const std::vector<std::pair<std::size_t, std::size_t>>& pairs,
                                    const std::string& field,
                                    std::size_t max_pairs = k_default_max_pairs);

} // namespace tracediff
