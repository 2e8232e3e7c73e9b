#include "tracediff/gate/check.hpp"

#include <algorithm>

#include "evaluate.hpp"

namespace tracediff {

namespace {

CriterionOutcome header_criterion(const Trace& a, const Trace& b, bool required) {
    HeaderOutcome facts{compare_headers(a.header, b.header), required};
    const bool neither = !facts.verdict.a_has_header && !facts.verdict.b_has_header;
    if (neither && !required) {
        return {"header", true, std::move(facts), true};
    }
    const bool passed = facts.verdict.identical();
    return {"header", passed, std::move(facts)};
}

CriterionOutcome same_steps_criterion(const AlignedPair& pair) {
    SameStepsOutcome facts;
    facts.compared = pair.steps.size();
    facts.only_a = pair.only_a.size();
    facts.only_b = pair.only_b.size();
    facts.only_a_ranges = to_ranges(pair.only_a);
    facts.only_b_ranges = to_ranges(pair.only_b);
    const bool passed = facts.only_a == 0 && facts.only_b == 0 && facts.compared > 0;
    return {"same-steps", passed, std::move(facts)};
}

} // namespace

bool CheckOutcome::passed() const {
    return std::all_of(criteria.begin(), criteria.end(),
                       [](const CriterionOutcome& c) { return c.passed; });
}

CheckOutcome run_check(const CheckSpec& spec, const Trace& a, const Trace& b,
                       const std::string& label_a, const std::string& label_b) {
    CheckOutcome result{.name = spec.name,
                        .label_a = label_a,
                        .label_b = label_b,
                        .path_a = a.path,
                        .path_b = b.path,
                        .field = spec.field,
                        .steps = spec.steps,
                        .criteria = {}};
    const auto series_of = [&spec](const Trace& t, const std::string& field) {
        const Series& s = t.field(field).series;
        return spec.steps ? restrict_to(s, *spec.steps) : s;
    };
    if (!spec.ignore_header) {
        result.criteria.push_back(header_criterion(a, b, spec.require_header));
    }
    const AlignedPair primary = align(series_of(a, spec.field), series_of(b, spec.field));
    if (!spec.max.empty()) {
        const PairStats stats = compute_stats(primary);
        for (const auto& c : spec.max) {
            result.criteria.push_back(statistic_criterion(c, primary, stats));
        }
    }
    if (!spec.mode.empty()) {
        for (const auto& [field, required] : spec.fields_to_read()) {
            // Optional fields are checked only where both traces have them.
            if (!required && (a.field(field).series.empty() || b.field(field).series.empty())) {
                continue;
            }
            const AlignedPair pair = align(series_of(a, field), series_of(b, field));
            result.criteria.push_back(
                mode_criterion(spec.mode, spec.tolerance(), field, pair, spec.allow));
        }
    }
    if (spec.require_same_steps) {
        result.criteria.push_back(same_steps_criterion(primary));
    }
    return result;
}

} // namespace tracediff
