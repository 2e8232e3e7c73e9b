// Judging the deltas: whether one run is systematically above the other (bias), limits on the
// relative deltas, and checks against a reference golden in a manifest.
#include <gtest/gtest.h>

#include <string>

#include "../support/run_tracediff.hpp"

namespace tracediff {
namespace {

using testing::run_tracediff;

const std::string k_pair = "run.alpha.jsonl run.beta.jsonl ";

TEST(Bias, TableColumnsAndMatrix) {
    auto r = run_tracediff("table " + k_pair + "--stats step1,bias,max");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "|comparison      |step 1 Δ |bias (B − A) |max Δ    |\n"
                     "|----------------|---------|-------------|---------|\n"
                     "|`alpha vs beta` |**0**    |-1.78e-03    |1.00e-02 |\n");
    // CSV and JSON carry the whole bias once it is asked for.
    r = run_tracediff("table " + k_pair + "--stats bias --format csv");
    EXPECT_NE(r.out.find(",bias_mean,bias_b_higher,bias_a_higher,bias_equal,bias_p_value\n"
                         "alpha,beta,,loss,5,0,1e-06,0.0001,0.01,5,-0.0017798000000000002,3,1,"
                         "1,0.625\n"),
              std::string::npos)
        << r.out;
    // The matrix is of column minus row: it changes sign across the diagonal.
    r = run_tracediff("table --matrix bias run.alpha.jsonl run.beta.jsonl run.gamma.jsonl");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "|bias (B − A) |alpha     |beta      |gamma     |\n"
                     "|-------------|----------|----------|----------|\n"
                     "|alpha        |-         |-1.78e-03 |+1.20e-02 |\n"
                     "|beta         |+1.78e-03 |-         |+1.73e-02 |\n"
                     "|gamma        |-1.20e-02 |-1.73e-02 |-         |\n");
    r = run_tracediff("table --stats bias,bias " + k_pair);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "tracediff: error: --stats: 'bias' is given twice\n"
                     "Run 'tracediff table --help' for usage.\n");
}

TEST(Bias, DiffSaysWhichRunIsAbove) {
    auto r = run_tracediff("diff " + k_pair);
    EXPECT_NE(r.out.find("  bias (B − A)      mean -1.78e-03; B higher at 3, lower at 1, equal "
                         "at 1 of 5 steps; sign test p = 0.625\n"),
              std::string::npos)
        << r.out;
    r = run_tracediff("diff " + k_pair + "--format json");
    EXPECT_NE(
        r.out.find("\"bias\": {\n    \"mean\": -0.0017798000000000002,\n    \"b_higher\": "
                   "3,\n    \"a_higher\": 1,\n    \"equal\": 1,\n    \"p_value\": 0.625\n  }"),
        std::string::npos)
        << r.out;
}

TEST(Bias, CheckHoldsTheMeanSignedDifference) {
    const auto r = run_tracediff("check " + k_pair +
                                 "--max bias=0.002 --max bias=0.001 --steps 1-5 --ignore-header");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "check alpha vs beta: loss, steps 1-5\n"
                     "  A  run.alpha.jsonl\n"
                     "  B  run.beta.jsonl\n"
                     "PASS  bias  |mean B − A|=1.78e-03 <= 0.002 (mean -1.78e-03; B higher at 3, "
                     "lower at 1 of 5 steps; sign test p = 0.625)\n"
                     "FAIL  bias  |mean B − A|=1.78e-03 > 0.001 (mean -1.78e-03; B higher at 3, "
                     "lower at 1 of 5 steps; sign test p = 0.625)\n"
                     "FAIL: 1 of 2 criteria failed\n");
}

TEST(Relative, MaxRelHoldsTheRelativeDeltas) {
    // |1.751 - 1.75| / 1.75 at step 4 is 5.71e-04; |2.250001 - 2.25| / 2.25 at step 2 4.44e-07.
    auto r = run_tracediff("check " + k_pair +
                           "--max-rel step2=1e-6 --max-rel step@4=0.0005 --ignore-header");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "check alpha vs beta: loss\n"
                     "  A  run.alpha.jsonl\n"
                     "  B  run.beta.jsonl\n"
                     "PASS  step2 rel  Δ/|A|=4.44e-07 <= 1e-06\n"
                     "FAIL  step@4 rel  Δ/|A|=5.71e-04 > 0.0005\n"
                     "FAIL: 1 of 2 criteria failed\n");
    r = run_tracediff("check " + k_pair + "--max-rel bias=1");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "tracediff: error: --max-rel bias=1: the bias has no relative form (it is "
                     "signed)\n");
}

TEST(Relative, AManifestCheckAgainstASparseGolden) {
    // sparse_golden.json holds alpha's loss at steps 1, 3 and 5 only: beta is held to those
    // steps (it lacks step 6, which is no reference step), gamma's NaN at step 3 fails.
    const auto r = run_tracediff("check --manifest golden_checks.json");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "PASS  beta  golden vs beta (loss): all 2 criteria passed\n"
                     "FAIL  gamma  golden vs gamma (loss): the 1 criterion failed\n"
                     "      FAIL  max rel  Δ/|A|=NaN at step 3 is not finite\n"
                     "FAIL: 1 of 2 checks failed\n");
    const testing::TempDir dir;
    const std::string data = TRACEDIFF_DATA_DIR;
    dir.write("both.json", "{\"traces\": {\"a\": \"" + data + "/run.alpha.jsonl\", \"b\": \"" +
                               data +
                               "/run.beta.jsonl\"}, \"checks\": [{\"name\": \"x\", "
                               "\"a\": \"a\", \"reference\": \"a\", \"b\": \"b\", \"max\": "
                               "{\"max\": 1}}]}");
    const auto bad = run_tracediff("check --manifest '" + (dir / "both.json").string() + "'");
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_EQ(bad.err, "tracediff: error: " + (dir / "both.json").string() +
                           ": 'checks[0]' needs 'a' (a peer) or 'reference' (a golden), one of "
                           "them\n");
}

} // namespace
} // namespace tracediff
