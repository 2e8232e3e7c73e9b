// Do two traces describe the same network, configuration and data?
//
// The identity fields of the headers are compared as JSON values, numbers by value, so that
// 0.001000 equals 0.001 and 128 equals 128.0.
#pragma once

#include "tracediff/read/trace.hpp"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace tracediff {

inline constexpr std::array<const char*, 5> k_identity_fields = {
    "netspec_name", "netspec_hash", "config", "total_params", "dataset"};

struct HeaderDifference {
    std::string field;     // a dotted path into the header, such as "config.lr"
    std::optional<Json> a; // empty when trace A's header lacks the field
    std::optional<Json> b;
};

struct HeaderVerdict {
    bool a_has_header = false;
    bool b_has_header = false;
    std::vector<HeaderDifference> differences; // only when both have a header

    bool both_have_headers() const { return a_has_header && b_has_header; }
    bool identical() const { return both_have_headers() && differences.empty(); }
    // True when the check found something to warn about: a difference or a missing header.
    bool mismatch() const { return a_has_header != b_has_header || !differences.empty(); }
};

HeaderVerdict compare_headers(const std::optional<Json>& a, const std::optional<Json>& b);

// JSON equality with numbers compared by value.
bool same_value(const Json& x, const Json& y);

// One line for a warning or a report: "config.lr: 0.001 vs 0.002".
std::string describe_difference(const HeaderDifference& difference);

} // namespace tracediff
