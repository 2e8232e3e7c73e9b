// Each drift analysis on series built so that the right answer is known by construction.
#include "tracediff/compare/drift.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace tracediff {
namespace {

// Steps 1..n; b = a + delta[i].
struct Built {
    Series a;
    Series b;
    AlignedPair pair;
    PairStats stats;
};

Built build(const std::vector<double>& a_values, const std::vector<double>& deltas) {
    Built x;
    for (std::size_t i = 0; i < a_values.size(); ++i) {
        const auto step = static_cast<std::int64_t>(i + 1);
        x.a.steps.push_back(step);
        x.a.values.push_back(a_values[i]);
        x.b.steps.push_back(step);
        x.b.values.push_back(a_values[i] + deltas[i]);
    }
    x.pair = align(x.a, x.b);
    x.stats = compute_stats(x.pair);
    return x;
}

DriftAnalysis analyze(const Built& x, const Series& epoch_a = {},
                      const std::optional<Json>& eval_a = std::nullopt,
                      const std::optional<Json>& eval_b = std::nullopt) {
    return analyze_drift(x.pair, x.stats, x.a, x.b, epoch_a, Series{}, eval_a, eval_b);
}

TEST(Drift, IdenticalPrefixAndFirstDifference) {
    const Built x = build({1.25, 1.5, 1.75, 2.0, 2.25}, {0, 0, 0, 0.5, 0});
    const DriftAnalysis d = analyze(x);
    EXPECT_EQ(d.identical_prefix_steps, 3u);
    ASSERT_TRUE(d.first_difference.has_value());
    EXPECT_EQ(d.first_difference->step, 4);
    EXPECT_EQ(d.first_difference->delta, 0.5);

    const Built same = build({1, 2}, {0, 0});
    EXPECT_EQ(analyze(same).identical_prefix_steps, 2u);
    EXPECT_FALSE(analyze(same).first_difference.has_value());
}

TEST(Drift, FirstStepAboveEachDecade) {
    // Deltas are powers of two, so a + delta - a is exactly delta.
    const double p = std::ldexp(1.0, -30); // 9.3e-10
    const std::vector<double> deltas{p,
                                     p * 256,
                                     p * 2048,
                                     p * 65536,
                                     p * 1048576,
                                     p * 16777216,
                                     std::ldexp(1.0, -2),
                                     std::ldexp(1.0, -1)};
    // 9.3e-10, 2.4e-7, 1.9e-6, 6.1e-5, 9.8e-4, 1.6e-2, 0.25, 0.5 at steps 1 to 8
    const Built x = build(std::vector<double>(deltas.size(), 1.0), deltas);
    const DriftAnalysis d = analyze(x);
    ASSERT_EQ(d.decades.size(), 7u);
    const std::int64_t expected[] = {2, 3, 4, 5, 6, 6, 7}; // > 1e-7 ... > 1e-1
    for (std::size_t k = 0; k < 7; ++k) {
        ASSERT_TRUE(d.decades[k].first_step.has_value()) << k;
        EXPECT_EQ(*d.decades[k].first_step, expected[k]) << d.decades[k].threshold;
    }
}

TEST(Drift, NaNExceedsEveryDecade) {
    const Built x = build({1, 1}, {0, std::numeric_limits<double>::quiet_NaN()});
    for (const auto& c : analyze(x).decades) {
        EXPECT_EQ(c.first_step, 2);
    }
}

// The decimals of values as the reader counts them in their text.
DecimalText text_of(const std::vector<int>& decimals) {
    DecimalText text;
    for (const int d : decimals) {
        text.note(d);
    }
    return text;
}

TEST(Drift, ResolutionOfSixDecimalsAndOfFullPrecision) {
    // %.6f values: every one written with six decimals.
    const Resolution six = resolution_of(text_of({6, 6, 6, 6, 6, 6, 6, 6, 6, 6}));
    EXPECT_FALSE(six.full_precision);
    EXPECT_EQ(six.decimals, 6);
    EXPECT_DOUBLE_EQ(six.value(), 1e-6);
    // Shortest round-trip form: decimals vary, and are many.
    const Resolution full = resolution_of(text_of({15, 16, 17, 16, 15, 16, 17, 16, 16, 1}));
    EXPECT_TRUE(full.full_precision);
    EXPECT_EQ(coarser(six, full).decimals, 6);
    EXPECT_EQ(coarser(full, six).decimals, 6);
    EXPECT_TRUE(resolution_of(DecimalText{}).full_precision); // binary values (event files)
}

TEST(Drift, TooFewOrMixedValuesCountAsFullPrecision) {
    EXPECT_TRUE(resolution_of(text_of({1, 2, 1})).full_precision); // fewer than ten values
    EXPECT_TRUE(resolution_of(text_of({0, 0, 0, 0, 0, 0, 0, 0, 0, 0}))
                    .full_precision); // integers say nothing about decimals
    // Only one of ten values has the most decimals: not a fixed-decimal writer.
    EXPECT_TRUE(resolution_of(text_of({1, 2, 1, 2, 1, 2, 1, 2, 1, 3})).full_precision);
    const Resolution two = resolution_of(text_of({2, 2, 2, 2, 2, 2, 2, 2, 2, 1}));
    EXPECT_FALSE(two.full_precision);
    EXPECT_EQ(two.decimals, 2);
}

TEST(Drift, DeltasAtOrBelowTheResolutionAreMarked) {
    Resolution six;
    six.decimals = 6;
    six.full_precision = false;
    EXPECT_TRUE(at_resolution(2.015347 - 2.015346, six)); // 1.0000000000287557e-06
    EXPECT_TRUE(at_resolution(0.0, six));
    EXPECT_FALSE(at_resolution(2e-6, six));
    EXPECT_FALSE(at_resolution(std::numeric_limits<double>::quiet_NaN(), six));
    EXPECT_FALSE(at_resolution(1e-300, Resolution{}));
}

TEST(Drift, Float32Ulps) {
    EXPECT_EQ(float32_ulps(1.0, 1.0 + std::ldexp(1.0, -23)), 1.0);
    EXPECT_EQ(float32_ulps(2.0, 2.0 + std::ldexp(1.0, -21)), 2.0);
    EXPECT_EQ(float32_ulps(-4.0, -4.0 + std::ldexp(1.0, -21)), 1.0);
    EXPECT_EQ(float32_ulps(0.75, 0.75 + std::ldexp(1.0, -24)), 1.0);
    EXPECT_EQ(float32_ulps(0.0, std::ldexp(1.0, -149)), 1.0); // below the normal range
    EXPECT_EQ(float32_ulps(3.0, 3.0), 0.0);
}

TEST(Drift, GrowthIsTheSlopeOfLogDelta) {
    // delta = 1e-6 * e^(step / 8): one e-fold every 8 steps.
    std::vector<std::int64_t> steps;
    std::vector<double> deltas;
    for (std::int64_t s = 1; s <= 40; ++s) {
        steps.push_back(s);
        deltas.push_back(1e-6 * std::exp(static_cast<double>(s) / 8.0));
    }
    const GrowthFit fit = fit_growth(steps, deltas);
    ASSERT_TRUE(fit.fitted);
    EXPECT_NEAR(fit.steps_per_efold, 8.0, 1e-9);
    EXPECT_EQ(fit.first_step, 1);
    EXPECT_EQ(fit.last_step, 40);
    EXPECT_EQ(fit.points, 40u);
}

TEST(Drift, NoGrowthToFit) {
    EXPECT_FALSE(fit_growth({1, 2}, {1e-3, 1e-2}).fitted);                // too few points
    EXPECT_FALSE(fit_growth({1, 2, 3}, {1e-2, 1e-3, 1e-4}).fitted);       // shrinking
    EXPECT_FALSE(fit_growth({1, 2, 3, 4}, {0.0, 0.0, 1e-3, 0.0}).fitted); // zeros are skipped
}

TEST(Drift, GrowthPhaseEndsWhereTheDeltaReachesTheMedian) {
    // Grows e-fold every 4 steps for 20 steps, then stays flat for 40 steps.
    std::vector<double> deltas;
    for (int s = 1; s <= 20; ++s) {
        deltas.push_back(std::ldexp(1.0, -40) * std::exp(s / 4.0));
    }
    deltas.resize(60, deltas.back());
    // Values written in full precision, so that no delta hides below a logging resolution.
    const Built x = build(std::vector<double>(60, 1.0 / 3.0), deltas);
    const DriftAnalysis d = analyze(x);
    ASSERT_TRUE(d.growth.fitted);
    // Step 1's delta is below a hundredth of the median, so the climb starts after it.
    EXPECT_EQ(d.growth.first_step, 2);
    EXPECT_EQ(d.growth.last_step, 20);
    EXPECT_NEAR(d.growth.steps_per_efold, 4.0, 0.01); // a + delta - a rounds a little
}

TEST(Drift, PerEpochMeans) {
    const Built x = build({1.0, 3.0, 5.0, 7.0}, {0.5, 0.5, 1.0, 3.0});
    const Series epochs{{1, 2, 3, 4}, {0, 0, 1, 1}};
    const DriftAnalysis d = analyze(x, epochs);
    ASSERT_EQ(d.epochs.size(), 2u);
    EXPECT_EQ(d.epochs[0].epoch, 0);
    EXPECT_EQ(d.epochs[0].steps, 2u);
    EXPECT_EQ(d.epochs[0].mean_a, 2.0);
    EXPECT_EQ(d.epochs[0].mean_b, 2.5);
    EXPECT_EQ(d.epochs[0].delta, 0.5);
    EXPECT_EQ(d.epochs[1].mean_a, 6.0);
    EXPECT_EQ(d.epochs[1].mean_b, 8.0);
    EXPECT_EQ(d.epochs[1].delta, 2.0);
    EXPECT_TRUE(analyze(x).epochs.empty()); // no epoch numbers, no epochs
}

// HuggingFace logs the fraction of training done as the epoch (0.5, 1.25, 2.44): a step is in
// the epoch of the integer part of its epoch number.
TEST(Drift, AFractionalEpochIsInTheEpochOfItsIntegerPart) {
    const Built x = build({1.0, 3.0, 5.0, 7.0, 9.0}, {0.5, 0.5, 1.0, 3.0, 1.0});
    const Series epochs{{1, 2, 3, 4, 5}, {0.4, 0.99, 1.0, 1.5, 2.44}};
    const DriftAnalysis d = analyze(x, epochs);
    ASSERT_EQ(d.epochs.size(), 3u);
    EXPECT_EQ(d.epochs[0].epoch, 0);
    EXPECT_EQ(d.epochs[0].steps, 2u);
    EXPECT_EQ(d.epochs[0].mean_a, 2.0);
    EXPECT_EQ(d.epochs[1].epoch, 1);
    EXPECT_EQ(d.epochs[1].steps, 2u);
    EXPECT_EQ(d.epochs[1].mean_b, 8.0);
    EXPECT_EQ(d.epochs[2].epoch, 2);
    EXPECT_EQ(d.epochs[2].steps, 1u);
    EXPECT_EQ(d.epochs[2].mean_a, 9.0);
    // Epoch numbers that are not finite, or too large for an epoch, belong to no epoch.
    const Series odd{{1, 2, 3, 4, 5},
                     {std::numeric_limits<double>::quiet_NaN(), 1e300, 0.5,
                      std::numeric_limits<double>::infinity(), -1e300}};
    const DriftAnalysis o = analyze(x, odd);
    ASSERT_EQ(o.epochs.size(), 1u);
    EXPECT_EQ(o.epochs[0].epoch, 0);
    EXPECT_EQ(o.epochs[0].steps, 1u);
}

TEST(Drift, LastEvalMetrics) {
    const Built x = build({1.0}, {0.0});
    const Json a =
        Json::parse(R"({"kind":"eval","step":9,"val_loss":0.5,"val_acc":0.75,"note":"x"})");
    const Json b = Json::parse(R"({"kind":"eval","step":9,"val_acc":0.5,"val_loss":0.25})");
    const DriftAnalysis d = analyze(x, {}, a, b);
    ASSERT_EQ(d.eval.size(), 2u);
    EXPECT_EQ(d.eval[0].metric, "val_loss");
    EXPECT_EQ(d.eval[0].delta, 0.25);
    EXPECT_EQ(d.eval[1].metric, "val_acc");
    EXPECT_EQ(d.eval[1].a, 0.75);
    EXPECT_EQ(d.eval[1].b, 0.5);
    EXPECT_TRUE(analyze(x, {}, a, std::nullopt).eval.empty());
}

} // namespace
} // namespace tracediff
