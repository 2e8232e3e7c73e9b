// Whether one run is systematically above the other: the mean of B - A, the sign counts, and
// the sign test's p-value against a binomial computed by hand.
#include "tracediff/compare/stats.hpp"
#include "tracediff/read/read_trace.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace tracediff {
namespace {

// 2 P(X <= k) for X ~ Binomial(n, 1/2), summed with exact binomial coefficients.
double binomial_p(unsigned higher, unsigned lower) {
    const unsigned n = higher + lower;
    const unsigned k = std::min(higher, lower);
    long double sum = 0;
    long double coefficient = 1; // C(n, 0)
    for (unsigned i = 0; i <= k; ++i) {
        sum += coefficient;
        coefficient = coefficient * (n - i) / (i + 1);
    }
    return static_cast<double>(std::min<long double>(1, 2 * sum / std::pow(2.0L, n)));
}

TEST(Bias, SignTestAgainstTheBinomialByHand) {
    EXPECT_EQ(sign_test_p_value(0, 0), 1.0);            // nothing differs
    EXPECT_EQ(sign_test_p_value(3, 1), 0.625);          // 2 * (1 + 4) / 16
    EXPECT_EQ(sign_test_p_value(3, 0), 0.25);           // 2 * 1 / 8
    EXPECT_EQ(sign_test_p_value(10, 2), 0.03857421875); // 2 * (1 + 12 + 66) / 4096
    EXPECT_EQ(sign_test_p_value(50, 50), 1.0);
    for (const auto& [h, l] : {std::pair{96u, 4u}, {700u, 280u}, {4u, 96u}, {251u, 249u}}) {
        const double expected = binomial_p(h, l);
        EXPECT_NEAR(sign_test_p_value(h, l) / expected, 1.0, 1e-9) << h << " " << l;
    }
    // Beyond a thousand steps the sum is taken in logarithms: no underflow to a wrong 0 or 1.
    const double p = sign_test_p_value(1500, 1000);
    EXPECT_GT(p, 0.0);
    EXPECT_LT(p, 1e-20);
    EXPECT_NEAR(sign_test_p_value(1001, 1000), 1.0, 0.02);
}

TEST(Bias, TheSignedDifferencesAsWritten) {
    ReadOptions options;
    const Trace a = parse_trace("{\"step\":1,\"loss\":10.37915}\n{\"step\":2,\"loss\":2}\n"
                                "{\"step\":3,\"loss\":1.5}\n{\"step\":4,\"loss\":NaN}\n",
                                "a.jsonl", options);
    const Trace b = parse_trace("{\"step\":1,\"loss\":10.37919}\n{\"step\":2,\"loss\":2}\n"
                                "{\"step\":3,\"loss\":1.25}\n{\"step\":4,\"loss\":1}\n",
                                "b.jsonl", options);
    const PairStats s = compute_stats(align(a.field("loss").series, b.field("loss").series));
    // Steps 1-3 (step 4 has a NaN): +4e-05 (as written), 0, -0.25.
    EXPECT_EQ(s.bias.b_higher, 1u);
    EXPECT_EQ(s.bias.a_higher, 1u);
    EXPECT_EQ(s.bias.equal, 1u);
    EXPECT_EQ(s.bias.mean, (4e-05 + 0.0 - 0.25) / 3);
    EXPECT_EQ(s.bias.p_value, 1.0);
}

} // namespace
} // namespace tracediff
