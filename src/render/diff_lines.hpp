// The pieces of the `tracediff diff` report that its text and markdown forms share: each
// section as words, before it is laid out as lines or as a markdown table.
#pragma once

#include "tracediff/render/report_model.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tracediff::diff_lines {

inline const char* const k_side_names[2] = {"A", "B"};
inline const std::vector<std::string> k_epoch_header{"epoch", "steps", "mean A", "mean B", "Δ"};
inline const std::vector<std::string> k_eval_header{"metric", "A", "B", "Δ"};

// "1 step", "3 steps".
std::string plural(std::size_t n, const char* one, const char* many);
// "steps 1-5 (5 steps)" or "no steps".
std::string step_span(const TraceSummary& t);
std::string or_dash(const std::string& s);
// "12 eval, 3 epoch" or "none".
std::string ignored_records(const TraceSummary& t, const std::string& field);
std::string header_verdict_line(const DiffReport& r);

// A delta as the report shows it, marked " [at resolution]" when the logs cannot resolve it.
std::string delta_text(double delta, const Resolution& resolution, bool markdown);
// "1.97e-07 at step 1 (A 2.419938802719116, B 2.419939)" or why there is no value.
std::string step_delta_text(const std::optional<StepDelta>& d, const Resolution& resolution,
                            bool markdown);
std::string coverage_text(std::size_t count, const std::vector<StepRange>& ranges);
std::string compared_text(const Coverage& c);
std::string nonfinite_text(const PairStats& s);
std::string resolution_text(const Resolution& r);
std::string ulps_text(const std::optional<double>& ulps, const Resolution& resolution);
// A mean to seven significant digits; "NaN" and "inf" as elsewhere.
std::string mean_text(double mean);

using NamedLines = std::vector<std::pair<std::string, std::string>>;
// The statistics and the drift findings as (name, value) pairs.
NamedLines statistics_lines(const DiffReport& r, bool markdown);
NamedLines drift_lines(const DiffReport& r, bool markdown);

// Each epoch's mean of the field in both traces, and the last eval record, as table rows.
std::vector<std::vector<std::string>> epoch_rows(const DiffReport& r, bool markdown);
std::vector<std::vector<std::string>> eval_rows(const DiffReport& r, bool markdown);

// Columns padded to their widest cell, for the plain-text report.
std::string plain_table(const std::vector<std::string>& header,
                        const std::vector<std::vector<std::string>>& rows);

} // namespace tracediff::diff_lines
