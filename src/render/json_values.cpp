#include "tracediff/render/json_values.hpp"

#include "tracediff/printable.hpp"

#include <cmath>

namespace tracediff {

namespace {

// `value` with its strings and member names made valid UTF-8.
Json with_valid_strings(const Json& value) {
    if (value.is_string()) {
        return valid_utf8(value.get_ref<const std::string&>());
    }
    if (value.is_array()) {
        Json out = Json::array();
        for (const auto& item : value) {
            out.push_back(with_valid_strings(item));
        }
        return out;
    }
    if (value.is_object()) {
        Json out = Json::object();
        for (const auto& [key, item] : value.items()) {
            out[valid_utf8(key)] = with_valid_strings(item);
        }
        return out;
    }
    return value;
}

void put_step_delta(Json& obj, const std::string& prefix, const std::optional<StepDelta>& d) {
    const std::string key = prefix + "_delta";
    if (!d) {
        obj[prefix + "_step"] = nullptr;
        put_number(obj, key, std::nullopt, "no such step");
        return;
    }
    obj[prefix + "_step"] = d->step;
    if (d->available()) {
        put_number(obj, key, d->delta, "");
    } else {
        put_number(obj, key, std::nullopt, d->in_a ? "missing in b" : "missing in a");
    }
}

void put_run_value(Json& obj, const std::string& key, const PairStats& s, double value) {
    if (s.compared == 0) {
        put_number(obj, key, std::nullopt, "no common steps");
    } else {
        put_number(obj, key, value, "");
    }
}

} // namespace

Json bias_json(const PairStats& s) {
    Json j = Json::object();
    j["mean"] = s.bias.steps() > 0 && std::isfinite(s.bias.mean) ? Json(s.bias.mean) : Json();
    j["b_higher"] = s.bias.b_higher;
    j["a_higher"] = s.bias.a_higher;
    j["equal"] = s.bias.equal;
    j["p_value"] = s.bias.p_value;
    return j;
}

void put_number(Json& obj, const std::string& key, std::optional<double> value,
                const std::string& reason_when_missing) {
    if (!value) {
        obj[key] = nullptr;
        obj[key + "_reason"] = reason_when_missing;
    } else if (std::isnan(*value)) {
        obj[key] = nullptr;
        obj[key + "_reason"] = "NaN";
    } else if (std::isinf(*value)) {
        obj[key] = nullptr;
        obj[key + "_reason"] = *value > 0 ? "inf" : "-inf";
    } else {
        obj[key] = *value;
    }
}

void put_pair_stats(Json& obj, const PairStats& s) {
    obj["steps_compared"] = s.compared;
    put_step_delta(obj, "step1", s.step1);
    put_step_delta(obj, "step2", s.step2);
    put_run_value(obj, "median_delta", s, s.median);
    put_run_value(obj, "max_delta", s, s.max);
    if (s.compared > 0) {
        obj["max_delta_step"] = s.max_step;
    } else {
        obj["max_delta_step"] = nullptr;
    }
}

void put_stat(Json& obj, const std::string& key, const PairStats& s, PairStat stat) {
    Json scratch = Json::object();
    switch (stat) {
    case PairStat::step1:
        put_step_delta(scratch, "x", s.step1);
        break;
    case PairStat::step2:
        put_step_delta(scratch, "x", s.step2);
        break;
    case PairStat::median:
        put_run_value(scratch, "x_delta", s, s.median);
        break;
    case PairStat::max:
        put_run_value(scratch, "x_delta", s, s.max);
        break;
    case PairStat::bias:
        put_number(scratch, "x_delta", stat_value(s, PairStat::bias),
                   "no step where both values are finite");
        break;
    }
    obj[key] = scratch["x_delta"];
    if (scratch.contains("x_delta_reason")) {
        obj[key + "_reason"] = scratch["x_delta_reason"];
    }
}

Json trace_summary_json(const TraceSummary& t) {
    Json j = Json::object();
    j["label"] = t.label;
    j["path"] = t.path;
    j["phase"] = t.phase.empty() ? Json(nullptr) : Json(t.phase);
    j["netspec_name"] = t.netspec_name.empty() ? Json(nullptr) : Json(t.netspec_name);
    j["steps"] = t.steps;
    j["first_step"] = t.first_step ? Json(*t.first_step) : Json(nullptr);
    j["last_step"] = t.last_step ? Json(*t.last_step) : Json(nullptr);
    return j;
}

std::string dump_json(const Json& value) {
    return with_valid_strings(value).dump(2) + "\n";
}

} // namespace tracediff
