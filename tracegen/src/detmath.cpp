#include "detmath.hpp"

#include <cmath>
#include <limits>

namespace tracegen {
namespace {

// ln 2 split in two: the high part has trailing zero bits, so k * ln2_hi is exact for the
// exponents that occur here (Cody and Waite's reduction).
constexpr double ln2_hi = 0.6931471803691238;
constexpr double ln2_lo = 1.9082149292705877e-10;
constexpr double inv_ln2 = 1.4426950408889634;
constexpr double ln2 = 0.6931471805599453;

// pi / 2 split the same way.
constexpr double half_pi_hi = 1.5707963267341256;
constexpr double half_pi_lo = 6.077100506506192e-11;
constexpr double two_over_pi = 0.6366197723675814;

// Taylor series of sin and cos for |r| <= pi / 4, summed from the smallest term up.
double sin_series(double r) {
    const double r2 = r * r;
    double term_sum = 0.0;
    // Horner form of r - r^3/3! + r^5/5! - ... up to r^19.
    for (int n = 19; n >= 3; n -= 2) {
        term_sum = (term_sum + ((n / 2) % 2 == 0 ? 1.0 : -1.0)) * r2 / (n * (n - 1));
    }
    return r + r * term_sum;
}

double cos_series(double r) {
    const double r2 = r * r;
    double term_sum = 0.0;
    // Horner form of 1 - r^2/2! + r^4/4! - ... up to r^20.
    for (int n = 20; n >= 2; n -= 2) {
        term_sum = (term_sum + ((n / 2) % 2 == 0 ? 1.0 : -1.0)) * r2 / (n * (n - 1));
    }
    return 1.0 + term_sum;
}

} // namespace

double det_exp(double x) {
    if (std::isnan(x)) {
        return x;
    }
    if (x > 709.0) {
        return std::numeric_limits<double>::infinity();
    }
    if (x < -745.0) {
        return 0.0;
    }
    // x = k ln2 + r with |r| <= ln2 / 2, so exp(x) = 2^k exp(r).
    const double k = std::floor(x * inv_ln2 + 0.5);
    const double r = (x - k * ln2_hi) - k * ln2_lo;
    // Taylor series of exp(r) to r^14 / 14!, in Horner form.
    double series = 1.0;
    for (int n = 14; n >= 1; --n) {
        series = 1.0 + series * r / n;
    }
    return std::ldexp(series, static_cast<int>(k));
}

double det_log(double x) {
    if (std::isnan(x) || x < 0.0) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    if (x == 0.0) {
        return -std::numeric_limits<double>::infinity();
    }
    if (std::isinf(x)) {
        return x;
    }
    // x = m 2^e with m in [sqrt(1/2), sqrt(2)); log m = 2 atanh(f) with f = (m-1)/(m+1).
    int e = 0;
    double m = std::frexp(x, &e);
    if (m < 0.7071067811865476) {
        m *= 2.0;
        e -= 1;
    }
    const double f = (m - 1.0) / (m + 1.0);
    const double f2 = f * f;
    // |f| < 0.172, so the odd series f + f^3/3 + f^5/5 + ... to f^25 is ample.
    double series = 0.0;
    for (int n = 25; n >= 3; n -= 2) {
        series = (series + 1.0 / n) * f2;
    }
    const double log_m = 2.0 * (f + f * series);
    return e * ln2 + log_m;
}

double det_cos(double x) {
    if (!std::isfinite(x)) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    // x = k pi/2 + r with |r| <= pi/4; the quadrant k mod 4 picks +-sin or +-cos of r.
    const double k = std::floor(x * two_over_pi + 0.5);
    const double r = (x - k * half_pi_hi) - k * half_pi_lo;
    const long long quadrant = static_cast<long long>(std::fmod(k, 4.0) + 4.0) % 4;
    switch (quadrant) {
    case 0:
        return cos_series(r);
    case 1:
        return -sin_series(r);
    case 2:
        return -cos_series(r);
    default:
        return sin_series(r);
    }
}

} // namespace tracegen
