// A table prepares each trace's series once (prepare_series): which traces share their steps,
// and which values are written in full. A pair of prepared series must give the statistics of
// the pair compared on its own, bit for bit.
#include "tracediff/compare/pair.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "../../support/same_stats.hpp"

namespace tracediff {
namespace {

constexpr double k_inf = std::numeric_limits<double>::infinity();
constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

using testing::expect_same_stats;

// A value and the decimals it was written with: short decimals (exact deltas apply), 16 or
// 17 significant digits (written in full), a finite value without decimals, NaN, infinities.
std::pair<double, int> value_of(std::mt19937& random) {
    switch (random() % 8) {
    case 0:
        return {2.3766889572143555, 16}; // in full
    case 1:
        return {0.05123456789012345, 17}; // in full
    case 2:
        return {random() % 2 == 0 ? k_nan : (random() % 2 == 0 ? k_inf : -k_inf), -1};
    case 3:
        return {static_cast<double>(random() % 2000) / 1000.0, -1};
    default:
        return {static_cast<double>(random() % 2000) / 1000.0, static_cast<int>(random() % 4)};
    }
}

Trace trace_of(const Series& s) {
    Trace t;
    t.fields.push_back(FieldSeries{"loss", s, 0, 0});
    return t;
}

TEST(PreparedSeries, PairsGiveTheStatisticsOfThePairAlone) {
    std::mt19937 random(5);
    for (int round = 0; round < 300; ++round) {
        // Four traces: the first two with the same steps, the third with other steps; values
        // all written in full in some traces, with decimals or not.
        std::vector<Trace> traces;
        const bool all_in_full = random() % 3 == 0;
        for (int t = 0; t < 4; ++t) {
            Series s;
            const int n = static_cast<int>(random() % 40);
            const bool decimal_text = random() % 4 != 0;
            for (int i = 0; i < n; ++i) {
                s.steps.push_back(t == 2 ? 2 * i + 1 : i + 1);
                auto [value, decimals] = value_of(random);
                if (all_in_full && t % 2 == 0 && decimals >= 0) {
                    value = 2.3766889572143555 + i;
                    decimals = 16;
                }
                s.values.push_back(value);
                if (decimal_text) {
                    s.decimals.push_back(static_cast<std::int8_t>(decimals));
                }
            }
            traces.push_back(trace_of(s));
        }
        const std::vector<PreparedSeries> prepared = prepare_series(traces, "loss");
        for (std::size_t a = 0; a < traces.size(); ++a) {
            for (std::size_t b = 0; b < traces.size(); ++b) {
                const PairRow x = compare_pair(prepared[a], prepared[b], a, b, StatScope::all);
                const PairRow y = compare_pair(traces[a], traces[b], a, b, "loss");
                expect_same_stats(x.stats, y.stats, round);
                EXPECT_EQ(x.coverage.compared, y.coverage.compared);
                EXPECT_EQ(x.coverage.only_a, y.coverage.only_a);
            }
        }
    }
}

TEST(PreparedSeries, TracesWithTheSameStepsShareAGroup) {
    const Series one{{1, 2, 3}, {1.0, 2.0, 3.0}};
    const Series other{{1, 2, 4}, {1.0, 2.0, 3.0}};
    const std::vector<Trace> traces{trace_of(one), trace_of(other), trace_of(one), trace_of(other)};
    const auto prepared = prepare_series(traces, "loss");
    EXPECT_EQ(prepared[0].step_group, 0u);
    EXPECT_EQ(prepared[1].step_group, 1u);
    EXPECT_EQ(prepared[2].step_group, 0u);
    EXPECT_EQ(prepared[3].step_group, 1u);
}

TEST(PreparedSeries, ValuesWrittenInFull) {
    EXPECT_TRUE(written_in_full(2.3766889572143555, 16));
    EXPECT_TRUE(written_in_full(k_nan, 3));
    EXPECT_TRUE(written_in_full(1.5, 23));
    EXPECT_FALSE(written_in_full(10.37919, 5));
    EXPECT_FALSE(written_in_full(1.5, -1)); // the other value's decimals may apply
    // 15 significant digits are exact, 16 are in full.
    EXPECT_FALSE(written_in_full(0.123456789012345, 15));
    EXPECT_TRUE(written_in_full(0.1234567890123456, 16));
}

} // namespace
} // namespace tracediff
