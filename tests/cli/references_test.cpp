// References from noise: a golden of one run in Megatron-LM's layout, a band of reruns, a gate
// against the band, and tolerances measured from reruns.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "../support/golden.hpp"
#include "../support/run_tracediff.hpp"

namespace tracediff {
namespace {

using testing::read_file;
using testing::run_tracediff;
using testing::TempDir;

TEST(Golden, OneRunRoundTripsThroughMegatronsLayout) {
    // Every other step of alpha, as Megatron's tests keep it (compare a hand-written file).
    const TempDir dir;
    const std::string out = (dir / "golden.json").string();
    auto r = run_tracediff("golden run.alpha.jsonl --every 2 --steps 1-5 -o '" + out + "'");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(read_file(out), read_file(std::string(TRACEDIFF_GOLDEN_DIR) + "/golden_alpha.json"));
    // Read back, it is alpha itself at those steps: every delta is zero.
    r = run_tracediff("check --reference '" + out +
                      "' run.alpha.jsonl --max max=0 --ignore-header");
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("PASS  max  Δ=0 <= 0 at step 1\n"), std::string::npos) << r.out;
}

TEST(Golden, ABandHoldsTheMeanStdMinAndMaxOfTheReruns) {
    // loss at steps 1-2 of the three toy runs, as written in the files.
    const std::vector<std::vector<double>> runs{{2.5, 2.25}, {2.5, 2.250001}, {2.5001, 2.26}};
    const TempDir dir;
    const std::string out = (dir / "band.json").string();
    const auto r = run_tracediff(
        "golden run.alpha.jsonl run.beta.jsonl run.gamma.jsonl --steps 1-2 -o '" + out + "'");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const auto band = nlohmann::json::parse(read_file(out))["loss"];
    EXPECT_EQ(band["runs"], 3);
    EXPECT_EQ(band["start_step"], 1);
    EXPECT_EQ(band["end_step"], 2);
    for (int step = 1; step <= 2; ++step) {
        std::vector<double> v;
        for (const auto& run : runs) {
            v.push_back(run[static_cast<std::size_t>(step - 1)]);
        }
        const double mean = (v[0] + v[1] + v[2]) / 3;
        const double var = ((v[0] - mean) * (v[0] - mean) + (v[1] - mean) * (v[1] - mean) +
                            (v[2] - mean) * (v[2] - mean)) /
                           2;
        const std::string key = std::to_string(step);
        EXPECT_DOUBLE_EQ(band["values"][key].get<double>(), mean) << step;
        EXPECT_DOUBLE_EQ(band["std"][key].get<double>(), std::sqrt(var)) << step;
        EXPECT_EQ(band["min"][key].get<double>(), *std::min_element(v.begin(), v.end()));
        EXPECT_EQ(band["max"][key].get<double>(), *std::max_element(v.begin(), v.end()));
    }
}

TEST(Golden, StepsNotEveryRunLoggedAreLeftOutAndNamed) {
    const TempDir dir;
    const std::string out = (dir / "band.json").string();
    const auto r = run_tracediff("golden run.alpha.jsonl run.beta.jsonl -o '" + out + "'");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err, "tracediff: warning: 'loss': steps not logged by every run are left out of "
                     "the golden: 6-7\n");
    const auto band = nlohmann::json::parse(read_file(out))["loss"];
    EXPECT_EQ(band["end_step"], 5);
    const auto nan = run_tracediff("golden run.gamma.jsonl -o '" + out + "'");
    EXPECT_EQ(nan.exit_code, 2);
    EXPECT_EQ(nan.err, "tracediff: error: run.gamma.jsonl: 'loss' is NaN at step 3; a golden "
                       "holds finite values only\n");
}

TEST(Band, AStepOutsideIsNamedAndAllowCountsAShare) {
    // The band of alpha and beta at steps 1-5 (step 5: 1.5 and 1.49), and gamma against it.
    const TempDir dir;
    const std::string out = (dir / "band.json").string();
    EXPECT_EQ(run_tracediff("golden run.alpha.jsonl run.beta.jsonl --steps 1-5 -o '" + out + "'")
                  .exit_code,
              0);
    auto r = run_tracediff("check --reference '" + out + "' run.beta.jsonl --band minmax");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("PASS  band loss  all 5 reference steps within the band ([min, max] of "
                         "the reruns)\n"),
              std::string::npos)
        << r.out;
    // Of two reruns, each is 1/sqrt(2) = 0.71 std from their mean wherever they differ: outside
    // 0.5 std at steps 2-5 (step 1, where they agree, is inside).
    r = run_tracediff("check --reference '" + out + "' run.alpha.jsonl --band 0.5");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("FAIL  band loss  4 of 5 steps outside the band (mean ± 0.5 std of the "
                         "reruns), first at step 2\n"
                         "      worst at step 4: B 1.75, mean 1.7505, band 1.7501464466094068 to "
                         "1.7508535533905931 (0.7 std from the mean)\n"),
              std::string::npos)
        << r.out;
    // 4 of 5 steps is 80% of the reference's steps: --allow 80% covers them, 79% does not.
    r = run_tracediff("check --reference '" + out + "' run.alpha.jsonl --band 0.5 --allow 80%");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("; within --allow 4\n"), std::string::npos) << r.out;
    r = run_tracediff("check --reference '" + out + "' run.alpha.jsonl --band 0.5 --allow 79%");
    EXPECT_EQ(r.exit_code, 1) << r.out;
    // A band needs a golden as the reference.
    r = run_tracediff("check run.alpha.jsonl run.beta.jsonl --band 3");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "tracediff: error: --band holds a run to a band of reruns: give --reference "
                     "GOLDEN, a band written by tracediff golden from reruns\n");
}

TEST(Tolerance, TheLargestPairwiseValueTimesTheFactor) {
    auto r = run_tracediff("tolerance run.alpha.jsonl run.beta.jsonl run.gamma.jsonl");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "tolerances of 'loss' from 3 reruns (3 pairs): the largest value over the "
                     "pairs, times 2, rounded up to two significant digits\n\n"
                     "  step1   limit 2.0e-04  largest 1.00e-04 (alpha vs gamma)\n"
                     "  step2   limit 2.0e-02  largest 1.00e-02 (alpha vs gamma)\n"
                     "  median  limit 2.0e-02  largest 1.00e-02 (beta vs gamma)\n"
                     "  max     no limit: alpha vs gamma has a delta that is not finite (NaN)\n"
                     "\n--max step1=2.0e-04 --max step2=2.0e-02 --max median=2.0e-02\n");
    r = run_tracediff("tolerance --factor 3 run.alpha.jsonl run.beta.jsonl");
    EXPECT_NE(r.out.find("--max step1=0 --max step2=3.0e-06 --max median=3.0e-04 --max "
                         "max=3.0e-02\n"),
              std::string::npos)
        << r.out;
    r = run_tracediff("tolerance run.alpha.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "tracediff: error: tolerance needs at least two reruns of one configuration "
                     "(their differences are the noise a limit must allow), got 1\n");
}

} // namespace
} // namespace tracediff
