// `plot`: |Δ| per step for each pair and the field of each trace, as panels for an SVG.
#pragma once

#include "tracediff/app/trace_inputs.hpp"
#include "tracediff/app/warnings.hpp"
#include "tracediff/render/plot.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace tracediff::app {

struct PlotRequest {
    std::vector<std::string> files{}; // trace files, or
    std::string manifest{};           // a manifest
    std::string field{};              // "" means the manifest's field, or loss
    std::string title{}; // "" means the manifest's title, or "tracediff: FIELD per step"
    std::size_t max_pairs = k_default_max_pairs;
    std::optional<StepRange> steps{}; // draw only these steps
    InputOptions input{};
    std::vector<std::string> outputs{}; // the files the front end will write: never an input
};

struct PlotModel {
    std::string title;
    std::vector<PlotPanel> panels;
};

// Reads only the traces of the pairs drawn (the first max_pairs), so time and memory follow
// what is drawn.
PlotModel make_plot(const PlotRequest& request, Warnings& warnings);

} // namespace tracediff::app
