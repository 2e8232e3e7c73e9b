// FILE#RUN: one run out of a file of several, by the built command on tests/data/formats/
// (make_formats.py): wandb_runs.csv, a W&B chart export of the runs alpha (the run of
// run.jsonl), beta (1e-3 higher from step 6 on) and gamma (4 steps); tb_runs/, a TensorBoard
// folder of the run folders alpha and beta; runs.json, a manifest of such runs.
#include <gtest/gtest.h>

#include <string>

#include "../support/run_tracediff.hpp"

namespace tracediff {
namespace {

using testing::run_tracediff;
using Result = testing::RunResult;

const std::string k_dir = std::string(TRACEDIFF_DATA_DIR) + "/formats";

Result run(const std::string& args) {
    return run_tracediff(args, "", k_dir);
}

std::string error(const std::string& message) {
    return "tracediff: error: " + message + "\n";
}

const std::string k_where_runs_are = "FILE#RUN picks a run out of a W&B chart export (CSV columns "
                                     "'RUN - NAME') or a TensorBoard folder of run folders";

TEST(Runs, TwoRunsOfOneExportAreCompared) {
    Result r = run("table wandb_runs.csv#alpha wandb_runs.csv#beta wandb_runs.csv#gamma --alias "
                   "loss=train/loss");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "|comparison       |step 1 Δ |step 2 Δ |median Δ |max Δ    |\n"
                     "|-----------------|---------|---------|---------|---------|\n"
                     "|`alpha vs beta`  |**0**    |**0**    |5.00e-04 |1.00e-03 |\n"
                     "|`alpha vs gamma` |2.46e-02 |2.53e-02 |2.45e-02 |2.53e-02 |\n"
                     "|`beta vs gamma`  |2.46e-02 |2.53e-02 |2.45e-02 |2.53e-02 |\n");
    EXPECT_EQ(r.err, "tracediff: warning: 'alpha' vs 'gamma': 6 steps only in 'alpha' are not "
                     "compared\n"
                     "tracediff: warning: 'beta' vs 'gamma': 6 steps only in 'beta' are not "
                     "compared\n");
    // The run of run.jsonl, as W&B charts it: every delta is zero.
    r = run("check run.jsonl wandb_runs.csv#alpha --alias loss=train/loss --max max=0");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    r = run("check wandb_runs.csv#alpha wandb_runs.csv#beta --field train/loss --max max=9e-4");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "check alpha vs beta: train/loss\n"
                     "  A  wandb_runs.csv#alpha\n"
                     "  B  wandb_runs.csv#beta\n"
                     "SKIP  header  neither trace has a header (--require-header makes this fail)\n"
                     "FAIL  max  Δ=1.00e-03 > 0.0009 at step 6\n"
                     "FAIL: the 1 criterion failed, 1 skipped\n");
}

TEST(Runs, RunFoldersOfATensorBoardFolderAreCompared) {
    const Result r = run("diff tb_runs#alpha tb_runs#beta --field train/loss");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("A  alpha  tb_runs#alpha\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("  max Δ             1.00e-03 at step 6\n"), std::string::npos) << r.out;
}

TEST(Runs, AFileOfSeveralRunsWithoutOnePickedIsRefused) {
    const std::string several =
        error("wandb_runs.csv holds 3 runs (alpha, beta, gamma): pick one with wandb_runs.csv#RUN");
    // Given twice, with one alias for both, it would be one run compared with itself.
    Result r = run("table wandb_runs.csv wandb_runs.csv --alias 'loss=alpha - train/loss'");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, several);
    for (const std::string command :
         {"diff run.jsonl wandb_runs.csv", "check run.jsonl wandb_runs.csv --max max=1",
          "plot run.jsonl wandb_runs.csv -o -"}) {
        r = run(command);
        EXPECT_EQ(r.exit_code, 2) << command;
        EXPECT_EQ(r.err, several) << command;
    }
    r = run("table run.jsonl tb_runs");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("tb_runs holds 2 runs (alpha, beta): pick one with tb_runs#RUN"));
}

TEST(Runs, ARunTheFileDoesNotHoldIsRefused) {
    Result r = run("diff wandb_runs.csv#alpha wandb_runs.csv#delta --field train/loss");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("wandb_runs.csv holds no run 'delta': it holds 3 runs (alpha, beta, "
                           "gamma)"));
    r = run("table run.jsonl tb_runs#gamma");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("tb_runs holds no run 'gamma': it holds 2 runs (alpha, beta)"));
    r = run("table run.jsonl#alpha run.csv");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("run.jsonl is read as jsonl, which holds one run, so '#alpha' picks "
                           "none: " +
                           k_where_runs_are));
    r = run("table run.jsonl run.csv#alpha");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("run.csv holds no runs, so '#alpha' picks none: " + k_where_runs_are));
    r = run("table run.jsonl wandb_runs.csv#");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("wandb_runs.csv#: no run after '#' (FILE#RUN picks the run RUN out "
                           "of FILE)"));
}

TEST(Runs, OneRunTwiceIsATraceComparedWithItself) {
    const Result r = run("check wandb_runs.csv#alpha wandb_runs.csv#alpha --field train/loss "
                         "--max max=1");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("'wandb_runs.csv#alpha' and 'wandb_runs.csv#alpha' are the same run "
                           "of one file; a trace compared with itself always passes"));
}

TEST(Runs, AManifestTracePathMayPickARun) {
    Result r = run("table --manifest runs.json");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "### Runs of one file\n\n"
                     "|comparison                                  |step 1 Δ |step 2 Δ |median Δ "
                     "|max Δ    |\n"
                     "|--------------------------------------------|---------|---------|---------"
                     "|---------|\n"
                     "|`trace vs alpha` (the run as W&B charts it) |**0**    |**0**    |**0**    "
                     "|**0**    |\n"
                     "|`alpha vs beta` (two runs of one export)    |**0**    |**0**    |5.00e-04 "
                     "|1.00e-03 |\n"
                     "|`beta vs tb-beta` (one run, two formats)    |**0**    |**0**    |3.62e-08 "
                     "|7.25e-08 |\n");
    r = run("check --manifest runs.json");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "PASS  alpha-beta  alpha vs beta (loss): all 2 criteria passed, 1 skipped\n"
                     "PASS: the 1 check passed\n");
    r = run("plot --manifest runs.json -o -");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(">beta vs tb-beta<"), std::string::npos);
    const testing::TempDir out;
    r = run("report --manifest runs.json --out " + out.str());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(out.read("report.md").find("`alpha vs beta`"), std::string::npos);
}

TEST(Runs, AFileWhoseNameHoldsAHashIsReadAsItIs) {
    const testing::TempDir dir;
    testing::run_bash("cp '" + k_dir + "/run.jsonl' 'r#2.jsonl' && cp '" + k_dir +
                          "/wandb_runs.csv' 'w#1.csv'",
                      dir.str());
    Result r = run_tracediff("table 'r#2.jsonl' 'w#1.csv#alpha' --alias loss=train/loss "
                             "--format csv",
                             "", dir.str());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "a,b,note,field,steps_compared,step1_delta,step2_delta,median_delta,"
                     "max_delta,max_delta_step\n"
                     "r-2-jsonl,w-1-csv-alpha,,loss,10,0,0,0,0,1\n");
    // The file of FILE#RUN is an input: no report is written over it.
    r = run_tracediff("table 'w#1.csv#alpha' 'w#1.csv#beta' --field train/loss -o 'w#1.csv'", "",
                      dir.str());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("refusing to write the report over the input file 'w#1.csv'"));
    r = run_tracediff("check --follow 'w#1.csv#alpha' 'w#1.csv#beta' --field train/loss "
                      "--max max=1",
                      "", dir.str());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("a live check (standard input, a FIFO, --follow, -- COMMAND) reads "
                           "a trace as it is written; 'w#1.csv#alpha' picks a run out of a file "
                           "of several: check the finished file"));
    // A finished reference is read whole: it may pick a run.
    r = testing::run_bash(
        "printf '{\"step\": 1, \"train/loss\": 2.5}\\n' | $TRACEDIFF check --reference "
        "'w#1.csv#alpha' - --field train/loss --max step1=1 | tail -1",
        dir.str());
    EXPECT_EQ(r.out, "PASS: the 1 criterion passed, 1 skipped\n") << r.err;
}

} // namespace
} // namespace tracediff
