// Numbers written as text (CSV cells, text-log captures, Megatron's "nan" strings): decimal or
// scientific notation, and nan, NaN, inf, -inf, Infinity in any case, read with
// std::from_chars, which is exact and independent of the locale.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
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

// How many decimals a number written as text has: the digits after the decimal point, less the
// exponent ("2.500" 3, "1.045532E+01" 5, "1e-5" 5, "1500" and "1.5e3" 0), at most 100. -1 for
// text that is not a finite number in decimal or scientific notation (nan, inf).
inline std::int8_t written_decimals(std::string_view text) {
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n && (text[i] == ' ' || text[i] == '\t' || text[i] == '+' || text[i] == '-')) {
        ++i;
    }
    const auto digit = [&](std::size_t k) {
        return k < n && text[k] >= '0' && text[k] <= '9';
    };
    if (!digit(i) && !(i < n && text[i] == '.' && digit(i + 1))) {
        return -1;
    }
    while (digit(i)) {
        ++i;
    }
    long decimals = 0;
    if (i < n && text[i] == '.') {
        ++i;
        while (digit(i)) {
            ++decimals;
            ++i;
        }
    }
    if (i < n && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        const bool negative = i < n && text[i] == '-';
        i += (i < n && (text[i] == '-' || text[i] == '+')) ? 1 : 0;
        long exponent = 0;
        while (digit(i) && exponent < 1000) {
            exponent = exponent * 10 + (text[i] - '0');
            ++i;
        }
        decimals += negative ? exponent : -exponent;
    }
    return static_cast<std::int8_t>(decimals < 0 ? 0 : decimals > 100 ? 100 : decimals);
}

// The decimals of the shortest text that reads back as `value` (-1 for NaN and infinities): for
// numbers whose text is gone once parsed (whole JSON documents, the tolerant path), which Python's
// json writes in that shortest form anyway. Never more than the text had.
inline std::int8_t shortest_decimals(double value) {
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    if (ec != std::errc()) {
        return -1;
    }
    return written_decimals(std::string_view(buffer, static_cast<std::size_t>(end - buffer)));
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

// A number followed by its unit, as trainers print them ("123.45ms", "12.34GiB", "1.23%",
// "nanms"): the number's text and the unit (letters, '%' and '/'; empty when there is none).
// Nothing when `text` does not start with a number or what follows it is not a unit.
struct NumberWithUnit {
    std::string_view number;
    std::string_view unit;
};
inline std::optional<NumberWithUnit> split_unit(std::string_view text) {
    double value = 0.0;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    const auto [stop, ec] = std::from_chars(begin, end, value);
    if (stop == begin) {
        return std::nullopt;
    }
    for (const char* p = stop; p != end; ++p) {
        const char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '%' || c == '/')) {
            return std::nullopt;
        }
    }
    const auto length = static_cast<std::size_t>(stop - begin);
    return NumberWithUnit{text.substr(0, length), text.substr(length)};
}

// `text` without the commas of thousands separators ("1,234,567.5" -> "1234567.5", as Python's
// {:,} writes), into `out`. False when a comma is not a thousands separator ("2,5").
inline bool without_thousands(std::string_view text, std::string& out) {
    out.clear();
    std::size_t i = 0;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
        out.push_back(text[i++]);
    }
    std::size_t group = 0; // digits since the start or the last comma
    bool comma = false;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
        out.push_back(text[i]);
        ++group;
        if (i + 1 < text.size() && text[i + 1] == ',') {
            if ((comma && group != 3) || (!comma && group > 3)) {
                return false;
            }
            comma = true;
            group = 0;
            ++i;
        }
    }
    if (comma && group != 3) {
        return false;
    }
    out.append(text.substr(i));
    return true;
}

} // namespace tracediff
