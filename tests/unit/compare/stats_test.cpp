#include "tracediff/compare/pair.hpp"
#include "tracediff/compare/stats.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

#include "../../support/same_stats.hpp"

namespace tracediff {
namespace {

constexpr double k_inf = std::numeric_limits<double>::infinity();
constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

// A pair over steps 1..n with the given values.
AlignedPair pair_of(const std::vector<double>& a, const std::vector<double>& b) {
    AlignedPair p;
    for (std::size_t i = 0; i < a.size(); ++i) {
        p.steps.push_back(static_cast<std::int64_t>(i + 1));
    }
    p.a = a;
    p.b = b;
    if (!a.empty()) {
        p.first_step = 1;
    }
    if (a.size() > 1) {
        p.second_step = 2;
    }
    return p;
}

TEST(Stats, DeltaIsTheAbsoluteDifference) {
    EXPECT_EQ(step_delta(2.419938802719116, 2.419939), std::fabs(2.419938802719116 - 2.419939));
    EXPECT_EQ(step_delta(1.0, 3.0), 2.0);
    EXPECT_EQ(step_delta(-0.0, 0.0), 0.0);
    EXPECT_TRUE(std::isnan(step_delta(k_nan, 1.0)));
    EXPECT_EQ(step_delta(k_inf, 1.0), k_inf);
    EXPECT_TRUE(std::isnan(step_delta(k_inf, k_inf)));
}

TEST(Stats, MedianOfAnOddCountIsTheMiddleValue) {
    std::vector<double> d{5, 1, 3};
    EXPECT_EQ(median_of(d), 3);
}

TEST(Stats, MedianOfAnEvenCountIsTheMeanOfTheMiddleTwo) {
    std::vector<double> d{4, 1, 3, 2};
    EXPECT_EQ(median_of(d), 2.5);
    std::vector<double> published{3.9008e-03, 1.0, 3.9059e-03, 0.0};
    EXPECT_EQ(median_of(published), (3.9008e-03 + 3.9059e-03) / 2);
}

TEST(Stats, MedianWithTies) {
    std::vector<double> d{2, 2, 2, 1, 3, 2};
    EXPECT_EQ(median_of(d), 2);
}

TEST(Stats, MedianWithZeros) {
    std::vector<double> d{0, 0, 0, 1};
    EXPECT_EQ(median_of(d), 0);
}

TEST(Stats, NonFiniteDeltasSortAboveFiniteOnes) {
    std::vector<double> d{k_nan, 1, k_inf, 2, 3};
    EXPECT_EQ(median_of(d), 3);
    std::vector<double> even{k_nan, 1, k_inf, 2};
    EXPECT_EQ(median_of(even), k_inf); // mean of 2 and inf
    std::vector<double> mostly_nan{k_nan, k_nan, 1};
    EXPECT_TRUE(std::isnan(median_of(mostly_nan)));
    std::vector<double> nan_and_inf{k_nan, k_inf};
    EXPECT_TRUE(std::isnan(median_of(nan_and_inf)));
}

TEST(Stats, MedianOfNothingIsNaN) {
    std::vector<double> d;
    EXPECT_TRUE(std::isnan(median_of(d)));
}

TEST(Stats, AllStatisticsOfASimplePair) {
    const PairStats s = compute_stats(pair_of({1.0, 2.0, 3.0, 4.0}, {1.0, 2.5, 2.0, 4.5}));
    ASSERT_TRUE(s.step1.has_value());
    EXPECT_TRUE(s.step1->available());
    EXPECT_EQ(s.step1->step, 1);
    EXPECT_EQ(s.step1->delta, 0.0);
    EXPECT_EQ(s.step2->delta, 0.5);
    EXPECT_EQ(s.compared, 4u);
    EXPECT_EQ(s.median, 0.5); // deltas 0, 0.5, 1, 0.5
    EXPECT_EQ(s.max, 1.0);
    EXPECT_EQ(s.max_step, 3);
    EXPECT_EQ(s.mean, 0.5);
    EXPECT_EQ(s.zero_deltas, 1u);
    EXPECT_EQ(s.nonfinite_deltas, 0u);
}

TEST(Stats, MaxReportsTheFirstStepOfATie) {
    const PairStats s = compute_stats(pair_of({0, 0, 0}, {1, 2, 2}));
    EXPECT_EQ(s.max, 2);
    EXPECT_EQ(s.max_step, 2);
}

TEST(Stats, AnyNonFiniteDeltaMakesMaxNonFinite) {
    const PairStats s = compute_stats(pair_of({0, 0, 0, 0}, {1, k_inf, 100, k_nan}));
    EXPECT_EQ(s.max, k_inf);
    EXPECT_EQ(s.max_step, 2);
    EXPECT_EQ(s.nonfinite_deltas, 2u);
    EXPECT_EQ(s.first_nonfinite_step, 2);
    EXPECT_TRUE(std::isnan(s.mean));
}

TEST(Stats, NaNAtStepOneIsReported) {
    const PairStats s = compute_stats(pair_of({k_nan, 1}, {1, 1}));
    EXPECT_TRUE(std::isnan(s.max));
    EXPECT_EQ(s.max_step, 1);
    EXPECT_TRUE(std::isnan(s.step1->delta));
    EXPECT_TRUE(std::isnan(s.median)); // mean of 0 and NaN
}

TEST(Stats, StepMissingFromOneTraceIsNotAvailable) {
    AlignedPair p;
    p.steps = {2, 3};
    p.a = {1, 1};
    p.b = {1, 2};
    p.only_b = {1};
    p.only_b_values = {0.75};
    p.first_step = 1;
    p.second_step = 2;
    const PairStats s = compute_stats(p);
    ASSERT_TRUE(s.step1.has_value());
    EXPECT_FALSE(s.step1->available());
    EXPECT_FALSE(s.step1->in_a);
    EXPECT_TRUE(s.step1->in_b);
    EXPECT_EQ(s.step1->b, 0.75);
    EXPECT_TRUE(s.step2->available());
    EXPECT_EQ(s.compared, 2u);
}

TEST(Stats, NoCommonSteps) {
    AlignedPair p;
    p.only_a = {1};
    p.only_a_values = {0.5};
    p.only_b = {2};
    p.only_b_values = {0.25};
    p.first_step = 1;
    p.second_step = 2;
    const PairStats s = compute_stats(p);
    EXPECT_EQ(s.compared, 0u);
    EXPECT_FALSE(s.step1->available());
    EXPECT_FALSE(s.step2->available());
    EXPECT_EQ(s.step1->a, 0.5);
    EXPECT_EQ(s.step2->b, 0.25);
}

// A step only A has carries A's value, and one only B has B's: a report shows the value the
// trace holds, never a placeholder (tests/data/step2_only_a.jsonl and step2_without_loss.jsonl).
TEST(Stats, StepOfOneTraceOnlyKeepsItsValue) {
    const Series a{{1, 2, 3}, {1.0, 0.5, 0.3}};
    const Series b{{1, 3, 4}, {1.0, 0.3, 0.125}};
    const AlignedPair pair = align(a, b);
    const PairStats s = compute_stats(pair);
    ASSERT_TRUE(s.step2.has_value());
    EXPECT_EQ(s.step2->step, 2);
    EXPECT_TRUE(s.step2->in_a);
    EXPECT_FALSE(s.step2->in_b);
    EXPECT_EQ(s.step2->a, 0.5);
    const StepDelta only_b = delta_at(pair, 4);
    EXPECT_FALSE(only_b.in_a);
    EXPECT_TRUE(only_b.in_b);
    EXPECT_EQ(only_b.b, 0.125);
    const StepDelta neither = delta_at(pair, 5);
    EXPECT_FALSE(neither.in_a || neither.in_b);
}

TEST(Stats, MeanOfDeltasNearTheLargestDouble) {
    // The sum overflows; the mean does not.
    const PairStats s = compute_stats(pair_of({1.5e308, 1.5e308, 1.2e308}, {0.0, 0.0, 0.0}));
    EXPECT_EQ(s.nonfinite_deltas, 0u);
    EXPECT_DOUBLE_EQ(s.mean, 1.4e308);
    EXPECT_TRUE(std::isfinite(s.mean));
    // An infinite delta still makes the mean infinite.
    EXPECT_EQ(compute_stats(pair_of({1.5e308, k_inf}, {0.0, 0.0})).mean, k_inf);
}

TEST(Stats, ADeltaTooLargeForADoubleIsTheLargestNotANonFiniteOne) {
    // 1e308 - -1e308 is 2e308, past the largest double: +inf as rounded, from finite values.
    const PairStats s = compute_stats(pair_of({1.0, 1e308, 2.0}, {1.0, -1e308, 1.0}));
    EXPECT_EQ(s.nonfinite_deltas, 0u);
    EXPECT_EQ(s.max, k_inf);
    EXPECT_EQ(s.max_step, 2);
    EXPECT_EQ(s.median, 1.0);
    // (0 + 2e308 + 1) / 3, from the half deltas.
    EXPECT_DOUBLE_EQ(s.mean, 1e308 / 3 * 2);
    // A NaN or infinite value is non-finite, as before.
    EXPECT_EQ(compute_stats(pair_of({1.0, k_inf}, {1.0, 1e308})).nonfinite_deltas, 1u);
}

// Two series with the same steps are compared where they lie (same_step_columns): every
// statistic is the one of the aligned pair, bit for bit, with decimals, NaN, infinities, ties
// and zeros among the values.
TEST(Stats, SeriesWithTheSameStepsGiveTheStatisticsOfTheAlignedPair) {
    std::mt19937 random(7);
    const double specials[] = {k_nan, k_inf, -k_inf, 0.0, 1e308, -1e308};
    for (int round = 0; round < 200; ++round) {
        Series a;
        Series b;
        const int n = static_cast<int>(random() % 40);
        const bool decimal_text = random() % 2 == 0;
        for (int i = 0; i < n; ++i) {
            a.steps.push_back(3 * i + 1);
            b.steps.push_back(3 * i + 1);
            const auto value = [&]() {
                if (random() % 10 == 0) {
                    return specials[random() % 6];
                }
                return static_cast<double>(random() % 2000) / 1000.0;
            };
            a.values.push_back(value());
            b.values.push_back(random() % 4 == 0 ? a.values.back() : value());
            if (decimal_text) {
                a.decimals.push_back(static_cast<std::int8_t>(random() % 4));
                b.decimals.push_back(static_cast<std::int8_t>(random() % 4));
            }
        }
        const std::optional<PairColumns> columns = same_step_columns(a, b);
        ASSERT_TRUE(columns);
        const PairStats x = compute_stats(*columns);
        const PairStats y = compute_stats(align(a, b));
        testing::expect_same_stats(x, y, round);
    }
    Series c{{1, 2}, {1.0, 2.0}};
    Series d{{1, 3}, {1.0, 2.0}};
    EXPECT_FALSE(same_step_columns(c, d));
}

// A matrix of step1 needs only the first two steps: the statistics over the compared steps are
// not computed, and asking for one is a programming error, never a silent number.
TEST(Stats, FirstStepsOnlyLeaveTheOtherStatisticsUncomputed) {
    const PairStats s =
        compute_stats(pair_of({1.0, 2.0, 3.0}, {1.5, 2.0, 9.0}), StatScope::first_steps);
    EXPECT_EQ(stat_value(s, PairStat::step1), 0.5);
    EXPECT_EQ(stat_value(s, PairStat::step2), 0.0);
    EXPECT_EQ(s.compared, 3u);
    EXPECT_FALSE(s.per_step);
    EXPECT_THROW(stat_value(s, PairStat::max), std::logic_error);
    EXPECT_THROW(stat_value(s, PairStat::median), std::logic_error);
    EXPECT_EQ(stat_value(compute_stats(pair_of({1.0, 2.0, 3.0}, {1.5, 2.0, 9.0})), PairStat::max),
              6.0);
}

} // namespace
} // namespace tracediff
