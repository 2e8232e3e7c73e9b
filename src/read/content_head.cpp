#include "content_head.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "format_list.hpp"
#include "trace_lines.hpp"

namespace tracediff::content_head {

std::string_view skip_blank(std::string_view head) {
    if (head.starts_with(trace_lines::k_bom)) {
        head.remove_prefix(trace_lines::k_bom.size());
    }
    const std::size_t start = head.find_first_not_of(" \t\r\n");
    return start == std::string_view::npos ? std::string_view() : head.substr(start);
}

std::string_view first_line(std::string_view text) {
    std::string_view line = text.substr(0, text.find('\n'));
    if (line.ends_with('\r')) {
        line.remove_suffix(1);
    }
    return line;
}

bool JsonHead::has_key(std::string_view key) const {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

namespace {

// Notes the member name `key` of the object at nesting depth `depth` (1 = the document).
void note_key(JsonHead& h, const std::string& open, std::string_view key) {
    constexpr std::size_t k_max_keys = 64;
    if (open.size() == 1 && h.keys.size() < k_max_keys) {
        h.keys.emplace_back(key);
    } else if (open == "{{" && key == "values" && !h.keys.empty() &&
               std::find(h.with_values.begin(), h.with_values.end(), h.keys.back()) ==
                   h.with_values.end()) {
        h.with_values.push_back(h.keys.back());
    }
}

} // namespace

JsonHead scan_json(std::string_view head) {
    JsonHead h;
    const std::string_view text = skip_blank(head);
    if (!text.starts_with('{')) {
        return h;
    }
    h.object = true;
    std::string open; // the open containers, '{' or '['
    bool in_string = false;
    bool after_string = false; // the last token was a string: a ':' makes it a member name
    std::size_t string_start = 0;
    std::string_view last_string;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                in_string = false;
                after_string = true;
                last_string = text.substr(string_start, i - string_start);
            }
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            continue;
        }
        if (c == ':' && after_string && !open.empty() && open.back() == '{') {
            note_key(h, open, last_string);
        }
        after_string = false;
        if (c == '"') {
            in_string = true;
            string_start = i + 1;
        } else if (c == '{' || c == '[') {
            open.push_back(c);
        } else if ((c == '}' || c == ']') && !open.empty()) {
            open.pop_back();
            if (open.empty()) {
                // Other text after it is not a value: garbage after a document.
                h.several = skip_blank(text.substr(i + 1)).starts_with('{');
                break;
            }
        }
    }
    return h;
}

} // namespace tracediff::content_head

namespace tracediff {

namespace {

bool looks_binary(std::string_view head) {
    std::size_t control = 0;
    for (const char c : head.substr(0, 4096)) {
        const auto b = static_cast<unsigned char>(c);
        if (b == 0) {
            return true;
        }
        if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != 0x1b) {
            ++control;
        }
    }
    return control * 100 > std::min<std::size_t>(head.size(), 4096);
}

} // namespace

std::string describe_content(std::string_view head) {
    if (looks_binary(head)) {
        std::string bytes;
        for (const char c : head.substr(0, 8)) {
            bytes +=
                fmt::format("{}{:02x}", bytes.empty() ? "" : " ", static_cast<unsigned char>(c));
        }
        return fmt::format("binary data that is not a TensorBoard event file (the first bytes "
                           "are {})",
                           bytes);
    }
    const std::string_view text = content_head::skip_blank(head);
    if (text.starts_with('[')) {
        return "a JSON array (tracediff reads JSON objects: JSON Lines, trainer_state.json, "
               "Megatron golden values)";
    }
    return fmt::format("text whose first line is '{}'; a CSV or TSV file needs a header row with "
                       "a step column ({}; --step-key names another), and a text log needs "
                       "--pattern (or a step line of Megatron-LM, torchtitan, nanoGPT or MLPerf "
                       "logging)",
                       trace_lines::excerpt(content_head::first_line(text)),
                       fmt::join(k_default_step_keys, ", "));
}

} // namespace tracediff
