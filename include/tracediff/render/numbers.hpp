// How numbers and step lists are written in reports.
#pragma once

#include "tracediff/compare/pair.hpp"
#include "tracediff/compare/stats.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace tracediff {

// A delta in "%.2e" form (1.97e-07); an exact zero as "**0**" in markdown or "0" in plain text;
// "NaN" and "inf" for non-finite values.
std::string format_delta(double delta, bool markdown);

// The shortest decimal that reads back as the same double; "NaN", "inf", "-inf" otherwise.
std::string format_shortest(double value);

// "1-3, 7, 9-10"; after `max_shown` ranges, ", ... (N more ranges)". "none" when empty.
std::string format_ranges(const std::vector<StepRange>& ranges, std::size_t max_shown = 8);

// The text of a "step 1" or "step 2" cell: a delta, "missing" when a trace lacks the step,
// or "n/a" when there is no such step at all.
std::string format_step_cell(const std::optional<StepDelta>& delta, bool markdown);

// The text of a whole-run cell (median, max): "n/a" when no step was compared.
std::string format_run_cell(const PairStats& stats, double value, bool markdown);

// Which statistic a matrix shows, by its command-line name ("step1", ...).
std::optional<PairStat> parse_matrix_stat(const std::string& name);
std::string matrix_stat_name(PairStat stat);  // "step1"
std::string matrix_stat_title(PairStat stat); // "step 1 Δ"

// Text safe inside XML (JUnit, SVG) content and attribute values: & < > " ' escaped, control
// characters other than tab and line ends replaced by '?'.
std::string xml_escape(const std::string& text);

// A signed value in "%+.2e" form (+1.20e-03, -4.00e-05); an exact zero as "**0**" in markdown or
// "0" in plain text.
std::string format_signed(double value, bool markdown);

// A p-value: three significant digits ("0.625", "3.9e-42"); "1" when it is one.
std::string format_p_value(double p);

// The bias of a pair as a cell: its mean B - A, signed; "n/a" with no step to average.
std::string format_bias_cell(const Bias& bias, bool markdown);

// A statistic of a pair as a table cell.
std::string format_stat_cell(const PairStats& stats, PairStat stat, bool markdown);

} // namespace tracediff
