// Checks of raw JSON text that the fast path makes before and instead of converting it.
// Inline: they run on every byte of every step record.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tracediff::fast_tokens {

// Only printable ASCII without backslashes takes the fast path. That rules out escapes (so raw
// keys and strings are what they say), control characters inside strings (which simdjson does
// not reject but JSON forbids), tabs, and every question of UTF-8 validity.
inline bool plain_ascii(std::string_view line) {
    // Byte-wide operations so that the compiler vectorizes the loop.
    std::uint8_t bad = 0;
    for (const char c : line) {
        const auto b = static_cast<std::uint8_t>(c);
        bad |= static_cast<std::uint8_t>(static_cast<std::uint8_t>(b - 0x20) > 0x5E) |
               static_cast<std::uint8_t>(b == '\\');
    }
    return bad == 0;
}

inline bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// True when a number token is an integer in JSON's sense: no fraction and no exponent.
inline bool is_integer_token(std::string_view token) {
    for (const char c : token) {
        if (c == '.' || c == 'e' || c == 'E') {
            return false;
        }
        if (c != '-' && !is_digit(c)) {
            break; // white space or a structural character after the number
        }
    }
    return true;
}

// Checks a number token (and the white space after it) against JSON's grammar without
// converting it. Returns false when the token is not a number, or when only a conversion can
// tell whether it is readable (an exponent, or more digits than a finite double has, where
// the tolerant path reports an overflow).
inline bool plain_number_token(std::string_view token) {
    std::size_t i = 0;
    const std::size_t n = token.size();
    if (i < n && token[i] == '-') {
        ++i;
    }
    if (i >= n || !is_digit(token[i])) {
        return false;
    }
    const std::size_t int_start = i;
    if (token[i] == '0') {
        ++i;
    } else {
        while (i < n && is_digit(token[i])) {
            ++i;
        }
    }
    if (i - int_start > 300) {
        return false;
    }
    if (i < n && token[i] == '.') {
        ++i;
        const std::size_t frac_start = i;
        while (i < n && is_digit(token[i])) {
            ++i;
        }
        if (i == frac_start) {
            return false;
        }
    }
    for (; i < n; ++i) {
        const char c = token[i];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
            return false; // an exponent, or not a number
        }
    }
    return true;
}

// True when the number's mantissa has more than 19 significant digits. simdjson 3.0's
// on-demand get_double reads some of those wrongly (0.000199999990000000474974513 as
// 3.9e-10; found by fuzzing, see tests/fuzz/trace_reader/), so the tolerant path reads them.
inline bool more_than_19_significant_digits(std::string_view token) {
    int digits = 0;
    bool leading = true;
    for (const char c : token) {
        if (c == 'e' || c == 'E') {
            break;
        }
        if (c < '0' || c > '9') {
            continue; // sign, decimal point, or the white space after the token
        }
        if (leading && c == '0') {
            continue;
        }
        leading = false;
        if (++digits > 19) {
            return true;
        }
    }
    return false;
}

inline bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

} // namespace tracediff::fast_tokens
