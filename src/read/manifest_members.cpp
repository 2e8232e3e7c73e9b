#include "tracediff/read/manifest_members.hpp"

#include "tracediff/error.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <vector>

namespace tracediff {

void ManifestMembers::fail(const std::string& message) const {
    throw Error(fmt::format("{}: {}", m_path, message));
}

void ManifestMembers::check_known(const Json& object, std::span<const std::string_view> known,
                                  const std::string& where) const {
    for (const auto& [key, value] : object.items()) {
        bool found = false;
        for (const auto k : known) {
            found = found || key == k;
        }
        if (!found) {
            fail(fmt::format("unknown member '{}{}' (expected one of: {})", where, key,
                             fmt::join(known, ", ")));
        }
    }
}

void ManifestMembers::check_required(const Json& object, std::span<const char* const> required,
                                     const std::string& where) const {
    for (const char* key : required) {
        if (!object.contains(key)) {
            fail(fmt::format("'{}' has no member '{}'", where, key));
        }
    }
}

std::string ManifestMembers::get_string(const Json& value, const std::string& where) const {
    if (!value.is_string()) {
        fail(fmt::format("'{}' must be a string, found {}", where, value.type_name()));
    }
    return value.get<std::string>();
}

double ManifestMembers::get_number(const Json& value, const std::string& where) const {
    if (!value.is_number()) {
        fail(fmt::format("'{}' must be a number, found {}", where, value.type_name()));
    }
    return value.get<double>();
}

bool ManifestMembers::get_bool(const Json& value, const std::string& where) const {
    if (!value.is_boolean()) {
        fail(fmt::format("'{}' must be true or false, found {}", where, value.type_name()));
    }
    return value.get<bool>();
}

std::size_t ManifestMembers::find_label(const Manifest& m, const std::string& label,
                                        const std::string& where) const {
    for (std::size_t i = 0; i < m.traces.size(); ++i) {
        if (m.traces[i].label == label) {
            return i;
        }
    }
    std::vector<std::string> known;
    for (const auto& t : m.traces) {
        known.push_back(t.label);
    }
    fail(fmt::format("{} names an unknown trace '{}' (known: {})", where, label,
                     fmt::join(known, ", ")));
}

} // namespace tracediff
