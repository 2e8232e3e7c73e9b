// `diff` where the compared field is missing at step 2 of one trace: every writer shows the
// value the other trace holds there (or none), never a number that is not in the trace.
#include <gtest/gtest.h>

#include <string>

#include "../support/golden.hpp"
#include "../support/run_tracediff.hpp"

namespace tracediff {
namespace {

using testing::expect_golden;
using testing::run_tracediff;

// gap.a.jsonl logs loss 0.5 at step 2; gap.b.jsonl logs step 2 without a loss.
const char* k_warning =
    "tracediff: warning: gap.b.jsonl:2: skipped 1 step record without 'loss' (this line is the "
    "first)\n";

TEST(DiffGap, StepOnlyAHasInEveryFormat) {
    for (const char* format : {"text", "markdown", "csv", "json"}) {
        const auto r =
            run_tracediff(std::string("diff --format ") + format + " gap.a.jsonl gap.b.jsonl");
        EXPECT_EQ(r.exit_code, 0);
        EXPECT_EQ(r.err, k_warning);
        const std::string ext = std::string(format) == "text"       ? "txt"
                                : std::string(format) == "markdown" ? "md"
                                                                    : format;
        expect_golden("cli_diff_gap." + ext, r.out);
    }
}

TEST(DiffGap, StepOnlyBHasKeepsBsValue) {
    const auto r = run_tracediff("diff --format json gap.b.jsonl gap.a.jsonl");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("    \"step2_delta_reason\": \"missing in a\",\n"), std::string::npos);
    EXPECT_NE(r.out.find("    \"step2_b\": 0.5,\n"), std::string::npos);
    EXPECT_EQ(r.out.find("\"step2_a\""), std::string::npos);
}

} // namespace
} // namespace tracediff
