// Stage 4 of the pipeline: `tracediff table` reports as markdown, CSV and JSON.
#pragma once

#include "tracediff/render/report_model.hpp"

#include <string>

namespace tracediff {

enum class OutputFormat { text, markdown, csv, json };

// One row per pair: |comparison |step 1 Δ |step 2 Δ |median Δ |max Δ |
std::string render_table_markdown(const TableReport& report);
std::string render_table_csv(const TableReport& report);
std::string render_table_json(const TableReport& report);

// An N x N grid of one statistic over every pair of report.traces; the diagonal is "-".
// Needs a row for every pair i < j, as make_all_pairs gives.
std::string render_matrix_markdown(const TableReport& report, PairStat stat);
std::string render_matrix_csv(const TableReport& report, PairStat stat);
std::string render_matrix_json(const TableReport& report, PairStat stat);

// Quotes a CSV field when it needs it (RFC 4180).
std::string csv_field(const std::string& text);

} // namespace tracediff
