// Checks of raw JSON text that the fast path makes before and instead of converting it. Each
// token is looked at once: a number's bytes are classified sixteen at a time (SSE2), and
// every check the fast path needs (grammar, integer or not, significant digits, decimals) comes
// out of that one look. It may read up to 32 bytes from a token's start: the fast path's input
// is followed by k_line_padding readable bytes.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

// What one look at a number token tells.
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

// scan_number for any token, a byte at a time: for the few tokens scan_number leaves.
inline NumberShape scan_number_bytewise(std::string_view token) {
    NumberShape shape;
    std::size_t i = token.starts_with('-') ? 1 : 0;
    const std::size_t n = token.size();
    const auto digits_from = [&](std::size_t start) {
        while (i < n && is_digit(token[i])) {
            ++i;
        }
        return i - start;
    };
    const std::size_t int_start = i;
    const std::size_t int_digits = digits_from(int_start);
    if (int_digits == 0 || (token[int_start] == '0' && int_digits > 1)) {
        return shape; // no digits, or a leading zero
    }
    std::size_t fraction = 0;
    std::size_t zeros = 0; // leading zeros of the fraction after an integer part of 0
    if (i < n && token[i] == '.') {
        const std::size_t start = ++i;
        while (token[int_start] == '0' && i < n && token[i] == '0') {
            ++i;
        }
        zeros = i - start;
        fraction = zeros + digits_from(i);
        if (fraction == 0) {
            return shape;
        }
    }
    shape.exponent = i < n && (token[i] == 'e' || token[i] == 'E');
    if (shape.exponent) {
        i += (i + 1 < n && (token[i + 1] == '+' || token[i + 1] == '-')) ? 2 : 1;
        if (digits_from(i) == 0) {
            return shape;
        }
    }
    while (i < n && is_space(token[i])) {
        ++i;
    }
    shape.valid = i == n;
    shape.integer = fraction == 0 && !shape.exponent;
    shape.int_digits = static_cast<int>(int_digits < 1000 ? int_digits : 1000);
    const std::size_t mantissa = token[int_start] == '0' ? fraction - zeros : int_digits + fraction;
    shape.significant = static_cast<int>(mantissa < 1000 ? mantissa : 1000);
    shape.decimals = static_cast<int>(fraction < 100 ? fraction : 100);
    return shape;
}

#if defined(__SSE2__)
// Which of the `length` (at most 24) bytes at `p` are what: bit i for byte i, read sixteen
// bytes at a time. Bits past `length` may be anything.
struct ByteMasks {
    std::uint32_t other = 0;  // not a digit
    std::uint32_t points = 0; // '.'
    std::uint32_t zeros = 0;  // '0'
};

inline ByteMasks byte_masks(const char* p, std::size_t length) {
    ByteMasks masks;
    for (unsigned half = 0; 16 * half < length; ++half) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * half));
        const __m128i offsets = _mm_sub_epi8(bytes, _mm_set1_epi8('0'));
        const __m128i digits = _mm_cmpeq_epi8(_mm_min_epu8(offsets, _mm_set1_epi8(9)), offsets);
        const auto bits = [](__m128i hits) {
            return static_cast<std::uint32_t>(_mm_movemask_epi8(hits));
        };
        masks.other |= (~bits(digits) & 0xFFFF) << (16 * half);
        masks.points |= bits(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('.'))) << (16 * half);
        masks.zeros |= bits(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('0'))) << (16 * half);
    }
    return masks;
}
#endif

// Looks at `token`, a raw number token as simdjson delimits it (up to the next structural
// character, white space included). A token of up to 24 bytes that holds only digits and at
// most one point after its sign (nearly all) takes one look at its bytes, reading up to 32
// bytes from its start; others are scanned a byte at a time.
inline NumberShape scan_number(std::string_view token) {
#if defined(__SSE2__)
    const std::size_t length = token.size();
    if (length == 0 || length > 24) {
        return scan_number_bytewise(token);
    }
    const char* const p = token.data();
    const ByteMasks masks = byte_masks(p, length);
    const std::uint32_t inside = (std::uint32_t{1} << length) - 1;
    const int sign = p[0] == '-' ? 1 : 0;
    const std::uint32_t other = masks.other & inside & ~static_cast<std::uint32_t>(sign);
    const std::uint32_t point = masks.points & inside;
    if (other != point || (point & (point - 1)) != 0) {
        return scan_number_bytewise(token); // an exponent, white space, or not a number
    }
    const int int_end = point != 0 ? std::countr_zero(point) : static_cast<int>(length);
    const int int_digits = int_end - sign;
    const int fraction = point != 0 ? static_cast<int>(length) - int_end - 1 : 0;
    NumberShape shape;
    if (int_digits == 0 || (point != 0 && fraction == 0) || (p[sign] == '0' && int_digits > 1)) {
        return shape; // no digits before or after the point, or a leading zero
    }
    shape.valid = true;
    shape.integer = point == 0;
    shape.int_digits = int_digits;
    shape.decimals = fraction;
    if (p[sign] != '0') {
        shape.significant = int_digits + fraction;
    } else if (fraction != 0) {
        // The zeros that lead the fraction (the bytes past the token count as nonzero).
        const std::uint32_t nonzero = ~masks.zeros | ~inside;
        shape.significant = fraction - std::countr_zero(nonzero >> (int_end + 1));
    }
    return shape;
#else
    return scan_number_bytewise(token);
#endif
}

} // namespace tracediff::fast_tokens
