// Numbers written as text (CSV cells, text-log captures, Megatron's "nan" strings): decimal or
// scientific notation, and nan, NaN, inf, -inf, Infinity in any case, read with
// std::from_chars, which is exact and independent of the locale.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace tracediff {

// The text without spaces and tabs at either end.
inline std::string_view trim_blanks(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

enum class NumberText { ok, not_a_number, out_of_range };

// Reads all of `text` (blanks around it allowed; a leading '+' too) as a double.
inline NumberText parse_number(std::string_view text, double& out) {
    text = trim_blanks(text);
    if (text.starts_with('+') && text.size() > 1 && text[1] != '-') {
        text.remove_prefix(1);
    }
    if (text.empty()) {
        return NumberText::not_a_number;
    }
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (end != text.data() + text.size()) {
        return NumberText::not_a_number;
    }
    if (ec == std::errc::result_out_of_range) {
        return NumberText::out_of_range;
    }
    return ec == std::errc() ? NumberText::ok : NumberText::not_a_number;
}

// Reads all of `text` (blanks around it allowed) as a non-negative decimal integer.
inline bool parse_step_text(std::string_view text, std::int64_t& out) {
    text = trim_blanks(text);
    if (text.empty() || text.front() < '0' || text.front() > '9') {
        return false;
    }
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

} // namespace tracediff
