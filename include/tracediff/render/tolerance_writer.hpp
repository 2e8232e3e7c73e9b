// `tracediff tolerance`: the limits measured from reruns, as text to read and paste, or JSON.
#pragma once

#include "tracediff/compare/pair.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace tracediff {

// One statistic's tolerance.
struct StatTolerance {
    PairStat stat = PairStat::step1;
    std::string name; // of the statistic, as --max spells it: "step1"
    // The largest value over the pairs, and the pair it comes from; nothing when a pair has no
    // value (a step one rerun lacks) or a value that is not finite: no limit can be defended.
    std::optional<double> largest;
    std::string pair;     // "a vs b"
    std::string why_none; // when largest is empty: which pair, and what it lacks
    // largest * factor rounded up to two significant digits, as decimal text ("4.8e-07"), and
    // its value; "0" when every pair agreed exactly.
    std::string limit_text;
    double limit = 0.0;
};

struct ToleranceReport {
    std::string field;
    double factor = 2.0;
    std::vector<std::string> labels; // of the reruns
    std::size_t pairs = 0;
    std::vector<StatTolerance> stats; // step1, step2, median, max
};

// The table of tolerances and the line to paste: "--max step1=4.8e-07 --max step2=...".
std::string render_tolerance_text(const ToleranceReport& report);
std::string render_tolerance_json(const ToleranceReport& report);

// "--max step1=4.8e-07 --max step2=4.8e-07 ...": the statistics that have a limit.
std::string tolerance_options(const ToleranceReport& report);

} // namespace tracediff
