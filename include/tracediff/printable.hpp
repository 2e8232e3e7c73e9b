// How text from outside shows where it leaves tracediff. Names come from files and the command
// line (paths, CSV column names, TensorBoard tags, JSON field names) and may hold any bytes: a
// NUL, an escape sequence, a line end, bytes in another encoding than UTF-8 (a cp1252 header,
// a Latin-1 file name). Reports must be valid UTF-8 (JSON, SVG and JUnit cannot hold anything
// else), and a message must stay one line on a terminal or a CI log whatever a name holds.
//
// Both are done one way, here: each byte that must not be shown as it is becomes the four
// characters \xNN (two capital hex digits), as excerpts of bad lines have always shown them.
// Everything else, non-ASCII UTF-8 included, is kept as it is.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tracediff {

namespace printable_detail {

// The length of the well-formed UTF-8 character that starts at text[i] (the Unicode
// standard's table 3-7: no overlong forms, no surrogates, nothing past U+10FFFF), or 0.
inline std::size_t utf8_length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) {
        return static_cast<unsigned char>(text[k]);
    };
    const unsigned char first = byte(i);
    if (first < 0x80) {
        return 1;
    }
    std::size_t length = 0;
    unsigned char low = 0x80;  // the range of the second byte
    unsigned char high = 0xBF; //
    if (first >= 0xC2 && first <= 0xDF) {
        length = 2;
    } else if (first >= 0xE0 && first <= 0xEF) {
        length = 3;
        low = first == 0xE0 ? 0xA0 : 0x80;
        high = first == 0xED ? 0x9F : 0xBF;
    } else if (first >= 0xF0 && first <= 0xF4) {
        length = 4;
        low = first == 0xF0 ? 0x90 : 0x80;
        high = first == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (i + length > text.size() || byte(i + 1) < low || byte(i + 1) > high) {
        return 0;
    }
    for (std::size_t k = 2; k < length; ++k) {
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) {
            return 0;
        }
    }
    return length;
}

inline void append_hex(std::string& out, unsigned char byte) {
    constexpr std::string_view k_digits = "0123456789ABCDEF";
    out += "\\x";
    out += k_digits[byte >> 4];
    out += k_digits[byte & 0xF];
}

// `text` with \xNN for every byte outside well-formed UTF-8 and, when `controls`, for the
// control characters (C0, DEL and C1, U+0080 to U+009F) that are not in `kept`.
inline std::string escape(std::string_view text, bool controls, std::string_view kept) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte >= 0x20 && byte < 0x7F) {
            out += text[i++];
            continue;
        }
        const std::size_t length = utf8_length(text, i);
        const bool c0 = length == 1 && kept.find(text[i]) == std::string_view::npos;
        const bool c1 =
            length == 2 && byte == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0;
        if (length == 0 || (controls && (c0 || c1))) {
            for (std::size_t k = 0; k < (length == 0 ? 1 : length); ++k) {
                append_hex(out, static_cast<unsigned char>(text[i + k]));
            }
            i += length == 0 ? 1 : length;
            continue;
        }
        out.append(text.substr(i, length));
        i += length;
    }
    return out;
}

} // namespace printable_detail

// `text` as valid UTF-8: every byte that is not part of a well-formed UTF-8 character as
// \xNN. For reports, whose line ends and tabs are their own.
inline std::string valid_utf8(std::string_view text) {
    return printable_detail::escape(text, false, "");
}

// `text` safe to print on one line: as valid_utf8, and control characters as \xNN too (NUL,
// ESC, line ends; those in `kept` stay). For messages and the names they quote.
inline std::string printable(std::string_view text, std::string_view kept = "") {
    return printable_detail::escape(text, true, kept);
}

} // namespace tracediff
