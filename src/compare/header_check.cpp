#include "tracediff/compare/header_check.hpp"

#include <fmt/format.h>

#include <cmath>

namespace tracediff {

namespace {

bool same_number(const Json& x, const Json& y) {
    const bool x_int = x.is_number_integer(); // true for unsigned too
    const bool y_int = y.is_number_integer();
    if (x_int && y_int) {
        const bool x_neg = !x.is_number_unsigned() && x.get<std::int64_t>() < 0;
        const bool y_neg = !y.is_number_unsigned() && y.get<std::int64_t>() < 0;
        if (x_neg || y_neg) {
            return x_neg && y_neg && x.get<std::int64_t>() == y.get<std::int64_t>();
        }
        return x.get<std::uint64_t>() == y.get<std::uint64_t>();
    }
    const double dx = x.get<double>();
    const double dy = y.get<double>();
    return dx == dy || (std::isnan(dx) && std::isnan(dy));
}

void collect_differences(const std::string& path, const Json* a, const Json* b,
                         std::vector<HeaderDifference>& out) {
    if (a != nullptr && b != nullptr && a->is_object() && b->is_object()) {
        for (const auto& [key, value] : a->items()) {
            const auto other = b->find(key);
            collect_differences(path + "." + key, &value, other == b->end() ? nullptr : &*other,
                                out);
        }
        for (const auto& [key, value] : b->items()) {
            if (!a->contains(key)) {
                collect_differences(path + "." + key, nullptr, &value, out);
            }
        }
        return;
    }
    if (a != nullptr && b != nullptr && same_value(*a, *b)) {
        return;
    }
    if (a == nullptr && b == nullptr) {
        return;
    }
    HeaderDifference d;
    d.field = path;
    if (a != nullptr) {
        d.a = *a;
    }
    if (b != nullptr) {
        d.b = *b;
    }
    out.push_back(std::move(d));
}

std::string show(const std::optional<Json>& value) {
    if (value && value->is_number_float() && !std::isfinite(value->get<double>())) {
        const double d = value->get<double>();
        return std::isnan(d) ? "NaN" : (d > 0 ? "Infinity" : "-Infinity");
    }
    return value ? value->dump(-1, ' ', false, Json::error_handler_t::replace) : "(absent)";
}

} // namespace

bool same_value(const Json& x, const Json& y) {
    if (x.is_number() && y.is_number()) {
        return same_number(x, y);
    }
    if (x.type() != y.type()) {
        return false;
    }
    if (x.is_object()) {
        if (x.size() != y.size()) {
            return false;
        }
        for (const auto& [key, value] : x.items()) {
            const auto other = y.find(key);
            if (other == y.end() || !same_value(value, *other)) {
                return false;
            }
        }
        return true;
    }
    if (x.is_array()) {
        if (x.size() != y.size()) {
            return false;
        }
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (!same_value(x[i], y[i])) {
                return false;
            }
        }
        return true;
    }
    return x == y;
}

HeaderVerdict compare_headers(const std::optional<Json>& a, const std::optional<Json>& b) {
    HeaderVerdict verdict;
    verdict.a_has_header = a.has_value();
    verdict.b_has_header = b.has_value();
    if (!verdict.both_have_headers()) {
        return verdict;
    }
    for (const char* key : k_identity_fields) {
        const auto ia = a->find(key);
        const auto ib = b->find(key);
        collect_differences(key, ia == a->end() ? nullptr : &*ia, ib == b->end() ? nullptr : &*ib,
                            verdict.differences);
    }
    return verdict;
}

std::string describe_difference(const HeaderDifference& difference) {
    return fmt::format("{}: {} vs {}", difference.field, show(difference.a), show(difference.b));
}

} // namespace tracediff
