#include "tracediff/render/tolerance_writer.hpp"

#include "tracediff/render/json_values.hpp"
#include "tracediff/render/numbers.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace tracediff {

std::string tolerance_options(const ToleranceReport& report) {
    std::vector<std::string> options;
    for (const StatTolerance& t : report.stats) {
        if (t.largest) {
            options.push_back(fmt::format("--max {}={}", matrix_stat_name(t.stat), t.limit_text));
        }
    }
    return fmt::format("{}", fmt::join(options, " "));
}

std::string render_tolerance_text(const ToleranceReport& r) {
    std::string out = fmt::format(
        "tolerances of '{}' from {} reruns ({} {}): the largest value over the pairs, times {}, "
        "rounded up to two significant digits\n\n",
        r.field, r.labels.size(), r.pairs, r.pairs == 1 ? "pair" : "pairs",
        format_shortest(r.factor));
    for (const StatTolerance& t : r.stats) {
        if (t.largest) {
            out += fmt::format("  {:<7} limit {:<8} largest {} ({})\n", matrix_stat_name(t.stat),
                               t.limit_text, format_delta(*t.largest, false), t.pair);
        } else {
            out += fmt::format("  {:<7} no limit: {}\n", matrix_stat_name(t.stat), t.why_none);
        }
    }
    const std::string options = tolerance_options(r);
    out += options.empty() ? "\nno limit can be given: no statistic has a value in every pair\n"
                           : fmt::format("\n{}\n", options);
    return out;
}

std::string render_tolerance_json(const ToleranceReport& r) {
    Json out = Json::object();
    out["field"] = r.field;
    out["factor"] = r.factor;
    out["runs"] = r.labels;
    out["pairs"] = r.pairs;
    Json stats = Json::object();
    for (const StatTolerance& t : r.stats) {
        Json s = Json::object();
        if (t.largest) {
            s["largest"] = *t.largest;
            s["pair"] = t.pair;
            s["limit"] = t.limit;
        } else {
            s["largest"] = nullptr;
            s["reason"] = t.why_none;
            s["limit"] = nullptr;
        }
        stats[matrix_stat_name(t.stat)] = std::move(s);
    }
    out["stats"] = std::move(stats);
    out["options"] = tolerance_options(r);
    return dump_json(out);
}

} // namespace tracediff
