#include "tracediff/render/golden_writer.hpp"

#include "tracediff/render/json_values.hpp"

namespace tracediff {

namespace {

Json keyed_by_step(const std::vector<std::int64_t>& steps, const std::vector<double>& values) {
    Json out = Json::object();
    for (std::size_t i = 0; i < steps.size(); ++i) {
        out[std::to_string(steps[i])] = values[i];
    }
    return out;
}

} // namespace

std::string render_golden_json(const std::vector<GoldenField>& fields) {
    Json out = Json::object();
    for (const GoldenField& f : fields) {
        Json metric = Json::object();
        metric["start_step"] = f.steps.empty() ? 0 : f.steps.front();
        metric["end_step"] = f.steps.empty() ? 0 : f.steps.back();
        metric["step_interval"] = f.step_interval;
        metric["values"] = keyed_by_step(f.steps, f.values);
        if (f.runs >= 2) {
            metric["std"] = keyed_by_step(f.steps, f.std);
            metric["min"] = keyed_by_step(f.steps, f.min);
            metric["max"] = keyed_by_step(f.steps, f.max);
            metric["runs"] = f.runs;
        }
        out[f.name] = std::move(metric);
    }
    return dump_json(out);
}

} // namespace tracediff
