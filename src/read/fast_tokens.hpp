// Checks of raw JSON text that the fast path makes before and instead of converting it. Each
// token is looked at once: a number's bytes are classified sixteen at a time (SSE2), and
// every check the fast path needs (where it ends, grammar, integer or not, significant digits,
// decimals) comes out of that one look. It reads 32 bytes from a token's start: the fast
// path's input is followed by k_line_padding readable bytes.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
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

// Where the plain string whose raw text starts at `raw` (just after its opening quote) ends:
// its closing quote, when every byte before it within [raw, end) is plain (plain_name_byte);
// nullptr otherwise (an escape, a control character, a non-ASCII byte, no closing quote).
inline const char* plain_string_end(const char* raw, const char* end) {
    while (raw < end && plain_name_byte(*raw)) {
        ++raw;
    }
    return raw < end && *raw == '"' ? raw : nullptr;
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
    // Digits of the mantissa from its first nonzero one on. The fast path reads mantissas of
    // at most 19 (one 64-bit integer holds them) and leaves longer ones to the tolerant path.
    int significant = 0;
    int decimals = 0; // digits after the decimal point, at most 100
};

// Whether `c` can be part of a JSON number.
inline bool number_byte(char c) {
    return is_digit(c) || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+';
}

// The shape of `token`, a byte at a time (white space after it is allowed).
inline NumberShape token_shape(std::string_view token) {
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

// scan_number a byte at a time: for the few tokens scan_number leaves.
inline NumberShape scan_number_bytewise(const char* p, const char* end, const char*& token_end) {
    const char* q = p;
    while (q < end && number_byte(*q)) {
        ++q;
    }
    token_end = q;
    return token_shape(std::string_view(p, static_cast<std::size_t>(q - p)));
}

// A number token of the common kind: an optional '-', digits without a leading zero, and
// optionally a point and more digits; no exponent.
struct PlainNumber {
    const char* end = nullptr; // where the token ends
    bool negative = false;
    int int_digits = 0; // digits before the point
    int fraction = 0;   // digits after it; 0 without a point
};

// Reads the token at `p` (which must hold a digit or '-') as a PlainNumber when it is one and
// has at most 31 digits and point; false otherwise (anything else, valid or not: scan_number
// says what it is). Looks at the 32 bytes after the sign at once (SSE2), which must be readable.
inline bool plain_number(const char* p, const char* end, PlainNumber& n) {
#if defined(__SSE2__)
    const auto room = static_cast<std::size_t>(end - p);
    n.negative = p[0] == '-';
    const char* const q = p + (n.negative ? 1 : 0);
    std::uint32_t numberish = 0;
    std::uint32_t points = 0;
    for (unsigned half = 0; half < 2; ++half) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q + 16 * half));
        const __m128i offsets = _mm_sub_epi8(bytes, _mm_set1_epi8('0'));
        const __m128i digits = _mm_cmpeq_epi8(_mm_min_epu8(offsets, _mm_set1_epi8(9)), offsets);
        const __m128i point = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('.'));
        numberish |= static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_or_si128(digits, point)))
                     << (16 * half);
        points |= static_cast<std::uint32_t>(_mm_movemask_epi8(point)) << (16 * half);
    }
    const std::uint32_t stops = ~numberish;
    if (stops == 0) {
        return false; // 32 digits and points, or more
    }
    auto length = static_cast<std::size_t>(std::countr_zero(stops));
    const std::size_t sign = n.negative ? 1 : 0;
    if (length + sign >= room) {
        length = room - sign; // the token ends with the input
    } else if (number_byte(q[length])) {
        return false; // an exponent, or not a number
    }
    const std::uint32_t point = points & ((std::uint32_t{1} << length) - 1);
    if ((point & (point - 1)) != 0) {
        return false; // two points
    }
    n.end = q + length;
    n.int_digits = point != 0 ? std::countr_zero(point) : static_cast<int>(length);
    n.fraction = point != 0 ? static_cast<int>(length) - n.int_digits - 1 : 0;
    // Digits before the point and after it, and no leading zero.
    return n.int_digits != 0 && (point == 0 || n.fraction != 0) &&
           (q[0] != '0' || n.int_digits == 1);
#else
    (void)p;
    (void)end;
    (void)n;
    return false;
#endif
}

// The value of the `count` decimal digits at `p` appended to `value` (value * 10^count + them),
// eight at a time: eight ASCII digits loaded as one little-endian word, paired into four
// two-digit numbers, then into two of four digits, then one of eight, by multiplications
// whose carries cannot reach the next lane. The caller knows they are digits and that the
// result fits.
inline std::uint64_t append_digits(std::uint64_t value, const char* p, int count) {
    for (; std::endian::native == std::endian::little && count >= 8; count -= 8, p += 8) {
        std::uint64_t v = 0;
        std::memcpy(&v, p, sizeof v);
        v -= 0x3030303030303030u; // each byte a digit, the first one lowest
        v = v * 10 + (v >> 8);    // byte 2k: 10 * digit 2k + digit 2k+1
        const std::uint64_t pairs = v & 0x000000FF000000FFu;          // pairs 0 and 2
        const std::uint64_t others = (v >> 16) & 0x000000FF000000FFu; // pairs 1 and 3
        // Bits 32-63: 1000000 * pair 0 + 100 * pair 2 (the first product), + 10000 * pair 1 +
        // pair 3 (the second): the eight digits' value, below 10^8 < 2^32.
        v = (pairs * (100 + (std::uint64_t{1000000} << 32)) +
             others * (1 + (std::uint64_t{10000} << 32))) >>
            32;
        value = value * 100000000u + v;
    }
    for (; count > 0; --count, ++p) {
        value = value * 10 + static_cast<std::uint64_t>(*p - '0');
    }
    return value;
}

// The significant digits of a PlainNumber that starts at `p`: from its first nonzero digit on.
inline int significant_digits(const char* p, const PlainNumber& n) {
    const char* q = p + (n.negative ? 1 : 0);
    if (q[0] != '0') {
        return n.int_digits + n.fraction;
    }
    int zeros = 0; // after "0."
    while (zeros < n.fraction && q[2 + zeros] == '0') {
        ++zeros;
    }
    return n.fraction - zeros;
}

// Finds the number token that starts at `p` (its bytes up to the first that cannot be part of
// a number, or `end`), sets `token_end` and says what the token is. Plain numbers (nearly all)
// take one look at the 32 bytes after the sign; others are scanned a byte at a time.
inline NumberShape scan_number(const char* p, const char* end, const char*& token_end) {
    PlainNumber n;
    if (p >= end || !plain_number(p, end, n)) {
        return scan_number_bytewise(p, end, token_end);
    }
    token_end = n.end;
    NumberShape shape;
    shape.valid = true;
    shape.integer = n.fraction == 0;
    shape.int_digits = n.int_digits;
    shape.decimals = n.fraction;
    shape.significant = significant_digits(p, n);
    return shape;
}

} // namespace tracediff::fast_tokens
