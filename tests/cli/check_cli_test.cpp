// `tracediff check` as CI runs it: exit codes, exact report, JUnit file, GitHub annotations.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "../support/golden.hpp"
#include "../support/run_tracediff.hpp"

namespace tracediff {
namespace {

namespace fs = std::filesystem;
using testing::expect_golden;
using testing::read_file;
using testing::run_tracediff;

const std::string k_pair = "run.alpha.jsonl run.beta.jsonl ";

TEST(CheckCli, PassingCriteriaExitZero) {
    const auto r = run_tracediff("check " + k_pair + "--max step1=1e-6 --max step2=1e-5");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(r.out, "check alpha vs beta: loss\n"
                     "  A  run.alpha.jsonl\n"
                     "  B  run.beta.jsonl\n"
                     "PASS  header  identical\n"
                     "PASS  step1  Δ=0 <= 1e-06\n"
                     "PASS  step2  Δ=1.00e-06 <= 1e-05\n"
                     "PASS: all 3 criteria passed\n");
}

TEST(CheckCli, FailingCriterionExitsOneAfterTheWholeReport) {
    const auto r = run_tracediff("check " + k_pair + "--max step2=1e-7 --max max=0.01");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "check alpha vs beta: loss\n"
                     "  A  run.alpha.jsonl\n"
                     "  B  run.beta.jsonl\n"
                     "PASS  header  identical\n"
                     "FAIL  step2  Δ=1.00e-06 > 1e-07\n"
                     "FAIL  max  A (run.alpha.jsonl) lacks 1 of B's 6 steps: 7; B "
                     "(run.beta.jsonl) lacks 1 of A's 6 steps: 6; over the 5 steps compared: "
                     "Δ=1.00e-02 at step 5, within 0.01\n"
                     "FAIL: 2 of 3 criteria failed\n");
}

TEST(CheckCli, NaNAndHeaderDifferencesFail) {
    const auto r = run_tracediff("check run.alpha.jsonl run.gamma.jsonl --max max=1 --max "
                                 "step1=1 --max step@3=1");
    EXPECT_EQ(r.exit_code, 1);
    expect_golden("cli_check_gamma.txt", r.out);
}

TEST(CheckCli, ModeAndSameSteps) {
    const auto r =
        run_tracediff("check " + k_pair + "--mode strict --require-same-steps --ignore-header");
    EXPECT_EQ(r.exit_code, 1);
    expect_golden("cli_check_mode.txt", r.out);
    const auto budget = run_tracediff("check " + k_pair + "--mode strict --allow 2 --steps 1-5");
    EXPECT_EQ(budget.exit_code, 0) << budget.out;
}

TEST(CheckCli, JsonFormat) {
    const auto r =
        run_tracediff("check --format json " + k_pair + "--mode cross-gpu --max step2=0");
    EXPECT_EQ(r.exit_code, 1);
    expect_golden("cli_check.json", r.out);
}

// The summary table of a CI job: criterion, limit, value, step, verdict; the failures' messages.
TEST(CheckCli, MarkdownSummaryTable) {
    const auto r = run_tracediff("check " + k_pair +
                                 "--max step2=1e-7 --max max=0.01 --max "
                                 "median=1 --max step@9=1 --format markdown");
    EXPECT_EQ(r.exit_code, 1);
    expect_golden("cli_check.md", r.out);
    const auto mode = run_tracediff(
        "check " + k_pair + "--mode strict --require-same-steps --ignore-header --format md");
    EXPECT_EQ(mode.exit_code, 1);
    expect_golden("cli_check_mode.md", mode.out);
    const auto gamma = run_tracediff("check run.alpha.jsonl run.gamma.jsonl --max max=1 --max "
                                     "step@3=1 --format markdown");
    EXPECT_EQ(gamma.exit_code, 1);
    expect_golden("cli_check_gamma.md", gamma.out);
    const auto manifest = run_tracediff("check --manifest checks.json --format markdown");
    EXPECT_EQ(manifest.exit_code, 1);
    expect_golden("cli_check_manifest.md", manifest.out);
}

TEST(CheckCli, ManifestOfNamedChecks) {
    const auto r = run_tracediff("check --manifest checks.json");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "PASS  dense  alpha vs beta (loss): all 3 criteria passed\n"
                     "FAIL  conv-pool  alpha vs gamma (loss): the 1 criterion failed\n"
                     "      FAIL  step2  Δ=1.00e-02 > 0.001\n"
                     "PASS  early-steps  alpha vs beta (loss, steps 1-4): all 4 criteria passed\n"
                     "FAIL: 1 of 3 checks failed\n");
    const auto ok = run_tracediff("check --manifest passing_checks.json");
    EXPECT_EQ(ok.exit_code, 0);
}

TEST(CheckCli, JUnitReport) {
    const testing::TempDir dir;
    const fs::path file = dir / "junit.xml";
    const auto r = run_tracediff("check --manifest checks.json --junit '" + file.string() + "'");
    EXPECT_EQ(r.exit_code, 1);
    expect_golden("cli_check_junit.xml", read_file(file));
}

TEST(CheckCli, GitHubAnnotations) {
    const auto r = run_tracediff("check --manifest checks.json", "GITHUB_ACTIONS=true");
    EXPECT_EQ(r.exit_code, 1);
    // Properties escape ':' and ','; the message escapes only '%' and line ends.
    EXPECT_NE(r.out.find("checks failed\n::error title=tracediff check conv-pool%3A "
                         "step2::step2: Δ=1.00e-02 > 0.001\n"),
              std::string::npos)
        << r.out;
    const auto plain = run_tracediff("check --manifest checks.json", "GITHUB_ACTIONS=false");
    EXPECT_EQ(plain.out.find("::error"), std::string::npos);
    const auto json =
        run_tracediff("check --format json --manifest checks.json", "GITHUB_ACTIONS=true");
    EXPECT_EQ(json.out.find("::error"), std::string::npos);
    EXPECT_NE(json.err.find("::error"), std::string::npos);
}

TEST(CheckCli, BadArgumentsExitTwo) {
    struct Case {
        std::string args;
        std::string err;
    };
    const Case cases[] = {
        {"check " + k_pair,
         "tracediff: error: nothing to check: give --max STAT=LIMIT, --mode, --band or "
         "--require-same-steps\n"},
        {"check " + k_pair + "--max step3=1",
         "tracediff: error: unknown statistic 'step3' (expected step1, step2, median, max, mean, "
         "bias or step@N)\n"},
        {"check " + k_pair + "--max step1=x",
         "tracediff: error: invalid criterion 'step1=x': the limit must be a finite number >= "
         "0\n"},
        {"check " + k_pair + "--max step1=1 --steps 5-1",
         "tracediff: error: invalid step range '5-1' (expected FIRST-LAST, e.g. 1-100)\n"},
        {"check " + k_pair + "--require-same-steps --atol 1",
         "tracediff: error: --atol and --rtol adjust the tolerance of a --mode; give --mode "
         "too\n"},
        {"check " + k_pair + "--mode strict --allow -1",
         "tracediff: error: --allow must be a whole number >= 0 or a percentage (2%), got '-1'\n"},
        {"check " + k_pair + "--mode strict --rtol abc",
         "tracediff: error: --rtol must be a number, got 'abc'\n"},
        {"check run.alpha.jsonl --max step1=1",
         "tracediff: error: check needs two trace files (or --manifest), got 1\n"},
        {"check --manifest runs.json",
         "tracediff: error: runs.json: no 'checks' to run (see tracediff check --help and "
         "docs/manifest.md for the schema)\n"},
        {"check --manifest checks.json --max step1=1",
         "tracediff: error: with --manifest, the traces and the criteria come from the "
         "manifest; give no trace files or criteria options\n"},
        {"check --manifest checks.json --follow",
         "tracediff: error: a manifest's checks run on finished traces, read whole (a FIFO or "
         "standard input to its end): --follow, --idle-timeout, --grace and -- COMMAND gate one "
         "pair while it trains, e.g. tracediff check --reference REF RUN --follow --max "
         "step1=LIMIT\n"},
        {"check --manifest checks.json -- true",
         "tracediff: error: a manifest's checks run on finished traces, read whole (a FIFO or "
         "standard input to its end): --follow, --idle-timeout, --grace and -- COMMAND gate one "
         "pair while it trains, e.g. tracediff check --reference REF RUN --follow --max "
         "step1=LIMIT\n"},
        {"check run.alpha.jsonl missing.jsonl --max step1=1",
         "tracediff: error: cannot open 'missing.jsonl': No such file or directory\n"},
        {"check " + k_pair + "--mode lenient",
         "tracediff: error: --mode: lenient not in {strict,cross-gpu,cross-comp}\n"
         "Run 'tracediff check --help' for usage.\n"},
    };
    for (const auto& c : cases) {
        const auto r = run_tracediff(c.args);
        EXPECT_EQ(r.exit_code, 2) << c.args;
        EXPECT_EQ(r.err, c.err) << c.args;
        EXPECT_EQ(r.out, "") << c.args;
    }
}

TEST(CheckCli, ModeChecksLrOnlyWhereBothTracesHaveIt) {
    // truncated.jsonl has no lr: --mode checks loss alone, and says nothing of lr.
    auto r = run_tracediff("check run.alpha.jsonl truncated.jsonl --mode strict --ignore-header");
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(r.out.find("strict lr"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("FAIL  strict loss  "), std::string::npos) << r.out;
    // The compared field itself is required: a trace without it is an input error.
    r = run_tracediff("check run.alpha.jsonl truncated.jsonl --mode strict --field lr");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("no step record has the field 'lr'"), std::string::npos) << r.err;
}

TEST(CheckCli, Help) {
    const auto r = run_tracediff("check --help");
    EXPECT_EQ(r.exit_code, 0);
    for (const char* word :
         {"--max", "--mode", "--atol", "--rtol", "--steps", "--allow", "--require-same-steps",
          "--ignore-header", "--junit", "--format", "--manifest", "Examples:", "cross-comp"}) {
        EXPECT_NE(r.out.find(word), std::string::npos) << word;
    }
}

} // namespace
} // namespace tracediff
