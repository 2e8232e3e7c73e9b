// `tracediff report`: a whole markdown document, like the published cross-backend write-ups:
// which trace is which corner, the delta table, the plot, and the findings in sentences
// generated from the numbers.
#pragma once

#include "tracediff/read/manifest.hpp"
#include "tracediff/render/report_model.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tracediff {

struct ReportDocument {
    std::string title;
    std::string field;
    std::optional<ManifestGrid> grid;       // labels are indices into table.traces
    std::vector<std::optional<Json>> evals; // each trace's last eval record
    std::vector<bool> headers_agree;        // per table row: the identity check passed
    TableReport table;
    std::vector<DiffReport> diffs;    // one per table row, in the same order
    std::string plot_file;            // the SVG, relative to the document
    std::optional<StepRange> steps{}; // the steps reported on, when not all
};

std::string render_report_markdown(const ReportDocument& document);

// The findings about one compared pair, as sentences.
std::vector<std::string> pair_findings(const ReportDocument& document, std::size_t row);

// Findings about all the traces together: headers, final eval metrics.
std::vector<std::string> overall_findings(const ReportDocument& document);

} // namespace tracediff
