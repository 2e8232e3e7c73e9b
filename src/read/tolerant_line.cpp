#include "tolerant_line.hpp"

#include "tracediff/read/read_options.hpp"

#include <fmt/format.h>

#include <limits>
#include <unordered_set>
#include <vector>

#include "json_duplicates.hpp"
#include "trace_lines.hpp"

namespace tracediff {

namespace {

using namespace trace_lines;

void check_limits(std::string_view line) {
    if (line.size() > k_max_line_bytes) {
        throw LineError{
            fmt::format("a line longer than {} MiB; is this a trace?", k_max_line_bytes >> 20)};
    }
    const LineShape shape = shape_of(line);
    if (shape.max_depth > k_max_nesting) {
        throw LineError{
            fmt::format("arrays and objects nested deeper than {} levels", k_max_nesting)};
    }
    if (shape.members > k_max_members) {
        throw LineError{fmt::format("more than {} object members in one line", k_max_members)};
    }
}

// Parses JSON text; a member named twice in one object is an error.
Json parse_rejecting_duplicates(std::string_view text) {
    std::string duplicate;
    Json record = parse_noting_duplicates<Json>(text, duplicate);
    if (!duplicate.empty()) {
        throw LineError{fmt::format("the member '{}' appears twice in one object", duplicate)};
    }
    return record;
}

} // namespace

std::variant<TolerantRecord, UnparsableLine> parse_tolerant_line(std::string_view line) {
    check_limits(line);
    TolerantRecord record;
    try {
        const auto rewritten = replace_nonfinite_tokens(line);
        record.markers = rewritten.has_value();
        if (record.markers && line.find("\\u0000") != std::string_view::npos) {
            // A string of the file could be taken for a non-finite marker.
            throw LineError{"a line with both a bare NaN or Infinity token and the escape "
                            "\\u0000 cannot be read unambiguously"};
        }
        record.value =
            parse_rejecting_duplicates(record.markers ? std::string_view(*rewritten) : line);
    } catch (const Json::parse_error& e) {
        // Columns are counted in the text that was parsed; with non-finite tokens replaced they
        // may be off by a few, which only moves the caret.
        return UnparsableLine{parse_error_reason(e.what()), e.byte == 0 ? 1 : e.byte};
    } catch (const Json::exception& e) {
        // Valid syntax but a value the parser cannot hold, such as a number too large for a
        // double. That is never a truncated write, so it is an error wherever it stands.
        throw LineError{fmt::format("unreadable value: {}", parse_error_reason(e.what()))};
    }
    if (const auto nul = line.find('\0'); nul != std::string_view::npos) {
        // nlohmann/json takes a NUL byte outside a string for the end of the text and ignores
        // what follows it (one inside a string is an error already).
        return UnparsableLine{"NUL byte", nul + 1};
    }
    return record;
}

std::optional<double> number_of(const Json& value, bool markers) {
    if (value.is_number()) {
        return value.get<double>();
    }
    if (markers && value.is_string()) {
        const auto& s = value.get_ref<const std::string&>();
        if (s == k_nan_marker) {
            return std::numeric_limits<double>::quiet_NaN();
        }
        if (s == k_inf_marker) {
            return std::numeric_limits<double>::infinity();
        }
        if (s == k_neg_inf_marker) {
            return -std::numeric_limits<double>::infinity();
        }
    }
    return std::nullopt;
}

Json resolve_markers(Json value) {
    if (value.is_string()) {
        if (const auto number = number_of(value, true)) {
            value = *number;
        }
    } else if (value.is_structured()) {
        for (auto& member : value) {
            member = resolve_markers(std::move(member));
        }
    }
    return value;
}

std::string describe_value(const Json& value, bool markers) {
    if (markers && value.is_string()) {
        const auto& s = value.get_ref<const std::string&>();
        if (!s.empty() && s.front() == '\0') {
            return s.substr(1);
        }
    }
    std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
    if (text.size() > 40) {
        text = text.substr(0, 37) + "...";
    }
    return text;
}

std::string type_of(const Json& value, bool markers) {
    if (value.is_string() && number_of(value, markers)) {
        return "number";
    }
    return value.type_name();
}

} // namespace tracediff
