// The logging resolution of a trace and float32 ULPs (drift.hpp).
#include "tracediff/compare/drift.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace tracediff {

namespace {

// Fewer values than this cannot show a fixed number of decimals.
constexpr std::size_t k_min_values_for_resolution = 10;

// Room for the binary rounding of decimal values: 2.015347 - 2.015346 is 1.0000000000287557e-06.
constexpr double k_resolution_slack = 1e-6;

} // namespace

double Resolution::value() const {
    return full_precision ? 0.0 : std::pow(10.0, -decimals);
}

Resolution resolution_of(const DecimalText& text) {
    // A trace written with a fixed number of decimals d has (nearly) every value written with d
    // decimals; one written in shortest round-trip form has a varying, usually large number.
    // With too few values to tell, assume full precision: nothing gets marked.
    Resolution r;
    if (text.values < k_min_values_for_resolution || text.most < 1 ||
        text.most > k_full_precision_decimals || 2 * text.at_most < text.values) {
        return r;
    }
    r.decimals = text.most;
    r.full_precision = false;
    return r;
}

Resolution coarser(const Resolution& x, const Resolution& y) {
    if (x.full_precision) {
        return y;
    }
    if (y.full_precision) {
        return x;
    }
    return x.decimals <= y.decimals ? x : y;
}

bool at_resolution(double delta, const Resolution& resolution) {
    return !resolution.full_precision && std::isfinite(delta) &&
           delta <= resolution.value() * (1 + k_resolution_slack);
}

double float32_ulps(double a, double b) {
    const double magnitude = std::max(std::fabs(a), std::fabs(b));
    // A float32 with exponent e (magnitude in [2^e, 2^(e+1))) has 23 fraction bits, so its
    // ulp is 2^(e-23); below the normal range the spacing stays 2^-149.
    int exponent = 0;
    std::frexp(magnitude, &exponent); // magnitude = f * 2^exponent, f in [0.5, 1)
    const int e = std::max(exponent - 1, -126);
    const double ulp = magnitude == 0.0 ? std::ldexp(1.0, -149) : std::ldexp(1.0, e - 23);
    return step_delta(a, b) / ulp;
}

std::optional<double> few_float32_ulps(double a, double b) {
    const auto is_float32 = [](double v) {
        return std::isfinite(v) && static_cast<double>(static_cast<float>(v)) == v;
    };
    if (!is_float32(a) || !is_float32(b)) {
        return std::nullopt;
    }
    const double ulps = float32_ulps(a, b);
    if (ulps > k_few_ulps) {
        return std::nullopt;
    }
    return ulps;
}

} // namespace tracediff
