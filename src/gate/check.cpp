#include "tracediff/gate/check.hpp"

#include "tracediff/compare/align.hpp"
#include "tracediff/error.hpp"
#include "tracediff/render/format.hpp"
#include "tracediff/compare/header_check.hpp"
#include "tracediff/compare/stats.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace tracediff {

namespace {

constexpr std::size_t k_worst_shown = 10;

std::optional<std::int64_t> parse_step_number(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0 || text.empty()) {
        return std::nullopt;
    }
    return value;
}

std::optional<double> parse_number(const std::string& text) {
    if (text.empty()) {
        return std::nullopt;
    }
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size()) {
        return std::nullopt;
    }
    return value;
}

std::string side_name(bool is_a, const std::string& path_a, const std::string& path_b) {
    return is_a ? fmt::format("A ({})", path_a) : fmt::format("B ({})", path_b);
}

// The verdict of "delta <= limit" as a criterion, refusing non-finite deltas.
CriterionResult compare_to_limit(const std::string& name, double delta, double limit,
                                 const std::string& where) {
    CriterionResult r;
    r.name = name;
    const std::string shown = format_delta(delta, false);
    if (!std::isfinite(delta)) {
        r.passed = false;
        r.message = fmt::format("Δ={}{} is not finite", shown, where);
        return r;
    }
    r.passed = delta <= limit;
    r.message =
        fmt::format("Δ={} {} {}{}", shown, r.passed ? "<=" : ">", format_shortest(limit), where);
    return r;
}

CriterionResult step_criterion(const MaxCriterion& c, const std::optional<StepDelta>& d,
                               std::int64_t nominal_step, const std::string& path_a,
                               const std::string& path_b) {
    if (!d) {
        return {c.name, false, "neither trace has a step in the checked range", {}};
    }
    if (!d->available()) {
        return {
            c.name,
            false,
            fmt::format("step {} is missing from {}", d->step, side_name(!d->in_a, path_a, path_b)),
            {}};
    }
    const std::string where = d->step == nominal_step ? "" : fmt::format(" (step {})", d->step);
    return compare_to_limit(c.name, d->delta, c.limit, where);
}

// Steps of the checked range that one trace lacks: "A (a.jsonl) lacks 2-3; B (b.jsonl) lacks
// 7", or nothing when both traces have every step.
std::optional<std::string> missing_steps(const AlignedPair& pair, const std::string& path_a,
                                         const std::string& path_b) {
    std::vector<std::string> parts;
    if (!pair.only_b.empty()) {
        parts.push_back(
            fmt::format("A ({}) lacks {}", path_a, format_ranges(to_ranges(pair.only_b), 4)));
    }
    if (!pair.only_a.empty()) {
        parts.push_back(
            fmt::format("B ({}) lacks {}", path_b, format_ranges(to_ranges(pair.only_a), 4)));
    }
    if (parts.empty()) {
        return std::nullopt;
    }
    return fmt::format("{}", fmt::join(parts, "; "));
}

CriterionResult max_criterion(const MaxCriterion& c, const AlignedPair& pair,
                              const PairStats& stats, const std::string& path_a,
                              const std::string& path_b) {
    switch (c.stat) {
    case CheckStat::step1:
        return step_criterion(c, stats.step1, 1, path_a, path_b);
    case CheckStat::step2:
        return step_criterion(c, stats.step2, 2, path_a, path_b);
    case CheckStat::step_at: {
        const StepDelta d = delta_at(pair, c.step);
        if (!d.in_a && !d.in_b) {
            return {c.name, false, fmt::format("step {} is missing from both traces", c.step), {}};
        }
        return step_criterion(c, d, c.step, path_a, path_b);
    }
    case CheckStat::median:
    case CheckStat::max:
    case CheckStat::mean:
        break;
    }
    if (stats.compared == 0) {
        return {c.name, false, "no common steps", {}};
    }
    CriterionResult r;
    if (c.stat == CheckStat::median) {
        r = compare_to_limit(c.name, stats.median, c.limit, "");
    } else if (c.stat == CheckStat::mean) {
        r = compare_to_limit(c.name, stats.mean, c.limit, "");
    } else {
        r = compare_to_limit(c.name, stats.max, c.limit,
                             fmt::format(" at step {}", stats.max_step));
    }
    // A statistic over the whole range only stands for every step when every step is there
    // and finite.
    const double shown = c.stat == CheckStat::median ? stats.median
                         : c.stat == CheckStat::mean ? stats.mean
                                                     : stats.max;
    if (stats.nonfinite_deltas > 0 && std::isfinite(shown)) {
        r.passed = false;
        r.message += fmt::format("; {} {} not finite (first at step {})", stats.nonfinite_deltas,
                                 stats.nonfinite_deltas == 1 ? "delta is" : "deltas are",
                                 stats.first_nonfinite_step);
    }
    if (const auto missing = missing_steps(pair, path_a, path_b)) {
        r.passed = false;
        r.message += fmt::format("; steps missing: {}", *missing);
    }
    return r;
}

CriterionResult header_criterion(const Trace& a, const Trace& b) {
    const HeaderVerdict v = compare_headers(a.header, b.header);
    CriterionResult r;
    r.name = "header";
    if (v.identical()) {
        r.passed = true;
        r.message = "identical";
    } else if (!v.a_has_header && !v.b_has_header) {
        r.message = "neither trace has a header (--ignore-header checks traces without one)";
    } else if (!v.both_have_headers()) {
        r.message = fmt::format("only {} has a header", v.a_has_header ? "A" : "B");
    } else {
        std::vector<std::string> parts;
        for (const auto& d : v.differences) {
            parts.push_back(describe_difference(d));
        }
        r.message = fmt::format("{}", fmt::join(parts, "; "));
    }
    return r;
}

// The largest |a - b| a tolerance accepts at values a and b, from the finite ones among them.
double allowed_delta(double a, double b, const Tolerance& tol) {
    double magnitude = 0.0;
    for (const double v : {a, b}) {
        if (std::isfinite(v)) {
            magnitude = std::max(magnitude, std::fabs(v));
        }
    }
    return std::max(tol.rtol * magnitude, tol.atol);
}

struct ModeFailure {
    std::int64_t step = 0;
    double a = 0.0;
    double b = 0.0;
    double delta = 0.0;
    double allowed = 0.0;

    // How far past the tolerance: non-finite values count as infinitely far.
    double excess() const {
        if (!std::isfinite(delta)) {
            return std::numeric_limits<double>::infinity();
        }
        return allowed > 0 ? delta / allowed : std::numeric_limits<double>::infinity();
    }
};

// Every compared step must be within tolerance; a step with a NaN or infinite value, or a
// step that one trace lacks, fails whatever --allow says.
CriterionResult mode_criterion(const std::string& mode, const Tolerance& tol,
                               const std::string& field, const AlignedPair& pair, std::size_t allow,
                               const std::string& path_a, const std::string& path_b) {
    CriterionResult r;
    r.name = fmt::format("{} {}", mode, field);
    const std::string tolerance =
        fmt::format("atol={}, rtol={}", format_shortest(tol.atol), format_shortest(tol.rtol));
    if (pair.steps.empty()) {
        r.message = "no common steps";
        return r;
    }
    std::vector<ModeFailure> failures;
    std::size_t nonfinite = 0;
    for (std::size_t i = 0; i < pair.steps.size(); ++i) {
        const double a = pair.a[i];
        const double b = pair.b[i];
        if (!within_tolerance(a, b, tol)) {
            failures.push_back({pair.steps[i], a, b, step_delta(a, b), allowed_delta(a, b, tol)});
            if (!std::isfinite(a) || !std::isfinite(b)) {
                ++nonfinite;
            }
        }
    }
    const std::size_t n = pair.steps.size();
    const std::optional<std::string> missing = missing_steps(pair, path_a, path_b);
    if (failures.empty() && !missing) {
        r.passed = true;
        r.message = fmt::format("all {} steps within tolerance ({})", n, tolerance);
        return r;
    }
    r.passed = nonfinite == 0 && !missing && failures.size() <= allow;
    if (failures.empty()) {
        r.message = fmt::format("all {} compared steps within tolerance ({})", n, tolerance);
    } else {
        r.message = fmt::format("{} of {} steps outside tolerance ({}), first at step {}",
                                failures.size(), n, tolerance, failures.front().step);
    }
    if (nonfinite > 0) {
        r.message += fmt::format("; {} with a NaN or infinite value", nonfinite);
    }
    if (missing) {
        r.message += fmt::format("; steps missing: {}", *missing);
    }
    if (r.passed) {
        r.message += fmt::format("; within --allow {}", allow);
        return r;
    }
    if (failures.empty()) {
        return r;
    }
    // The worst failures, the first step first among equals.
    std::stable_sort(
        failures.begin(), failures.end(),
        [](const ModeFailure& x, const ModeFailure& y) { return x.excess() > y.excess(); });
    const std::size_t shown = std::min(failures.size(), k_worst_shown);
    r.details.push_back(fmt::format("worst {} of {} (largest Δ relative to the tolerance):", shown,
                                    failures.size()));
    for (std::size_t i = 0; i < shown; ++i) {
        const ModeFailure& f = failures[i];
        // Three decimals, so that a delta just past its tolerance does not look equal to it.
        r.details.push_back(fmt::format("step {}: A {}, B {}, Δ={} > {:.3e}", f.step,
                                        format_shortest(f.a), format_shortest(f.b),
                                        std::isfinite(f.delta) ? fmt::format("{:.3e}", f.delta)
                                                               : format_shortest(f.delta),
                                        f.allowed));
    }
    return r;
}

CriterionResult same_steps_criterion(const AlignedPair& pair) {
    CriterionResult r;
    r.name = "same-steps";
    if (pair.only_a.empty() && pair.only_b.empty()) {
        r.passed = !pair.steps.empty();
        r.message = r.passed ? fmt::format("all {} steps in both traces", pair.steps.size())
                             : "neither trace has a step in the checked range";
        return r;
    }
    r.message = fmt::format("{} only in A ({}), {} only in B ({})", pair.only_a.size(),
                            format_ranges(to_ranges(pair.only_a), 4), pair.only_b.size(),
                            format_ranges(to_ranges(pair.only_b), 4));
    return r;
}

} // namespace

MaxCriterion parse_check_stat(const std::string& name) {
    MaxCriterion c;
    c.name = name;
    if (name == "step1") {
        c.stat = CheckStat::step1;
    } else if (name == "step2") {
        c.stat = CheckStat::step2;
    } else if (name == "median") {
        c.stat = CheckStat::median;
    } else if (name == "max") {
        c.stat = CheckStat::max;
    } else if (name == "mean") {
        c.stat = CheckStat::mean;
    } else if (name.starts_with("step@")) {
        const auto step = parse_step_number(std::string_view(name).substr(5));
        if (!step) {
            throw Error(
                fmt::format("invalid statistic '{}': step@N needs a step number N >= 0", name));
        }
        c.stat = CheckStat::step_at;
        c.step = *step;
    } else {
        throw Error(fmt::format("unknown statistic '{}' (expected step1, step2, median, max, "
                                "mean or step@N)",
                                name));
    }
    return c;
}

MaxCriterion parse_max_criterion(const std::string& text) {
    const auto eq = text.find('=');
    if (eq == std::string::npos) {
        throw Error(
            fmt::format("invalid criterion '{}': expected STAT=LIMIT, e.g. step1=1e-5", text));
    }
    MaxCriterion c = parse_check_stat(text.substr(0, eq));
    const auto limit = parse_number(text.substr(eq + 1));
    if (!limit || !std::isfinite(*limit) || *limit < 0) {
        throw Error(
            fmt::format("invalid criterion '{}': the limit must be a finite number >= 0", text));
    }
    c.limit = *limit;
    return c;
}

std::optional<Tolerance> mode_tolerance(const std::string& mode) {
    if (mode == "strict") {
        return Tolerance{1e-4, 1e-3};
    }
    if (mode == "cross-gpu") {
        return Tolerance{1e-3, 1e-2};
    }
    if (mode == "cross-comp") {
        return Tolerance{1e-2, 1e-1};
    }
    return std::nullopt;
}

bool within_tolerance(double a, double b, const Tolerance& tolerance) {
    if (!std::isfinite(a) || !std::isfinite(b)) {
        return false;
    }
    if (a == b) {
        return true;
    }
    // Python tests diff <= |rtol*b| or diff <= |rtol*a| or diff <= atol: the same as one test
    // against the largest of the three, which allowed_delta gives.
    return std::fabs(a - b) <= allowed_delta(a, b, tolerance);
}

StepRange parse_step_range(const std::string& text) {
    const auto dash = text.find('-');
    const auto first = parse_step_number(std::string_view(text).substr(0, dash));
    const auto last = dash == std::string::npos
                          ? first
                          : parse_step_number(std::string_view(text).substr(dash + 1));
    if (!first || !last || *first > *last) {
        throw Error(fmt::format("invalid step range '{}' (expected FIRST-LAST, e.g. 1-100)", text));
    }
    return {*first, *last};
}

Series restrict_to(const Series& series, const StepRange& range) {
    const auto begin = std::lower_bound(series.steps.begin(), series.steps.end(), range.first);
    const auto end = std::upper_bound(begin, series.steps.end(), range.last);
    const auto from = static_cast<std::size_t>(begin - series.steps.begin());
    const auto to = static_cast<std::size_t>(end - series.steps.begin());
    Series out;
    out.steps.assign(series.steps.begin() + static_cast<std::ptrdiff_t>(from),
                     series.steps.begin() + static_cast<std::ptrdiff_t>(to));
    out.values.assign(series.values.begin() + static_cast<std::ptrdiff_t>(from),
                      series.values.begin() + static_cast<std::ptrdiff_t>(to));
    return out;
}

std::vector<std::pair<std::string, bool>> CheckSpec::fields_to_read() const {
    if (field_given || mode.empty()) {
        return {{field, true}};
    }
    std::vector<std::pair<std::string, bool>> fields{{"loss", true}, {"lr", true}};
    if (field != "loss" && field != "lr") {
        fields.emplace_back(field, true);
    }
    fields.emplace_back("grad_norm", false);
    fields.emplace_back("param_norm", false);
    return fields;
}

void CheckSpec::validate() const {
    if (max.empty() && mode.empty() && !require_same_steps) {
        throw Error("nothing to check: give --max STAT=LIMIT, --mode or --require-same-steps");
    }
    if (!mode.empty() && !mode_tolerance(mode)) {
        throw Error(
            fmt::format("unknown mode '{}' (expected strict, cross-gpu or cross-comp)", mode));
    }
    if (mode.empty() && (atol || rtol)) {
        throw Error("--atol and --rtol adjust the tolerance of a --mode; give --mode too");
    }
    for (const auto* value : {&atol, &rtol}) {
        if (*value && (!std::isfinite(**value) || **value < 0)) {
            throw Error("--atol and --rtol must be finite numbers >= 0");
        }
    }
    if (steps) {
        for (const auto& c : max) {
            if (c.stat == CheckStat::step_at && (c.step < steps->first || c.step > steps->last)) {
                throw Error(fmt::format("{}: step {} is outside the checked steps {}-{}", c.name,
                                        c.step, steps->first, steps->last));
            }
        }
    }
}

bool CheckResult::passed() const {
    return failed_count() == 0;
}

std::size_t CheckResult::failed_count() const {
    return static_cast<std::size_t>(std::count_if(
        criteria.begin(), criteria.end(), [](const CriterionResult& c) { return !c.passed; }));
}

CheckResult run_check(const CheckSpec& spec, const Trace& a, const Trace& b,
                      const std::string& label_a, const std::string& label_b) {
    CheckResult result;
    result.name = spec.name;
    result.label_a = label_a;
    result.label_b = label_b;
    result.path_a = a.path;
    result.path_b = b.path;
    result.field = spec.field;
    result.steps = spec.steps;

    auto series_of = [&spec](const Trace& t, const std::string& field) {
        const Series& s = t.field(field).series;
        return spec.steps ? restrict_to(s, *spec.steps) : s;
    };

    if (!spec.ignore_header) {
        result.criteria.push_back(header_criterion(a, b));
    }

    const AlignedPair primary = align(series_of(a, spec.field), series_of(b, spec.field));
    if (!spec.max.empty()) {
        const PairStats stats = compute_stats(primary);
        for (const auto& c : spec.max) {
            result.criteria.push_back(max_criterion(c, primary, stats, a.path, b.path));
        }
    }

    if (!spec.mode.empty()) {
        Tolerance tol = *mode_tolerance(spec.mode);
        tol.atol = spec.atol.value_or(tol.atol);
        tol.rtol = spec.rtol.value_or(tol.rtol);
        for (const auto& [field, required] : spec.fields_to_read()) {
            // Optional fields are checked only where both traces have them.
            if (!required && (a.field(field).series.empty() || b.field(field).series.empty())) {
                continue;
            }
            const AlignedPair pair = align(series_of(a, field), series_of(b, field));
            result.criteria.push_back(
                mode_criterion(spec.mode, tol, field, pair, spec.allow, a.path, b.path));
        }
    }

    if (spec.require_same_steps) {
        result.criteria.push_back(same_steps_criterion(primary));
    }
    return result;
}

} // namespace tracediff
