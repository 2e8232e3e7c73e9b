#include "tracediff/gate/manifest_criteria.hpp"

#include "tracediff/error.hpp"
#include "tracediff/read/manifest_members.hpp"

#include <fmt/format.h>

namespace tracediff {

namespace {

// "max" or, with `relative`, "max_rel": each statistic and its limit.
std::vector<MaxCriterion> parse_max(const ManifestMembers& in, const Json& max,
                                    const std::string& where, bool relative) {
    const char* member = relative ? "max_rel" : "max";
    if (!max.is_object()) {
        in.fail(fmt::format("'{}.{}' must be an object mapping a statistic to its limit, "
                            "found {}",
                            where, member, max.type_name()));
    }
    std::vector<MaxCriterion> criteria;
    for (const auto& [stat, limit] : max.items()) {
        const std::string at = fmt::format("{}.{}.{}", where, member, stat);
        try {
            const MaxCriterion c = make_max_criterion(stat, in.get_number(limit, at));
            criteria.push_back(relative ? relative_criterion(c) : c);
        } catch (const CriterionError& e) {
            in.fail(fmt::format("'{}': {}", at, e.what()));
        }
    }
    return criteria;
}

// The members that tune a check; `c` is the check's object, `where` its place ("checks[0]").
void parse_options(const ManifestMembers& in, const Json& c, const std::string& where,
                   CheckSpec& spec) {
    if (c.contains("mode")) {
        spec.mode = in.get_string(c["mode"], where + ".mode");
    }
    if (c.contains("atol")) {
        spec.atol = in.get_number(c["atol"], where + ".atol");
    }
    if (c.contains("rtol")) {
        spec.rtol = in.get_number(c["rtol"], where + ".rtol");
    }
    if (c.contains("steps")) {
        const std::string range = in.get_string(c["steps"], where + ".steps");
        try {
            spec.steps = parse_step_range(range);
        } catch (const Error& e) {
            in.fail(fmt::format("'{}.steps': {}", where, e.what()));
        }
    }
    if (c.contains("allow")) {
        const Json& allow = c["allow"];
        if (!allow.is_number_unsigned()) {
            in.fail(fmt::format("'{}.allow' must be an integer >= 0", where));
        }
        spec.allow = allow.get<std::size_t>();
    }
    if (c.contains("require_same_steps")) {
        spec.require_same_steps =
            in.get_bool(c["require_same_steps"], where + ".require_same_steps");
    }
    if (c.contains("ignore_header")) {
        spec.ignore_header = in.get_bool(c["ignore_header"], where + ".ignore_header");
    }
    if (c.contains("require_header")) {
        spec.require_header = in.get_bool(c["require_header"], where + ".require_header");
    }
}

CheckSpec spec_from_members(const ManifestMembers& in, const ManifestCheck& check,
                            const std::string& default_field) {
    const Json& c = check.members;
    CheckSpec spec;
    spec.name = check.name;
    spec.field = default_field;
    if (c.contains("field")) {
        spec.field = in.get_string(c["field"], check.where + ".field");
        spec.field_given = true;
    }
    if (c.contains("max")) {
        spec.max = parse_max(in, c["max"], check.where, false);
    }
    if (c.contains("max_rel")) {
        const std::vector<MaxCriterion> relative = parse_max(in, c["max_rel"], check.where, true);
        spec.max.insert(spec.max.end(), relative.begin(), relative.end());
    }
    spec.reference = check.reference;
    parse_options(in, c, check.where, spec);
    try {
        spec.validate();
    } catch (const Error& e) {
        in.fail(fmt::format("check '{}': {}", spec.name, e.what()));
    }
    return spec;
}

} // namespace

std::vector<NamedCheck> manifest_check_specs(const Manifest& manifest) {
    const ManifestMembers in(manifest.path);
    std::vector<NamedCheck> checks;
    for (const auto& check : manifest.checks) {
        checks.push_back(
            {check.a, check.b, spec_from_members(in, check, manifest.field.value_or("loss"))});
    }
    return checks;
}

} // namespace tracediff
