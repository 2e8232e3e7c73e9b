#include "tracediff/compare/align.hpp"

#include <gtest/gtest.h>

namespace tracediff {
namespace {

Series series(std::vector<std::int64_t> steps, std::vector<double> values) {
    return Series{std::move(steps), std::move(values)};
}

TEST(Align, PairsByStepNumberNotByPosition) {
    const AlignedPair p =
        align(series({1, 2, 4, 5}, {10, 20, 40, 50}), series({2, 3, 4, 6}, {21, 31, 41, 61}));
    EXPECT_EQ(p.steps, (std::vector<std::int64_t>{2, 4}));
    EXPECT_EQ(p.a, (std::vector<double>{20, 40}));
    EXPECT_EQ(p.b, (std::vector<double>{21, 41}));
    EXPECT_EQ(p.only_a, (std::vector<std::int64_t>{1, 5}));
    EXPECT_EQ(p.only_b, (std::vector<std::int64_t>{3, 6}));
    EXPECT_EQ(p.only_a_values, (std::vector<double>{10, 50}));
    EXPECT_EQ(p.only_b_values, (std::vector<double>{31, 61}));
    EXPECT_EQ(p.first_step, 1);
    EXPECT_EQ(p.second_step, 2);
}

TEST(Align, IdenticalSteps) {
    const AlignedPair p = align(series({1, 2, 3}, {1, 2, 3}), series({1, 2, 3}, {3, 2, 1}));
    EXPECT_EQ(p.steps.size(), 3u);
    EXPECT_TRUE(p.only_a.empty());
    EXPECT_TRUE(p.only_b.empty());
}

TEST(Align, FirstStepsComeFromEitherTrace) {
    const AlignedPair p = align(series({5, 6}, {1, 1}), series({3, 6}, {1, 1}));
    EXPECT_EQ(p.first_step, 3);
    EXPECT_EQ(p.second_step, 5);
    EXPECT_EQ(p.steps, (std::vector<std::int64_t>{6}));
}

TEST(Align, DisjointTraces) {
    const AlignedPair p = align(series({1, 2}, {1, 1}), series({3, 4}, {1, 1}));
    EXPECT_TRUE(p.steps.empty());
    EXPECT_EQ(p.only_a.size(), 2u);
    EXPECT_EQ(p.only_b.size(), 2u);
}

TEST(Align, OneStepInAll) {
    const AlignedPair p = align(series({7}, {1}), series({7}, {2}));
    EXPECT_EQ(p.first_step, 7);
    EXPECT_FALSE(p.second_step.has_value());
}

TEST(Align, EmptySeries) {
    const AlignedPair p = align(Series{}, Series{});
    EXPECT_FALSE(p.first_step.has_value());
    EXPECT_TRUE(p.steps.empty());
}

} // namespace
} // namespace tracediff
