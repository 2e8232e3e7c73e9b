#include <fmt/format.h>

#include <array>

#include "manifest_parts.hpp"

namespace tracediff {

namespace {

constexpr std::array<std::string_view, 13> k_check_keys = {"name",
                                                           "a",
                                                           "b",
                                                           "field",
                                                           "max",
                                                           "mode",
                                                           "atol",
                                                           "rtol",
                                                           "steps",
                                                           "allow",
                                                           "require_same_steps",
                                                           "ignore_header",
                                                           "require_header"};
constexpr std::array<const char*, 3> k_required = {"name", "a", "b"};

ManifestCheck parse_check(const ManifestMembers& in, const Json& c, const std::string& where,
                          const Manifest& m) {
    if (!c.is_object()) {
        in.fail(fmt::format("'{}' must be an object, found {}", where, c.type_name()));
    }
    in.check_known(c, k_check_keys, where + ".");
    in.check_required(c, k_required, where);
    ManifestCheck check;
    check.name = in.get_string(c["name"], where + ".name");
    if (check.name.empty()) {
        in.fail(fmt::format("'{}.name' must not be empty", where));
    }
    for (const auto& other : m.checks) {
        if (other.name == check.name) {
            in.fail(
                fmt::format("'{}.name': there is already a check named '{}'", where, check.name));
        }
    }
    check.a = in.find_label(m, in.get_string(c["a"], where + ".a"), where + ".a");
    check.b = in.find_label(m, in.get_string(c["b"], where + ".b"), where + ".b");
    check.where = where;
    check.members = c;
    return check;
}

} // namespace

void parse_checks(const ManifestMembers& in, const Json& root, Manifest& m) {
    if (!root.contains("checks")) {
        return;
    }
    const Json& list = root["checks"];
    if (!list.is_array() || list.empty()) {
        in.fail("'checks' must be a non-empty array of checks");
    }
    for (std::size_t k = 0; k < list.size(); ++k) {
        m.checks.push_back(parse_check(in, list[k], fmt::format("checks[{}]", k), m));
    }
}

} // namespace tracediff
