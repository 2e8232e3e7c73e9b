#include "tracediff/compare/align.hpp"

#include "tracediff/compare/stats.hpp"

#include <algorithm>

namespace tracediff {

std::optional<PairColumns> same_step_columns(const Series& a, const Series& b) {
    if (a.steps != b.steps) {
        return std::nullopt;
    }
    return columns_of_same_steps(a, b);
}

PairColumns columns_of_same_steps(const Series& a, const Series& b) {
    const bool decimals = !a.decimals.empty() && !b.decimals.empty();
    return PairColumns{a.size(),
                       a.steps.data(),
                       a.values.data(),
                       b.values.data(),
                       decimals ? a.decimals.data() : nullptr,
                       decimals ? b.decimals.data() : nullptr};
}

PairColumns AlignedPair::columns() const {
    const bool decimals = !decimals_a.empty() && !decimals_b.empty();
    return PairColumns{steps.size(),
                       steps.data(),
                       a.data(),
                       b.data(),
                       decimals ? decimals_a.data() : nullptr,
                       decimals ? decimals_b.data() : nullptr};
}

AlignedPair align(const Series& a, const Series& b) {
    AlignedPair out;
    const bool decimals = !a.decimals.empty() && !b.decimals.empty();
    if (a.steps == b.steps) {
        // The usual case, runs that log the same steps: every step is compared.
        out.steps = a.steps;
        out.a = a.values;
        out.b = b.values;
        if (decimals) {
            out.decimals_a = a.decimals;
            out.decimals_b = b.decimals;
        }
        if (!out.steps.empty()) {
            out.first_step = out.steps[0];
        }
        if (out.steps.size() > 1) {
            out.second_step = out.steps[1];
        }
        return out;
    }
    const std::size_t common_guess = std::min(a.size(), b.size());
    out.steps.reserve(common_guess);
    out.a.reserve(common_guess);
    out.b.reserve(common_guess);

    // Both series are sorted with unique steps: one merge pass.
    std::size_t i = 0;
    std::size_t j = 0;
    auto note_union_step = [&out](std::int64_t step) {
        if (!out.first_step) {
            out.first_step = step;
        } else if (!out.second_step) {
            out.second_step = step;
        }
    };
    while (i < a.size() || j < b.size()) {
        if (j == b.size() || (i < a.size() && a.steps[i] < b.steps[j])) {
            note_union_step(a.steps[i]);
            out.only_a.push_back(a.steps[i]);
            out.only_a_values.push_back(a.values[i++]);
        } else if (i == a.size() || b.steps[j] < a.steps[i]) {
            note_union_step(b.steps[j]);
            out.only_b.push_back(b.steps[j]);
            out.only_b_values.push_back(b.values[j++]);
        } else {
            note_union_step(a.steps[i]);
            out.steps.push_back(a.steps[i]);
            if (decimals) {
                out.decimals_a.push_back(a.decimals[i]);
                out.decimals_b.push_back(b.decimals[j]);
            }
            out.a.push_back(a.values[i++]);
            out.b.push_back(b.values[j++]);
        }
    }
    return out;
}

} // namespace tracediff
