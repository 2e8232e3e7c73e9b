#include "tracediff/read/read_options.hpp"

namespace tracediff {

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
