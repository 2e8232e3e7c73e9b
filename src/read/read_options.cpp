#include "tracediff/read/read_options.hpp"

#include <algorithm>

namespace tracediff {

namespace {

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    const auto lower = [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    };
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [&](char x, char y) { return lower(x) == lower(y); });
}

} // namespace

std::string default_step_key(const std::vector<std::string>& names) {
    for (const std::string_view key : k_default_step_keys) {
        if (std::find(names.begin(), names.end(), key) != names.end()) {
            return std::string(key);
        }
        const auto it = std::find_if(names.begin(), names.end(), [&](const std::string& name) {
            return equal_ignoring_case(name, key);
        });
        if (it != names.end()) {
            return *it;
        }
    }
    return {};
}

std::vector<std::string> FieldRequest::source_names() const {
    return sources.empty() ? std::vector<std::string>{name} : sources;
}

void apply_field_names(ReadOptions& options, const std::map<std::string, std::string>& aliases,
                       const std::map<std::string, std::string>& direct) {
    for (FieldRequest& field : options.fields) {
        if (const auto it = direct.find(field.name); it != direct.end()) {
            field.sources = {it->second};
        } else if (const auto alias = aliases.find(field.name); alias != aliases.end()) {
            field.sources = {field.name, alias->second};
        }
    }
}

} // namespace tracediff
