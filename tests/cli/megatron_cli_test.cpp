// Megatron-LM golden values with the built command (tests/data/formats/megatron/, written by
// make_formats.py): a 50-iteration run as a trace of every iteration, and its golden values in
// the old list layout and the newer layout keyed by iteration.
#include <gtest/gtest.h>

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

} // namespace
} // namespace tracediff
