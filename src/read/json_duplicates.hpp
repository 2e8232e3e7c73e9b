// Parsing JSON text with nlohmann/json while noting a member named twice in one object, which
// nlohmann/json would silently resolve to the last value. Used by the tolerant line path and by
// whole JSON documents.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace tracediff {

// Parses `text` (throwing what nlohmann/json throws) and sets `duplicate` to the first member
// named twice in one object, or leaves it empty. Sets, not lists: a hostile text with millions
// of members must not take quadratic time.
template <typename JsonT>
JsonT parse_noting_duplicates(std::string_view text, std::string& duplicate) {
    std::vector<std::unordered_set<std::string>> keys_at_depth;
    const typename JsonT::parser_callback_t note =
        [&](int depth, typename JsonT::parse_event_t event, JsonT& parsed) {
            const auto d = static_cast<std::size_t>(depth);
            if (event == JsonT::parse_event_t::object_start) {
                keys_at_depth.resize(d + 2);
                keys_at_depth[d + 1] = {}; // not clear(): that costs the old bucket count
            } else if (event == JsonT::parse_event_t::key && duplicate.empty()) {
                const auto& key = parsed.template get_ref<const std::string&>();
                if (!keys_at_depth[d].insert(key).second) {
                    duplicate = key;
                }
            }
            return true;
        };
    return JsonT::parse(text, note);
}

} // namespace tracediff
