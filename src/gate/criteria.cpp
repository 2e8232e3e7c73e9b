#include "tracediff/gate/criteria.hpp"

#include "tracediff/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string_view>

namespace tracediff {

namespace {

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
    // Decimal only, the whole text: strtod would take " 1" and "0x1p0" too.
    double value = 0.0;
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (error != std::errc() || stop != end) {
        return std::nullopt;
    }
    return value;
}

} // namespace

MaxCriterion make_max_criterion(const std::string& stat, double limit) {
    using Part = CriterionError::Part;
    MaxCriterion c;
    c.name = stat;
    if (stat == "step1") {
        c.stat = CheckStat::step1;
    } else if (stat == "step2") {
        c.stat = CheckStat::step2;
    } else if (stat == "median") {
        c.stat = CheckStat::median;
    } else if (stat == "max") {
        c.stat = CheckStat::max;
    } else if (stat == "mean") {
        c.stat = CheckStat::mean;
    } else if (stat == "bias") {
        c.stat = CheckStat::bias;
    } else if (stat.starts_with("step@")) {
        const auto step = parse_step_number(std::string_view(stat).substr(5));
        if (!step) {
            throw CriterionError(
                Part::stat,
                fmt::format("invalid statistic '{}': step@N needs a step number N >= 0", stat));
        }
        c.stat = CheckStat::step_at;
        c.step = *step;
    } else {
        throw CriterionError(Part::stat,
                             fmt::format("unknown statistic '{}' (expected step1, step2, median, "
                                         "max, mean, bias or step@N)",
                                         stat));
    }
    if (!std::isfinite(limit) || limit < 0) {
        throw CriterionError(Part::limit, "the limit must be a finite number >= 0");
    }
    c.limit = limit;
    return c;
}

MaxCriterion relative_criterion(MaxCriterion criterion) {
    if (criterion.stat == CheckStat::bias) {
        throw CriterionError(CriterionError::Part::stat,
                             "the bias has no relative form (it is signed)");
    }
    criterion.relative = true;
    criterion.name += " rel";
    return criterion;
}

MaxCriterion parse_max_criterion(const std::string& text) {
    const auto eq = text.find('=');
    if (eq == std::string::npos) {
        throw Error(
            fmt::format("invalid criterion '{}': expected STAT=LIMIT, e.g. step1=1e-5", text));
    }
    // A limit that is not a number is refused like a negative one, after the statistic.
    const double limit = parse_number(text.substr(eq + 1)).value_or(-1.0);
    try {
        return make_max_criterion(text.substr(0, eq), limit);
    } catch (const CriterionError& e) {
        if (e.part() == CriterionError::Part::stat) {
            throw;
        }
        throw Error(fmt::format("invalid criterion '{}': {}", text, e.what()));
    }
}

std::optional<std::int64_t> nominal_step(const MaxCriterion& c) {
    switch (c.stat) {
    case CheckStat::step1:
        return 1;
    case CheckStat::step2:
        return 2;
    case CheckStat::step_at:
        return c.step;
    case CheckStat::median:
    case CheckStat::max:
    case CheckStat::mean:
    case CheckStat::bias:
        break;
    }
    return std::nullopt;
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

double allowed_delta(double a, double b, const Tolerance& tol) {
    double magnitude = 0.0;
    for (const double v : {a, b}) {
        if (std::isfinite(v)) {
            magnitude = std::max(magnitude, std::fabs(v));
        }
    }
    return std::max(tol.rtol * magnitude, tol.atol);
}

bool within_tolerance(double a, double b, const Tolerance& tolerance) {
    return within_tolerance(a, b, std::fabs(a - b), tolerance);
}

bool within_tolerance(double a, double b, double delta, const Tolerance& tolerance) {
    if (!std::isfinite(a) || !std::isfinite(b)) {
        return false;
    }
    if (a == b) {
        return true;
    }
    // Python tests diff <= |rtol*b| or diff <= |rtol*a| or diff <= atol: the same as one test
    // against the largest of the three, which allowed_delta gives.
    return delta <= allowed_delta(a, b, tolerance);
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

std::vector<std::pair<std::string, bool>> CheckSpec::fields_to_read() const {
    if (field_given || mode.empty()) {
        return {{field, true}};
    }
    // The compared field in every step; the others where both traces have them.
    std::vector<std::pair<std::string, bool>> fields{{field, true}};
    for (const char* other : {"lr", "grad_norm", "param_norm"}) {
        if (field != other) {
            fields.emplace_back(other, false);
        }
    }
    return fields;
}

std::string band_field(const std::string& field, const char* part) {
    return field + "." + part;
}

std::vector<std::pair<std::string, bool>> CheckSpec::reference_fields_to_read() const {
    std::vector<std::pair<std::string, bool>> fields = fields_to_read();
    if (band) {
        for (const char* part : band->minmax ? std::vector<const char*>{"min", "max"}
                                             : std::vector<const char*>{"std"}) {
            fields.emplace_back(band_field(field, part), true);
        }
    }
    return fields;
}

std::size_t CheckSpec::allowed_failures(std::size_t counted) const {
    if (!allow_percent) {
        return allow;
    }
    return static_cast<std::size_t>(
        std::floor(*allow_percent / 100.0 * static_cast<double>(counted)));
}

Tolerance CheckSpec::tolerance() const {
    Tolerance tol = mode_tolerance(mode).value_or(Tolerance{});
    tol.atol = atol.value_or(tol.atol);
    tol.rtol = rtol.value_or(tol.rtol);
    return tol;
}

void CheckSpec::validate(const OptionSpelling& spell) const {
    const auto option = [&spell](std::string_view bare) {
        return spell ? spell(bare) : std::string(bare);
    };
    if (max.empty() && mode.empty() && !require_same_steps && !band) {
        throw Error(fmt::format("nothing to check: give {}, {}, {} or {}", option("max"),
                                option("mode"), option("band"), option("require_same_steps")));
    }
    if (band && !reference) {
        throw Error(fmt::format("{} holds a run to a band of reruns: give {} GOLDEN, a band "
                                "written by tracediff golden from reruns",
                                option("band"), option("reference")));
    }
    if (band && !band->minmax && (!std::isfinite(band->sigmas) || band->sigmas <= 0)) {
        throw Error(
            fmt::format("{} takes a number of standard deviations > 0, or minmax", option("band")));
    }
    if (allow_percent &&
        (!std::isfinite(*allow_percent) || *allow_percent < 0 || *allow_percent > 100)) {
        throw Error(
            fmt::format("{} takes a count, or a percentage from 0% to 100%", option("allow")));
    }
    if (!mode.empty() && !mode_tolerance(mode)) {
        throw Error(
            fmt::format("unknown mode '{}' (expected strict, cross-gpu or cross-comp)", mode));
    }
    if (ignore_header && require_header) {
        throw Error(fmt::format("{} and {} contradict each other; give one",
                                option("ignore_header"), option("require_header")));
    }
    if (mode.empty() && (atol || rtol)) {
        throw Error(fmt::format("{} and {} adjust the tolerance of a {}; give {} too",
                                option("atol"), option("rtol"), option("mode"), option("mode")));
    }
    if (mode.empty() && !band && (allow > 0 || allow_percent)) {
        throw Error(fmt::format("{} is a budget of steps outside a {} tolerance or a {}; give one",
                                option("allow"), option("mode"), option("band")));
    }
    for (const auto* value : {&atol, &rtol}) {
        if (*value && (!std::isfinite(**value) || **value < 0)) {
            throw Error(fmt::format("{} and {} must be finite numbers >= 0", option("atol"),
                                    option("rtol")));
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

} // namespace tracediff
