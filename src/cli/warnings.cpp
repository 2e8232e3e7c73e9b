// Warnings on standard error: what the reports leave out or cannot vouch for.
#include "tracediff/cli/common.hpp"
#include "tracediff/compare/header_check.hpp"
#include "tracediff/printable.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdio>

namespace tracediff::cli {

void warn(const std::string& message) {
    std::fflush(stdout);
    fmt::print(stderr, "tracediff: warning: {}\n", printable(message));
}

void warn_about_headers(const Trace& a, const Trace& b, const std::string& label_a,
                        const std::string& label_b) {
    const HeaderVerdict verdict = compare_headers(a.header, b.header);
    if (!verdict.mismatch()) {
        return;
    }
    if (!verdict.both_have_headers()) {
        warn(fmt::format("only '{}' has a header, so '{}' and '{}' cannot be checked to be the "
                         "same network and configuration",
                         verdict.a_has_header ? label_a : label_b, label_a, label_b));
        return;
    }
    std::vector<std::string> parts;
    for (const auto& d : verdict.differences) {
        parts.push_back(describe_difference(d));
    }
    warn(fmt::format("the headers of '{}' and '{}' differ: {}", label_a, label_b,
                     fmt::join(parts, "; ")));
}

void warn_about_coverage(const PairRow& row, const std::string& label_a,
                         const std::string& label_b) {
    const Coverage& c = row.coverage;
    if (c.compared == 0) {
        warn(fmt::format("'{}' and '{}' have no step in common", label_a, label_b));
    } else if (c.only_a > 0 || c.only_b > 0) {
        auto steps = [](std::size_t n) {
            return n == 1 ? std::string("1 step") : fmt::format("{} steps", n);
        };
        std::vector<std::string> parts;
        if (c.only_a > 0) {
            parts.push_back(fmt::format("{} only in '{}'", steps(c.only_a), label_a));
        }
        if (c.only_b > 0) {
            parts.push_back(fmt::format("{} only in '{}'", steps(c.only_b), label_b));
        }
        warn(fmt::format("'{}' vs '{}': {} {} not compared", label_a, label_b,
                         fmt::join(parts, " and "), c.only_a + c.only_b == 1 ? "is" : "are"));
    }
}

} // namespace tracediff::cli
