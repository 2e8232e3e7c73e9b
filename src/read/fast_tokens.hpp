// Checks of raw JSON text that the fast path makes before and instead of converting it. Each
// token is looked at once: a number's digits are counted eight bytes at a time, and every
// check the fast path needs (grammar, integer or not, significant digits, decimals) comes out
// of that one scan. The scans may read up to 8 bytes past the token: the fast path's input is
// followed by k_line_padding readable bytes.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace tracediff::fast_tokens {

// Printable ASCII without quotes and backslashes: the only bytes of a name (a key or a kind)
// that the fast path compares raw. A backslash would start an escape, so that two different
// raw names could be one name; control characters, which JSON forbids in strings, and non-ASCII
// bytes (UTF-8 questions) are left to the tolerant path too.
inline bool plain_name_byte(char c) {
    const auto b = static_cast<std::uint8_t>(c);
    return b >= 0x20 && b <= 0x7E && c != '"' && c != '\\';
}

inline bool plain_ascii(std::string_view text) {
    for (const char c : text) {
        if (!plain_name_byte(c)) {
            return false;
        }
    }
    return true;
}

// The length of the raw string that starts at `raw` (just after its opening quote) when all
// of it is plain (plain_name_byte) up to its closing quote; npos otherwise. simdjson has
// checked that the string is closed.
inline std::size_t plain_string_length(const char* raw) {
    std::size_t n = 0;
    while (plain_name_byte(raw[n])) {
        ++n;
    }
    return raw[n] == '"' ? n : std::string_view::npos;
}

inline bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

inline bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// How many bytes from `p` on, at most `limit`, satisfy `is_run`; eight at a time where the
// machine is little-endian (`mark` gives a nonzero byte for each byte that ends the run).
template <typename Mark, typename IsRun>
std::size_t run_length(const char* p, std::size_t limit, Mark mark, IsRun is_run) {
    std::size_t n = 0;
    if constexpr (std::endian::native == std::endian::little) {
        for (; n < limit; n += 8) {
            std::uint64_t word = 0;
            std::memcpy(&word, p + n, sizeof word);
            if (const std::uint64_t ends = mark(word); ends != 0) {
                n += static_cast<std::size_t>(std::countr_zero(ends)) / 8;
                break;
            }
        }
    } else {
        while (n < limit && is_run(p[n])) {
            ++n;
        }
    }
    return n < limit ? n : limit;
}

inline constexpr std::uint64_t k_high_nibbles = 0xF0F0F0F0F0F0F0F0;
inline constexpr std::uint64_t k_zeros = 0x3030303030303030; // "00000000"

// The ASCII digits at `p`, at most `limit`. A byte is a digit when its high nibble is 3 both
// before and after adding 6; a carry out of a byte only disturbs the bytes after it, which
// lie past the first non-digit.
inline std::size_t digit_run(const char* p, std::size_t limit) {
    const auto mark = [](std::uint64_t w) {
        return ((w & k_high_nibbles) ^ k_zeros) |
               (((w + 0x0606060606060606) & k_high_nibbles) ^ k_zeros);
    };
    return run_length(p, limit, mark, is_digit);
}

// The '0' bytes at `p`, at most `limit`.
inline std::size_t zero_run(const char* p, std::size_t limit) {
    return run_length(
        p, limit, [](std::uint64_t w) { return w ^ k_zeros; }, [](char c) { return c == '0'; });
}

// What one scan of a number token tells.
struct NumberShape {
    bool valid = false;    // JSON's grammar, followed only by white space within the token
    bool integer = false;  // no fraction and no exponent
    bool exponent = false; // an exponent (then `decimals` is not set)
    int int_digits = 0;    // digits before the decimal point
    // Digits of the mantissa from its first nonzero one on. simdjson 3.0's on-demand
    // get_double reads some numbers with more than 19 wrongly (0.000199999990000000474974513
    // as 3.9e-10; found by fuzzing, see tests/fuzz/trace_reader/), so the tolerant path reads
    // those.
    int significant = 0;
    int decimals = 0; // digits after the decimal point, at most 100
};

// Scans `token`, a raw number token as simdjson delimits it (up to the next structural
// character, white space included).
inline NumberShape scan_number(std::string_view token) {
    NumberShape shape;
    const char* p = token.data();
    const char* const end = p + token.size();
    p += (p != end && *p == '-') ? 1 : 0;
    const char* const int_start = p;
    const auto int_digits = digit_run(p, static_cast<std::size_t>(end - p));
    if (int_digits == 0 || (*p == '0' && int_digits > 1)) {
        return shape; // no digits, or a leading zero
    }
    p += int_digits;
    std::size_t fraction = 0;
    std::size_t zeros = 0; // the fraction's leading zeros after an integer part of 0
    if (p != end && *p == '.') {
        ++p;
        fraction = digit_run(p, static_cast<std::size_t>(end - p));
        if (fraction == 0) {
            return shape;
        }
        zeros = *int_start == '0' ? zero_run(p, fraction) : 0;
        p += fraction;
    }
    shape.exponent = p != end && (*p == 'e' || *p == 'E');
    if (shape.exponent) {
        ++p;
        p += (p != end && (*p == '+' || *p == '-')) ? 1 : 0;
        const auto exponent_digits = digit_run(p, static_cast<std::size_t>(end - p));
        if (exponent_digits == 0) {
            return shape;
        }
        p += exponent_digits;
    }
    while (p != end && is_space(*p)) {
        ++p;
    }
    shape.valid = p == end;
    shape.integer = fraction == 0 && !shape.exponent;
    shape.int_digits = static_cast<int>(int_digits);
    const std::size_t mantissa = *int_start == '0' ? fraction - zeros : int_digits + fraction;
    shape.significant = static_cast<int>(mantissa < 1000 ? mantissa : 1000);
    shape.decimals = static_cast<int>(fraction < 100 ? fraction : 100);
    return shape;
}

} // namespace tracediff::fast_tokens
