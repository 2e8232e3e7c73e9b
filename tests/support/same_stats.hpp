// Whether two computations of a pair's statistics agree, bit for bit (NaN equal to NaN): for
// the tests that compare a fast way of computing them with the plain one.
#pragma once

#include "tracediff/compare/stats.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace tracediff::testing {

inline bool same_value(double p, double q) {
    return (std::isnan(p) && std::isnan(q)) || p == q;
}

inline void expect_same_stats(const PairStats& x, const PairStats& y, int round) {
    for (const PairStat stat :
         {PairStat::step1, PairStat::step2, PairStat::median, PairStat::max, PairStat::bias}) {
        const auto p = stat_value(x, stat);
        const auto q = stat_value(y, stat);
        ASSERT_EQ(p.has_value(), q.has_value()) << round;
        if (p) {
            EXPECT_TRUE(same_value(*p, *q)) << round << ": " << *p << " vs " << *q;
        }
    }
    EXPECT_EQ(x.compared, y.compared) << round;
    EXPECT_TRUE(same_value(x.mean, y.mean)) << round;
    EXPECT_EQ(x.max_step, y.max_step) << round;
    EXPECT_EQ(x.zero_deltas, y.zero_deltas) << round;
    EXPECT_EQ(x.nonfinite_deltas, y.nonfinite_deltas) << round;
    EXPECT_EQ(x.first_nonfinite_step, y.first_nonfinite_step) << round;
    EXPECT_EQ(x.bias.b_higher, y.bias.b_higher) << round;
    EXPECT_EQ(x.bias.a_higher, y.bias.a_higher) << round;
    EXPECT_EQ(x.bias.equal, y.bias.equal) << round;
    EXPECT_EQ(x.bias.p_value, y.bias.p_value) << round;
}

} // namespace tracediff::testing
