#include "tracediff/compare/step_range.hpp"

#include <algorithm>
#include <cstddef>

namespace tracediff {

std::vector<StepRange> to_ranges(const std::vector<std::int64_t>& sorted_steps) {
    std::vector<StepRange> ranges;
    for (const std::int64_t step : sorted_steps) {
        if (!ranges.empty() && ranges.back().last + 1 == step) {
            ranges.back().last = step;
        } else {
            ranges.push_back({step, step});
        }
    }
    return ranges;
}

Series restrict_to(const Series& series, const StepRange& range) {
    const auto begin = std::lower_bound(series.steps.begin(), series.steps.end(), range.first);
    const auto end = std::upper_bound(begin, series.steps.end(), range.last);
    const auto from = begin - series.steps.begin();
    const auto to = end - series.steps.begin();
    Series out;
    out.text = series.text;
    out.steps.assign(series.steps.begin() + from, series.steps.begin() + to);
    out.values.assign(series.values.begin() + from, series.values.begin() + to);
    if (!series.decimals.empty()) {
        out.decimals.assign(series.decimals.begin() + from, series.decimals.begin() + to);
    }
    return out;
}

} // namespace tracediff
