// Limits at the logging resolution: a delta between two values written as decimals is the
// exact difference of the decimals, so a limit written in the logs' own units is met exactly,
// whichever doubles the decimals land on (docs/statistics.md).
#include <gtest/gtest.h>

#include <string>

#include "../support/run_tracediff.hpp"

namespace tracediff {
namespace {

using testing::run_tracediff;

const std::string k_five = "resolution/five.a.jsonl resolution/five.b.jsonl ";

TEST(Resolution, ALimitEqualToTheLoggedDifferencePasses) {
    // 10.37919 - 10.37915: 4e-05 as written (4.000000000026205e-05 between the doubles).
    auto r = run_tracediff("check " + k_five + "--max max=4e-5 --ignore-header");
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(r.out, "check a vs b: loss\n"
                     "  A  resolution/five.a.jsonl\n"
                     "  B  resolution/five.b.jsonl\n"
                     "PASS  max  Δ=4.00e-05 <= 4e-05 at step 3\n"
                     "PASS: the 1 criterion passed\n");
    r = run_tracediff("check " + k_five + "--max max=3.9e-5 --ignore-header");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("FAIL  max  Δ=4.00e-05 > 3.9e-05 at step 3\n"), std::string::npos)
        << r.out;
}

TEST(Resolution, TheDeltaIsTheDecimalDifferenceInEveryFormat) {
    // Megatron golden values (whole JSON documents): the same 4e-05.
    auto r = run_tracediff("check resolution/golden.a.json resolution/golden.b.json "
                           "--field 'lm loss' --max max=4e-5 --ignore-header");
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    // Six-decimal CSV, and a text log read with a pattern: 10.840811 - 10.840810 is 1e-06.
    r = run_tracediff(
        "check resolution/six.a.csv resolution/six.b.csv --max step2=1e-6 --ignore-header");
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    r = run_tracediff("check resolution/six.a.csv resolution/six.b.log --pattern "
                      "'iter (?P<step>\\d+): loss (?P<loss>\\S+),' --max step2=1e-6 "
                      "--ignore-header");
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    // The JSON report holds the decimal difference itself.
    r = run_tracediff("diff resolution/six.a.csv resolution/six.b.csv --format json");
    EXPECT_NE(r.out.find("\"step2_delta\": 1e-06,"), std::string::npos) << r.out;
}

TEST(Resolution, ALimitFinerThanTheLogsCanShowGetsANote) {
    const auto r =
        run_tracediff("check " + k_five + "--max step1=1e-6 --max max=1e-4 " + "--ignore-header");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "check a vs b: loss\n"
                     "  A  resolution/five.a.jsonl\n"
                     "  B  resolution/five.b.jsonl\n"
                     "PASS  step1  Δ=0 <= 1e-06\n"
                     "PASS  max  Δ=4.00e-05 <= 0.0001 at step 3\n"
                     "  note: step1: the limit 1e-06 is finer than the logs show (A is written "
                     "with 5 decimals, B with 5): a delta between them is 0 or at least 1e-05\n"
                     "PASS: all 2 criteria passed\n");
}

TEST(Resolution, FullPrecisionValuesKeepTheDifferenceOfTheDoubles) {
    // The demo traces print float32 values in full (17 digits): their text only encodes a
    // binary value, and the delta is that of the doubles, as from the event file.
    const auto r = run_tracediff("diff demo.sequential-fma.jsonl demo.pairwise-fma.jsonl "
                                 "--format json",
                                 "", std::string(TRACEDIFF_SOURCE_DIR) + "/traces/demo");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("\"step1_delta\": 2.384185791015625e-07,"), std::string::npos) << r.out;
}

} // namespace
} // namespace tracediff
