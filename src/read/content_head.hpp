// Looking at the first bytes of an input to recognise its format: where the content starts,
// its first line, and the outline of a JSON document.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tracediff::content_head {

// The head without a UTF-8 byte-order mark and leading blank lines (spaces, tabs, CR, LF).
std::string_view skip_blank(std::string_view head);

// The first line of `text`, without its line end.
std::string_view first_line(std::string_view text);

// The outline of the JSON text that starts `head`, as far as the head goes.
struct JsonHead {
    bool object = false;           // it starts with '{'
    bool several = false;          // another object follows the first one: JSON Lines
    std::vector<std::string> keys; // the first object's member names, as written
    // Members of the first object whose value is an object with a member "values".
    std::vector<std::string> with_values;

    bool has_key(std::string_view key) const;
};
JsonHead scan_json(std::string_view head);

} // namespace tracediff::content_head
