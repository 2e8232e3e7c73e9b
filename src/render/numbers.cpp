#include "tracediff/render/numbers.hpp"

#include "tracediff/printable.hpp"

#include <fmt/format.h>

#include <cmath>

namespace tracediff {

std::string format_delta(double delta, bool markdown) {
    if (std::isnan(delta)) {
        return "NaN";
    }
    if (std::isinf(delta)) {
        return delta > 0 ? "inf" : "-inf";
    }
    if (delta == 0.0) {
        return markdown ? "**0**" : "0";
    }
    return fmt::format("{:.2e}", delta);
}

std::string format_shortest(double value) {
    if (std::isnan(value)) {
        return "NaN";
    }
    if (std::isinf(value)) {
        return value > 0 ? "inf" : "-inf";
    }
    return fmt::format("{}", value);
}

std::string format_ranges(const std::vector<StepRange>& ranges, std::size_t max_shown) {
    if (ranges.empty()) {
        return "none";
    }
    std::string out;
    const std::size_t shown = std::min(ranges.size(), max_shown);
    for (std::size_t i = 0; i < shown; ++i) {
        if (i > 0) {
            out += ", ";
        }
        const StepRange& r = ranges[i];
        out +=
            r.first == r.last ? fmt::format("{}", r.first) : fmt::format("{}-{}", r.first, r.last);
    }
    if (ranges.size() > shown) {
        out += fmt::format(", ... ({} more ranges)", ranges.size() - shown);
    }
    return out;
}

std::string format_step_cell(const std::optional<StepDelta>& delta, bool markdown) {
    if (!delta) {
        return "n/a";
    }
    if (!delta->available()) {
        return "missing";
    }
    return format_delta(delta->delta, markdown);
}

std::string format_run_cell(const PairStats& stats, double value, bool markdown) {
    if (stats.compared == 0) {
        return "n/a";
    }
    return format_delta(value, markdown);
}

std::string xml_escape(const std::string& text) {
    std::string out;
    // XML 1.0 allows no control characters but tab and line ends, and only UTF-8 here.
    for (const char c : printable(text, "\t\n\r")) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&apos;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::optional<PairStat> parse_matrix_stat(const std::string& name) {
    for (const PairStat stat :
         {PairStat::step1, PairStat::step2, PairStat::median, PairStat::max, PairStat::bias}) {
        if (matrix_stat_name(stat) == name) {
            return stat;
        }
    }
    return std::nullopt;
}

std::string matrix_stat_name(PairStat stat) {
    switch (stat) {
    case PairStat::step1:
        return "step1";
    case PairStat::step2:
        return "step2";
    case PairStat::median:
        return "median";
    case PairStat::max:
        return "max";
    case PairStat::bias:
        return "bias";
    }
    return "";
}

std::string matrix_stat_title(PairStat stat) {
    switch (stat) {
    case PairStat::step1:
        return "step 1 Δ";
    case PairStat::step2:
        return "step 2 Δ";
    case PairStat::median:
        return "median Δ";
    case PairStat::max:
        return "max Δ";
    case PairStat::bias:
        return "bias (B − A)";
    }
    return "";
}

std::string format_signed(double value, bool markdown) {
    if (value == 0.0) {
        return markdown ? "**0**" : "0";
    }
    return std::isfinite(value) ? fmt::format("{:+.2e}", value) : format_shortest(value);
}

std::string format_p_value(double p) {
    return p >= 1.0 ? "1" : fmt::format("{:.3g}", p);
}

std::string format_bias_cell(const Bias& bias, bool markdown) {
    return bias.steps() > 0 ? format_signed(bias.mean, markdown) : "n/a";
}

std::string format_stat_cell(const PairStats& stats, PairStat stat, bool markdown) {
    switch (stat) {
    case PairStat::step1:
        return format_step_cell(stats.step1, markdown);
    case PairStat::step2:
        return format_step_cell(stats.step2, markdown);
    case PairStat::median:
        return format_run_cell(stats, stats.median, markdown);
    case PairStat::max:
        return format_run_cell(stats, stats.max, markdown);
    case PairStat::bias:
        return format_bias_cell(stats.bias, markdown);
    }
    return "";
}

} // namespace tracediff
