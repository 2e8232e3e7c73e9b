#include "tracediff/render/diff_writer.hpp"
#include "tracediff/render/json_values.hpp"
#include "tracediff/render/numbers.hpp"

namespace tracediff {

namespace {

Json resolution_json(const Resolution& r) {
    Json j = Json::object();
    j["full_precision"] = r.full_precision;
    j["decimals"] = r.full_precision ? Json(nullptr) : Json(r.decimals);
    j["value"] = r.full_precision ? Json(nullptr) : Json(r.value());
    return j;
}

Json drift_json(const DriftAnalysis& d) {
    Json j = Json::object();
    j["identical_prefix_steps"] = d.identical_prefix_steps;
    j["first_step_above"] = Json::array();
    for (const auto& c : d.decades) {
        Json crossing = Json::object();
        crossing["threshold"] = c.threshold;
        crossing["step"] = c.first_step ? Json(*c.first_step) : Json(nullptr);
        j["first_step_above"].push_back(std::move(crossing));
    }
    j["resolution"] = {{"a", resolution_json(d.resolution_a)},
                       {"b", resolution_json(d.resolution_b)},
                       {"coarser", resolution_json(d.resolution)}};
    j["step1_ulps"] = d.step1_ulps ? Json(*d.step1_ulps) : Json(nullptr);
    j["step2_ulps"] = d.step2_ulps ? Json(*d.step2_ulps) : Json(nullptr);
    Json growth = Json::object();
    growth["fitted"] = d.growth.fitted;
    growth["first_step"] = d.growth.points > 0 ? Json(d.growth.first_step) : Json(nullptr);
    growth["last_step"] = d.growth.points > 0 ? Json(d.growth.last_step) : Json(nullptr);
    growth["points"] = d.growth.points;
    growth["first_delta"] = d.growth.points > 0 ? Json(d.growth.first_delta) : Json(nullptr);
    growth["last_delta"] = d.growth.points > 0 ? Json(d.growth.last_delta) : Json(nullptr);
    growth["r_squared"] = d.growth.points >= 3 ? Json(d.growth.r_squared) : Json(nullptr);
    growth["slope_per_step"] = d.growth.fitted ? Json(d.growth.slope) : Json(nullptr);
    growth["steps_per_efold"] = d.growth.fitted ? Json(d.growth.steps_per_efold) : Json(nullptr);
    j["growth"] = std::move(growth);
    j["epochs"] = Json::array();
    for (const auto& e : d.epochs) {
        j["epochs"].push_back({{"epoch", e.epoch},
                               {"steps", e.steps},
                               {"mean_a", e.mean_a},
                               {"mean_b", e.mean_b},
                               {"delta", e.delta}});
    }
    j["eval"] = Json::array();
    for (const auto& e : d.eval) {
        j["eval"].push_back({{"metric", e.metric}, {"a", e.a}, {"b", e.b}, {"delta", e.delta}});
    }
    return j;
}

Json trace_json(const TraceSummary& t) {
    Json j = trace_summary_json(t);
    j["has_header"] = t.has_header;
    j["ignored_records"] = Json::object();
    for (const auto& [kind, count] : t.ignored_kinds) {
        j["ignored_records"][kind] = count;
    }
    if (t.unmatched_lines > 0) {
        j["ignored_records"][t.pattern ? "lines not matching the pattern" : "other lines"] =
            t.unmatched_lines;
    }
    if (t.non_scalar_values > 0) {
        j["ignored_records"]["non-scalar values"] = t.non_scalar_values;
    }
    j["records_without_field"] = t.records_without_field;
    j["duplicate_records"] = t.duplicate_records;
    return j;
}

Json header_json(const HeaderVerdict& v) {
    Json header = Json::object();
    header["a_has_header"] = v.a_has_header;
    header["b_has_header"] = v.b_has_header;
    header["checked"] = v.both_have_headers();
    header["identical"] = v.identical();
    header["differences"] = Json::array();
    for (const auto& d : v.differences) {
        Json j = Json::object();
        j["field"] = d.field;
        j["a"] = d.a ? *d.a : Json(nullptr);
        j["b"] = d.b ? *d.b : Json(nullptr);
        j["a_present"] = d.a.has_value();
        j["b_present"] = d.b.has_value();
        header["differences"].push_back(std::move(j));
    }
    return header;
}

Json ranges_json(const std::vector<StepRange>& ranges) {
    Json list = Json::array();
    for (const auto& range : ranges) {
        list.push_back(Json::array({range.first, range.last}));
    }
    return list;
}

Json coverage_json(const Coverage& c) {
    Json coverage = Json::object();
    coverage["steps_compared"] = c.compared;
    coverage["first_compared_step"] = c.first_compared ? Json(*c.first_compared) : Json(nullptr);
    coverage["last_compared_step"] = c.last_compared ? Json(*c.last_compared) : Json(nullptr);
    coverage["steps_only_in_a"] = c.only_a;
    coverage["steps_only_in_b"] = c.only_b;
    coverage["only_in_a_ranges"] = ranges_json(c.only_a_ranges);
    coverage["only_in_b_ranges"] = ranges_json(c.only_b_ranges);
    return coverage;
}

// Which statistics are at or below the logging resolution.
Json resolution_marks_json(const PairStats& s, const Resolution& res) {
    Json marks = Json::object();
    marks["step1"] = s.step1 && s.step1->available() && at_resolution(s.step1->delta, res);
    marks["step2"] = s.step2 && s.step2->available() && at_resolution(s.step2->delta, res);
    marks["median"] = s.compared > 0 && at_resolution(s.median, res);
    marks["max"] = s.compared > 0 && at_resolution(s.max, res);
    marks["mean"] = s.compared > 0 && at_resolution(s.mean, res);
    return marks;
}

Json stats_json(const PairStats& s, const Resolution& res) {
    Json stats = Json::object();
    put_pair_stats(stats, s);
    for (const auto& [key, delta] : {std::pair{"step1", s.step1}, std::pair{"step2", s.step2}}) {
        if (delta && delta->in_a) {
            put_number(stats, std::string(key) + "_a", delta->a, "");
        }
        if (delta && delta->in_b) {
            put_number(stats, std::string(key) + "_b", delta->b, "");
        }
    }
    if (s.compared > 0) {
        put_number(stats, "mean_delta", s.mean, "");
    } else {
        put_number(stats, "mean_delta", std::nullopt, "no common steps");
    }
    stats["zero_delta_steps"] = s.zero_deltas;
    stats["nonfinite_deltas"] = s.nonfinite_deltas;
    stats["first_nonfinite_step"] =
        s.nonfinite_deltas > 0 ? Json(s.first_nonfinite_step) : Json(nullptr);
    stats["at_resolution"] = resolution_marks_json(s, res);
    return stats;
}

} // namespace

std::string render_diff_json(const DiffReport& r) {
    Json out = Json::object();
    out["field"] = r.field;
    out["traces"] = Json::array();
    for (const auto& t : r.traces) {
        out["traces"].push_back(trace_json(t));
    }
    out["header"] = header_json(r.header);
    out["coverage"] = coverage_json(r.pair.coverage);
    out["stats"] = stats_json(r.pair.stats, r.drift.resolution);
    out["bias"] = bias_json(r.pair.stats);
    out["drift"] = drift_json(r.drift);
    return dump_json(out);
}

} // namespace tracediff
