// Finding a field in a JSON record: the member of that name, or else a dotted path into nested
// objects ("optimizer.lr" for {"optimizer": {"lr": ...}}). Names may hold '/', '.' and spaces.
#pragma once

#include <string>
#include <string_view>

namespace tracediff {

// The member `name` of `object`, or the value at the dotted path `name` when `object` has no
// member of that name; null when neither exists. Works for nlohmann::json and ordered_json.
template <class JsonT>
const JsonT* find_member(const JsonT& object, std::string_view name) {
    if (!object.is_object()) {
        return nullptr;
    }
    if (const auto it = object.find(std::string(name)); it != object.end()) {
        return &*it;
    }
    // Every split at a '.', left to right: "a.b.c" is tried as a -> "b.c", then "a.b" -> c.
    for (std::size_t dot = name.find('.'); dot != std::string_view::npos;
         dot = name.find('.', dot + 1)) {
        const auto head = object.find(std::string(name.substr(0, dot)));
        if (head != object.end() && head->is_object()) {
            if (const JsonT* found = find_member(*head, name.substr(dot + 1))) {
                return found;
            }
        }
    }
    return nullptr;
}

} // namespace tracediff
