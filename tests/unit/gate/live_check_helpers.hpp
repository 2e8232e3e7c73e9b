// What the live check's unit tests share: step lines, specs and traces.
#pragma once

#include "tracediff/gate/live_check.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <variant>
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

inline bool same_number(double x, double y) {
    return (std::isnan(x) && std::isnan(y)) || x == y;
}

inline std::string ranges_text(const std::vector<StepRange>& ranges) {
    std::string out;
    for (const StepRange& r : ranges) {
        out += fmt::format("{}-{} ", r.first, r.last);
    }
    return out;
}

inline std::string missing_text(const MissingSteps& missing) {
    return "A lacks " + ranges_text(missing.from_a) + "; B lacks " + ranges_text(missing.from_b);
}

// The facts of two outcomes of one criterion, number for number (gtest expectations).
inline void expect_same_facts(const CriterionOutcome& x, const CriterionOutcome& y) {
    EXPECT_EQ(x.name, y.name);
    ASSERT_EQ(x.facts.index(), y.facts.index());
    if (const auto* s = std::get_if<StatisticOutcome>(&x.facts)) {
        const auto& t = std::get<StatisticOutcome>(y.facts);
        EXPECT_EQ(s->gap, t.gap);
        EXPECT_EQ(s->missing_from_a, t.missing_from_a);
        EXPECT_EQ(s->step, t.step);
        EXPECT_TRUE(same_number(s->value, t.value)) << s->value << " " << t.value;
        EXPECT_EQ(s->compared, t.compared);
        EXPECT_EQ(s->nonfinite_deltas, t.nonfinite_deltas);
        EXPECT_EQ(s->first_nonfinite_step, t.first_nonfinite_step);
        EXPECT_EQ(missing_text(s->missing), missing_text(t.missing));
        ASSERT_EQ(s->bias.has_value(), t.bias.has_value());
        if (s->bias) {
            EXPECT_TRUE(same_number(s->bias->mean, t.bias->mean));
            EXPECT_EQ(s->bias->b_higher, t.bias->b_higher);
            EXPECT_EQ(s->bias->a_higher, t.bias->a_higher);
            EXPECT_EQ(s->bias->equal, t.bias->equal);
            EXPECT_EQ(s->bias->p_value, t.bias->p_value);
        }
    } else if (const auto* m = std::get_if<ModeOutcome>(&x.facts)) {
        const auto& w = std::get<ModeOutcome>(y.facts);
        EXPECT_EQ(m->compared, w.compared);
        EXPECT_EQ(m->failures, w.failures);
        EXPECT_EQ(m->first_failure, w.first_failure);
        EXPECT_EQ(m->nonfinite, w.nonfinite);
        EXPECT_EQ(m->allow, w.allow);
        EXPECT_EQ(missing_text(m->missing), missing_text(w.missing));
        ASSERT_EQ(m->worst.size(), w.worst.size());
        for (std::size_t i = 0; i < m->worst.size(); ++i) {
            EXPECT_EQ(m->worst[i].step, w.worst[i].step);
            EXPECT_TRUE(same_number(m->worst[i].delta, w.worst[i].delta));
        }
    } else if (const auto* q = std::get_if<SameStepsOutcome>(&x.facts)) {
        const auto& w = std::get<SameStepsOutcome>(y.facts);
        EXPECT_EQ(q->compared, w.compared);
        EXPECT_EQ(ranges_text(q->only_a_ranges), ranges_text(w.only_a_ranges));
        EXPECT_EQ(ranges_text(q->only_b_ranges), ranges_text(w.only_b_ranges));
    }
}

} // namespace tracediff::live_testing
