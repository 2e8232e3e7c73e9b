// What the live check's unit tests share: step lines, specs and traces.
#pragma once

#include "tracediff/gate/live_check.hpp"

#include <fmt/format.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace tracediff::live_testing {

inline std::string step_line(std::int64_t step, double loss) {
    return fmt::format(R"({{"step": {}, "loss": {}}})", step, loss);
}

inline CheckSpec spec_of(const std::vector<std::string>& max, bool reference = false) {
    CheckSpec spec;
    for (const auto& m : max) {
        spec.max.push_back(parse_max_criterion(m));
    }
    spec.ignore_header = true;
    spec.reference = reference;
    return spec;
}

inline LiveTrace trace(const std::string& path, const ReadOptions& options = {}) {
    return {path, path, options};
}

// A trace read with the fields `spec` needs.
inline LiveTrace trace_for(const std::string& path, const CheckSpec& spec) {
    ReadOptions options;
    options.fields.clear();
    for (const auto& [field, required] : spec.fields_to_read()) {
        options.fields.push_back({field, required});
    }
    return {path, path, options};
}

inline const CriterionOutcome& named(const CheckOutcome& o, const std::string& name) {
    for (const auto& c : o.criteria) {
        if (c.name == name) {
            return c;
        }
    }
    throw std::out_of_range(name);
}

} // namespace tracediff::live_testing
