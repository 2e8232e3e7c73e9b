// Megatron-LM golden values with the built command (tests/data/formats/megatron/, written by
// make_formats.py): a 50-iteration run as a trace of every iteration, its golden values in the
// old list layout and the newer layout keyed by iteration, and the golden values of the run
// resumed at iteration 26, whose first iterations are "nan".
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "../support/run_tracediff.hpp"

namespace tracediff {
namespace {

using testing::run_tracediff;
using Result = testing::RunResult;

const std::string k_dir = std::string(TRACEDIFF_DATA_DIR) + "/formats/megatron";
const std::string k_alias = " --alias 'loss=lm loss'";

Result run(const std::string& args) {
    return run_tracediff(args, "", k_dir);
}

// The list is Megatron's series[0:50:5] of a series that starts at iteration 1: iterations 1,
// 6, ..., 46, each the run's value there; the newer layout has iterations 1, 5, ..., 50.
TEST(Megatron, AListIsASliceOfTheSeriesFromIteration1) {
    const Result r = run("table run.jsonl golden_values_list.json golden_values_dev.json "
                         "--format csv" +
                         k_alias);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "a,b,note,field,steps_compared,step1_delta,step2_delta,median_delta,max_delta,"
                     "max_delta_step\n"
                     "run-jsonl,golden-values-list-json,,loss,10,0,,0,0,1\n"
                     "run-jsonl,golden-values-dev-json,,loss,11,0,,0,0,1\n"
                     "golden-values-list-json,golden-values-dev-json,,loss,1,0,,0,0,1\n");
    EXPECT_EQ(r.err, "tracediff: warning: 'run-jsonl' vs 'golden-values-list-json': 40 steps only "
                     "in 'run-jsonl' are not compared\n"
                     "tracediff: warning: 'run-jsonl' vs 'golden-values-dev-json': 39 steps only "
                     "in 'run-jsonl' are not compared\n"
                     "tracediff: warning: 'golden-values-list-json' vs 'golden-values-dev-json': 9 "
                     "steps only in 'golden-values-list-json' and 10 steps only in "
                     "'golden-values-dev-json' are not compared\n");
}

// The resumed run's golden values: "nan" at 1-25 are iterations the second job did not run.
TEST(Megatron, NanStringsAreIterationsTheResumedRunDidNotLog) {
    const std::string warning =
        "tracediff: warning: golden_values_2nd.json: metric 'lm loss': the string \"nan\" at "
        "steps 1-25 (6 values) read as not logged: Megatron writes \"nan\" for the steps a run "
        "did not log (a resumed run's golden values, for the steps before it resumed)\n";
    Result r = run("check --reference golden_values_2nd.json run.jsonl --max max=1e-5" + k_alias);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "check golden-values-2nd-json vs run-jsonl: loss\n"
                     "  A  golden_values_2nd.json\n"
                     "  B  run.jsonl\n"
                     "SKIP  header  neither trace has a header (--require-header makes this fail)\n"
                     "PASS  max  Δ=0 <= 1e-05 at step 30\n"
                     "PASS: the 1 criterion passed, 1 skipped\n");
    EXPECT_EQ(r.err, warning);
    r = run("table golden_values_dev.json golden_values_2nd.json --format csv" + k_alias);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.substr(r.out.find('\n') + 1), "dev,2nd,,loss,5,,,0,0,30\n");
    EXPECT_EQ(r.err, warning + "tracediff: warning: 'dev' vs '2nd': 6 steps only in 'dev' are not "
                               "compared\n");
}

// A NaN loss in a run stays a NaN, and fails the gate against the golden values.
TEST(Megatron, ANanLossFailsTheGate) {
    std::ifstream in(k_dir + "/run.jsonl");
    std::stringstream text;
    text << in.rdbuf();
    std::string trace = text.str();
    const std::string at_35 = "{\"step\": 35, \"loss\": ";
    const std::size_t start = trace.find(at_35) + at_35.size();
    trace.replace(start, trace.find(',', start) - start, "NaN");
    const testing::TempDir dir;
    dir.write("nan.jsonl", trace);
    const Result r = run("check --reference golden_values_2nd.json '" +
                         (dir / "nan.jsonl").string() + "' --max max=1e-5" + k_alias);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.out.find("FAIL  max  Δ=NaN at step 35 is not finite\n"), std::string::npos)
        << r.out;
}

} // namespace
} // namespace tracediff
