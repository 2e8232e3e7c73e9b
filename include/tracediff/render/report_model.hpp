// What the report writers print: plain data, computed from traces, with no formatting yet.
#pragma once

#include "tracediff/compare/drift.hpp"
#include "tracediff/compare/header_check.hpp"
#include "tracediff/compare/pair.hpp"
#include "tracediff/read/trace.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tracediff {

struct TraceSummary {
    std::string label;
    std::string path;
    std::string phase;        // from the header; "" when absent
    std::string netspec_name; // from the header; "" when absent
    bool has_header = false;
    bool can_have_header = true; // its format has header records (Trace::can_have_header)
    std::size_t steps = 0;       // steps that have the compared field
    std::optional<std::int64_t> first_step;
    std::optional<std::int64_t> last_step;
    std::size_t records_without_field = 0;
    std::size_t duplicate_records = 0;
    std::map<std::string, std::size_t> ignored_kinds;
    std::size_t unmatched_lines = 0;   // line-based logs: lines that are not step records
    bool pattern = false;              // ... read with a pattern (a text log)
    std::size_t non_scalar_values = 0; // TensorBoard event files
};

TraceSummary summarize(const Trace& trace, const std::string& label, const std::string& field);

struct TableReport {
    std::string title;
    std::string field;
    std::vector<TraceSummary> traces;
    std::vector<PairRow> rows;
    // The statistics the markdown table shows, in order (table --stats); with bias, CSV and
    // JSON carry it too.
    std::vector<PairStat> columns{PairStat::step1, PairStat::step2, PairStat::median,
                                  PairStat::max};
    // The noise floor: the same pipeline run twice. When set, every other row also shows its
    // deltas divided by the baseline's.
    std::optional<PairRow> baseline;
};

struct DiffReport {
    std::string field;
    std::vector<TraceSummary> traces; // exactly two: A and B
    HeaderVerdict header;
    PairRow pair;
    DriftAnalysis drift;
};

// Everything `tracediff diff` reports on traces a and b. The traces must have been read with
// `field` and, optionally, `epoch` (for the per-epoch comparison).
DiffReport make_diff_report(const Trace& a, const Trace& b, const std::string& label_a,
                            const std::string& label_b, const std::string& field);

} // namespace tracediff
