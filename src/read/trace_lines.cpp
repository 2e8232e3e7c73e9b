#include "trace_lines.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace tracediff::trace_lines {

namespace {

constexpr std::size_t k_excerpt_bytes = 60;

struct Token {
    std::string_view text;
    const char* replacement;
};

// The non-finite token that starts `rest`, if any.
std::optional<Token> nonfinite_token_at(std::string_view rest) {
    if (rest.starts_with("NaN")) {
        return Token{"NaN", "\"\\u0000NaN\""};
    }
    if (rest.starts_with("Infinity")) {
        return Token{"Infinity", "\"\\u0000Infinity\""};
    }
    if (rest.starts_with("-Infinity")) {
        return Token{"-Infinity", "\"\\u0000-Infinity\""};
    }
    return std::nullopt;
}

// Whether a token that follows `before` (the last character outside strings and blanks; NUL
// at the start), inside the containers `open`, stands where JSON expects a value.
bool at_value(char before, const std::string& open) {
    return before == ':' || before == '[' || (before == '\0' && open.empty()) ||
           (before == ',' && !open.empty() && open.back() == '[');
}

} // namespace

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_blank(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_blank(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

std::optional<std::string> replace_nonfinite_tokens(std::string_view line) {
    std::optional<std::string> out;
    bool in_string = false;
    std::size_t copied = 0; // bytes of `line` already copied to `out`
    std::string open;       // the arrays and objects the scan is in: '[' and '{'
    char previous = '\0';   // the last character outside strings and blanks
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (in_string) {
            if (c == '\\') {
                ++i; // skip the escaped character
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            continue;
        }
        const char before = previous;
        previous = c;
        if (c == '"') {
            in_string = true;
            continue;
        }
        if (c == '[' || c == '{') {
            open += c;
        } else if ((c == ']' || c == '}') && !open.empty()) {
            open.pop_back();
        }
        const auto token = nonfinite_token_at(line.substr(i));
        if (!token || !at_value(before, open)) {
            continue; // a NaN key or one after a value stays invalid JSON
        }
        if (!out) {
            out.emplace();
            out->reserve(line.size() + 32);
        }
        out->append(line.substr(copied, i - copied));
        out->append(token->replacement);
        i += token->text.size() - 1;
        copied = i + 1;
    }
    if (out) {
        out->append(line.substr(copied));
    }
    return out;
}

LineShape shape_of(std::string_view line) {
    LineShape shape;
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (in_string) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            shape.max_depth = std::max(shape.max_depth, ++depth);
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        } else if (c == ':') {
            ++shape.members;
        }
    }
    return shape;
}

std::string excerpt(std::string_view line, std::size_t column, std::size_t* caret) {
    std::string out;
    *caret = 0;
    const std::size_t n = std::min(line.size(), k_excerpt_bytes);
    for (std::size_t i = 0; i < n; ++i) {
        if (i + 1 == column) {
            *caret = out.size() + 1;
        }
        const auto byte = static_cast<unsigned char>(line[i]);
        if (byte < 0x20 || byte >= 0x7f) {
            out += fmt::format("\\x{:02X}", byte);
        } else {
            out += line[i];
        }
    }
    if (line.size() > n) {
        out += "...";
    } else if (column == line.size() + 1) {
        *caret = out.size() + 1; // the error is at the end of the line
    }
    return out;
}

std::string excerpt(std::string_view line) {
    std::size_t unused = 0;
    return excerpt(line, 0, &unused);
}

std::string parse_error_reason(const std::string& what) {
    std::string reason = what;
    if (const auto dash = reason.find(" - "); dash != std::string::npos) {
        reason = reason.substr(dash + 3);
    } else if (const auto colon = reason.find("] "); colon != std::string::npos) {
        reason = reason.substr(colon + 2);
    }
    if (const auto last = reason.find("; last read"); last != std::string::npos) {
        reason = reason.substr(0, last);
    }
    return reason;
}

} // namespace tracediff::trace_lines
