// Golden values as Megatron-LM's tests keep them (golden_values_{dev,lts}.json, the object
// layout): one object per field, with "start_step", "end_step", "step_interval" and "values"
// keyed by the step as text. A band from reruns adds "std" (sample standard deviation), "min"
// and "max", keyed like "values", and "runs"; Megatron's tests read it as a plain golden (the
// mean).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tracediff {

struct GoldenField {
    std::string name;
    std::int64_t step_interval = 1;
    std::vector<std::int64_t> steps; // ascending
    std::vector<double> values;      // one run's values, or the mean over the runs
    // A band (runs >= 2): per step, over the runs.
    std::size_t runs = 1;
    std::vector<double> std{}; // sample standard deviation (n - 1)
    std::vector<double> min{};
    std::vector<double> max{};
};

// The golden document; every number in the shortest form that reads back as the same double.
std::string render_golden_json(const std::vector<GoldenField>& fields);

} // namespace tracediff
