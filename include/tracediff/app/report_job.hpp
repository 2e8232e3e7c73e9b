// `report`: a markdown document (corner grid, delta table, plot, findings) and the plot it
// shows, written into a folder.
#pragma once

#include "tracediff/app/trace_inputs.hpp"
#include "tracediff/app/warnings.hpp"
#include "tracediff/render/plot.hpp"

#include <cstddef>
#include <optional>
#include <string>

namespace tracediff::app {

struct ReportRequest {
    std::string manifest{};
    std::string folder{}; // where report.md and deltas.svg go; created when missing
    std::string field{};  // "" means the manifest's field, or loss
    std::size_t max_pairs = k_default_max_pairs;
    std::optional<StepRange> steps{}; // report only on these steps
    InputOptions input{};
};

// Writes FOLDER/report.md and FOLDER/deltas.svg, both or neither.
void write_report(const ReportRequest& request, Warnings& warnings);

} // namespace tracediff::app
