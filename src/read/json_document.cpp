#include "json_document.hpp"

#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/read/read_options.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <unordered_set>
#include <vector>

#include "json_duplicates.hpp"
#include "trace_lines.hpp"

namespace tracediff {

namespace {

std::string read_all(InputFile& input, const std::string& display) {
    if (const auto size = input.plain_size(); size && *size > k_max_document_bytes) {
        throw Error(fmt::format("{}: the file is {}; a JSON document may be at most {} MiB",
                                display, describe_size(*size), k_max_document_bytes >> 20));
    }
    std::string text;
    constexpr std::size_t k_chunk = std::size_t{64} << 10;
    for (;;) {
        const std::size_t have = text.size();
        text.resize(have + k_chunk);
        const std::size_t got = input.read(text.data() + have, k_chunk);
        text.resize(have + got);
        if (got == 0) {
            return text;
        }
        if (text.size() > k_max_document_bytes) {
            throw Error(fmt::format("{}: a JSON document larger than {} MiB", display,
                                    k_max_document_bytes >> 20));
        }
    }
}

// "PATH:LINE: malformed JSON at column C: REASON" for byte `offset` (0-based) of `text`.
[[noreturn]] void fail_at(const std::string& display, std::string_view text, std::size_t offset,
                          const std::string& reason) {
    offset = std::min(offset, text.size());
    const std::string_view before = text.substr(0, offset);
    const std::size_t line =
        static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
    const std::size_t line_start =
        before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
    throw Error(fmt::format("{}:{}: malformed JSON at column {}: {}", display, line + 1,
                            offset - line_start + 1, reason));
}

nlohmann::json parse_rejecting_duplicates(const std::string& display, std::string_view text) {
    std::string duplicate;
    nlohmann::json document;
    try {
        document = parse_noting_duplicates<nlohmann::json>(text, duplicate);
    } catch (const nlohmann::json::parse_error& e) {
        fail_at(display, text, e.byte == 0 ? 0 : e.byte - 1,
                trace_lines::parse_error_reason(e.what()));
    } catch (const nlohmann::json::exception& e) {
        throw Error(fmt::format("{}: unreadable value: {}", display,
                                trace_lines::parse_error_reason(e.what())));
    }
    if (!duplicate.empty()) {
        throw Error(
            fmt::format("{}: the member '{}' appears twice in one object", display, duplicate));
    }
    return document;
}

} // namespace

nlohmann::json read_json_document(InputFile& input, const std::string& display) {
    std::string text = read_all(input, display);
    if (text.find('\0') != std::string::npos) {
        fail_at(display, text, text.find('\0'), "NUL byte");
    }
    if (trace_lines::shape_of(text).max_depth > k_max_nesting) {
        throw Error(fmt::format("{}: arrays and objects nested deeper than {} levels", display,
                                k_max_nesting));
    }
    const auto rewritten = trace_lines::replace_nonfinite_tokens(text);
    if (rewritten && text.find("\\u0000") != std::string::npos) {
        throw Error(fmt::format("{}: a document with both a bare NaN or Infinity token and the "
                                "escape \\u0000 cannot be read unambiguously",
                                display));
    }
    return parse_rejecting_duplicates(display, rewritten ? *rewritten : text);
}

std::optional<double> document_number(const nlohmann::json& value) {
    if (value.is_number()) {
        return value.get<double>();
    }
    if (value.is_string()) {
        const auto& s = value.get_ref<const std::string&>();
        if (s == trace_lines::k_nan_marker) {
            return std::numeric_limits<double>::quiet_NaN();
        }
        if (s == trace_lines::k_inf_marker) {
            return std::numeric_limits<double>::infinity();
        }
        if (s == trace_lines::k_neg_inf_marker) {
            return -std::numeric_limits<double>::infinity();
        }
    }
    return std::nullopt;
}

std::string describe_document_value(const nlohmann::json& value) {
    if (value.is_string()) {
        const auto& s = value.get_ref<const std::string&>();
        if (!s.empty() && s.front() == '\0') {
            return s.substr(1);
        }
    }
    std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (text.size() > 40) {
        text = text.substr(0, 37) + "...";
    }
    return text;
}

} // namespace tracediff
