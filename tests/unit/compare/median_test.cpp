// The median of many deltas is selected on their bit patterns (compare/median.cpp): it must be
// the median of the sorted values, bit for bit, whatever the deltas look like.
#include "tracediff/compare/stats.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

namespace tracediff {
namespace {

// The definition, by sorting.
double sorted_median(std::vector<double> d) {
    std::sort(d.begin(), d.end());
    const std::size_t n = d.size();
    return n % 2 == 1 ? d[n / 2] : std::midpoint(d[n / 2 - 1], d[n / 2]);
}

void expect_median(std::vector<double> d, const char* what) {
    const double expected = sorted_median(d);
    const double got = median_of(d);
    EXPECT_EQ(got, expected) << what << ", " << d.size() << " deltas";
}

TEST(Median, SelectionOnManyDeltasIsTheMedianOfTheSortedValues) {
    std::mt19937_64 random(11);
    const std::vector<std::pair<const char*, std::function<double()>>> shapes{
        // float32 values' differences: a few multiples of a few powers of two, many ties
        {"float32 ulps",
         [&] {
             return std::ldexp(static_cast<double>(random() % 30), -24 - int(random() % 4));
         }},
        {"uniform",
         [&] {
             return std::uniform_real_distribution<double>(0, 1e-3)(random);
         }},
        {"all equal",
         [] {
             return 0.25;
         }},
        {"zeros of both signs and subnormals",
         [&] {
             const int k = static_cast<int>(random() % 3);
             return k == 0 ? 0.0 : k == 1 ? -0.0 : 5e-324 * static_cast<double>(random() % 5);
         }},
        {"any finite bit pattern",
         [&] {
             const std::uint64_t bits = random() & 0x7fefffffffffffffULL;
             double d = 0.0;
             std::memcpy(&d, &bits, sizeof d);
             return d;
         }},
        {"two clusters",
         [&] {
             return random() % 2 == 0 ? 1e-9 : 1e9 + random() % 3;
         }},
        {"largest doubles",
         [&] {
             return std::numeric_limits<double>::max() / static_cast<double>(1 + random() % 4);
         }},
    };
    for (const auto& [what, next] : shapes) {
        for (const std::size_t n : {1024u, 1025u, 3000u, 3001u, 20000u}) {
            std::vector<double> d(n);
            std::generate(d.begin(), d.end(), next);
            expect_median(d, what);
        }
    }
}

TEST(Median, TheMiddleValuesMayHaveDifferentDigits) {
    // 1024 deltas: 512 of 1.0 and 512 of 2.0 (exponents differ), then of 1.0 and 1.5
    // (mantissas differ), then of two neighbouring doubles.
    for (const double high : {2.0, 1.5, std::nextafter(1.0, 2.0)}) {
        std::vector<double> d(1024, 1.0);
        std::fill(d.begin() + 512, d.end(), high);
        std::shuffle(d.begin(), d.end(), std::mt19937_64(3));
        expect_median(d, "two values");
    }
}

TEST(Median, NegativeOrNonFiniteValuesAreOrderedByComparison) {
    std::vector<double> d(2000);
    std::iota(d.begin(), d.end(), -1000.0);
    expect_median(d, "negative values");
    std::vector<double> with_inf(2001, 1.0);
    with_inf[7] = std::numeric_limits<double>::infinity();
    with_inf[9] = 3.0;
    EXPECT_EQ(median_of(with_inf), 1.0);
}

} // namespace
} // namespace tracediff
