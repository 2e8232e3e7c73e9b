// The logs training frameworks write, read by the built command: tests/data/formats/ holds one
// small run (tracegen, 10 steps) in every format and layout, made by make_formats.py. Each
// must give the same table as the run's trace: the same steps, the same numbers.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "../support/golden.hpp"
#include "../support/run_tracediff.hpp"

namespace tracediff {
namespace {

using testing::expect_golden;
using testing::run_tracediff;
using Result = testing::RunResult;

const std::string k_dir = std::string(TRACEDIFF_DATA_DIR) + "/formats";

Result run(const std::string& args) {
    return run_tracediff(args, "", k_dir);
}

// The CSV row of `tracediff table run.jsonl FILE OPTIONS` from steps_compared on.
std::string row_against_trace(const std::string& file, const std::string& options,
                              const std::string& field = "loss") {
    const Result r =
        run("table run.jsonl '" + file + "' --format csv --field " + field + " " + options);
    EXPECT_EQ(r.exit_code, 0) << file << ": " << r.err;
    // The only warning: the trace has a header, the other log none. No step only in one.
    EXPECT_EQ(r.err.find("not compared"), std::string::npos) << file << ": " << r.err;
    const std::string last = r.out.substr(r.out.rfind('\n', r.out.size() - 2) + 1);
    std::size_t comma = 0;
    for (int i = 0; i < 4; ++i) {
        comma = last.find(',', comma) + 1;
    }
    return last.substr(comma);
}

TEST(Formats, EveryFormatAndLayoutGivesTheTraceOfTheRun) {
    struct Case {
        const char* file;
        const char* options;
    };
    const std::string pattern = R"(--pattern 'step:\s*(?P<step>\d+)\s+loss:\s*(?P<loss>\S+)')";
    const Case cases[] = {
        {"rekeyed.jsonl", "--alias loss=train/loss"},
        {"run.csv", ""},
        {"wandb.csv", "--alias loss=train/loss"},
        {"run.tsv", ""},
        {"run.tfevents", ""},
        {"tensor_float_val.tfevents", ""},
        {"tensor_double_val.tfevents", ""},
        {"tensor_content32.tfevents", ""},
        {"tensor_content64.tfevents", ""},
        {"run_dir", ""},
        {"golden_values.json", "--alias 'loss=lm loss'"},
        {"golden_values_dev.json", "--alias 'loss=lm loss'"},
        {"trainer_state.json", ""},
        {"stdout.log", pattern.c_str()},
        {"stdout.log", ""}, // torchtitan's shape: read as torchtitan-log without a pattern
        {"stdout/torchtitan_losses.txt", ""},
        {"stdout/mllog.log", "--alias loss=train_loss"},
    };
    for (const Case& c : cases) {
        // 10 steps compared, and every delta exactly zero: the same values at the same steps.
        EXPECT_EQ(row_against_trace(c.file, c.options), "10,0,0,0,0,1\n") << c.file;
    }
    // Other fields than loss, where the format has them.
    for (const char* file : {"run.csv", "run.tsv", "run.tfevents", "tensor_content64.tfevents"}) {
        EXPECT_EQ(row_against_trace(file, "", "lr"), "10,0,0,0,0,1\n") << file;
        EXPECT_EQ(row_against_trace(file, "", "grad_norm"), "10,0,0,0,0,1\n") << file;
    }
    EXPECT_EQ(row_against_trace("rekeyed.jsonl", "--alias lr=optim.lr", "lr"), "10,0,0,0,0,1\n");
    EXPECT_EQ(row_against_trace("rekeyed.jsonl", "--alias 'grad_norm=grad norm'", "grad_norm"),
              "10,0,0,0,0,1\n");
    EXPECT_EQ(row_against_trace("trainer_state.json", "--alias lr=learning_rate", "lr"),
              "10,0,0,0,0,1\n");
    EXPECT_EQ(row_against_trace("run.tfevents", "", "epoch"), "10,0,0,0,0,1\n");
}

TEST(Formats, AManifestMixesThemWithEntriesOfTheirOwn) {
    const Result r = run("table --manifest all.json");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    expect_golden("cli_formats_manifest.md", r.out);
    EXPECT_EQ(run("table --manifest all.json --matrix max --format csv").exit_code, 0);
}

TEST(Formats, EverySubcommandReadsThem) {
    const std::string mixed = "run.tfevents run.csv";
    Result r = run("diff " + mixed);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    expect_golden("cli_formats_diff.txt", r.out);
    r = run("check " + mixed + " --max step1=0 --mode strict --require-same-steps");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    expect_golden("cli_formats_check.txt", r.out);
    r = run("plot " + mixed);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("<svg"), std::string::npos);
    const testing::TempDir out;
    r = run("report --manifest all.json --out '" + out.str() + "'");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(out.read("report.md").find("`trace vs stdout` (text log with a pattern)"),
              std::string::npos);
    // A text log in diff: the lines the pattern does not match are counted.
    r = run(
        "diff run.jsonl stdout.log --pattern 'step:\\s*(?P<step>\\d+)\\s+loss:\\s*(?P<loss>\\S+)'");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("  B                 4 lines not matching the pattern\n"),
              std::string::npos)
        << r.out;
}

TEST(Formats, CheckSkipsTheHeaderWhenNeitherTraceHasOne) {
    Result r = run("check run.tfevents run.csv --max step1=0");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "check tfevents vs csv: loss\n"
                     "  A  run.tfevents\n"
                     "  B  run.csv\n"
                     "SKIP  header  neither trace has a header (--require-header makes this fail)\n"
                     "PASS  step1  Δ=0 <= 0\n"
                     "PASS: the 1 criterion passed, 1 skipped\n");
    r = run("check run.tfevents run.csv --max step1=0 --require-header");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("FAIL  header  neither trace has a header (--require-header asks for "
                         "one)\n"),
              std::string::npos)
        << r.out;
    // Only one of the formats can have a header (a CSV has none): not checked, unless asked.
    r = run("check run.jsonl run.csv --max step1=0");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("SKIP  header  not checked: B's format has no header record\n"),
              std::string::npos)
        << r.out;
    r = run("check run.jsonl run.csv --max step1=0 --require-header");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("FAIL  header  only A has a header\n"), std::string::npos) << r.out;
    r = run("check run.tfevents run.csv --max step1=0 --ignore-header --require-header");
    EXPECT_EQ(r.exit_code, 2);
}

TEST(Formats, FromOverridesTheContentAndUnknownFormatsAreNamed) {
    Result r = run("table run.jsonl run.csv --from parquet");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "tracediff: error: unknown input format 'parquet' (expected one of: "
                     "tensorboard, trainer-state, megatron, jsonl, csv, tsv, text, megatron-log, "
                     "torchtitan-log, nanogpt-log, mllog)\n");
    r = run("table run.csv run.tsv --from csv");
    EXPECT_EQ(r.exit_code, 2);
    // One column whose name holds tabs, shown as \x09 (messages escape control characters).
    EXPECT_EQ(r.err, "tracediff: error: run.tsv:1: the header has no step column (it has: "
                     "step\\x09loss\\x09lr\\x09grad_norm; the step column is the first of step, "
                     "iteration, iter, global_step, _step in any case, or --step-key NAME)\n");
    r = run("table run.jsonl run.csv --alias loss");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "tracediff: error: --alias takes FIELD=NAME (read NAME as FIELD), got "
                     "'loss'\n");
    r = run("table run.csv run.tsv --from csv --pattern '(?P<step>\\d+)'");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "tracediff: error: a pattern reads text logs; it does not go with the "
                     "format 'csv'\n");
    r = run("table run.jsonl run.csv --pattern 'loss (?P<loss>\\S+)'");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "tracediff: error: --pattern has no group named 'step' for the step; name "
                     "it (?P<step>...) (its named groups: loss)\n");
}

TEST(Formats, ErrorsNameTheFileAndWhatIsWrong) {
    struct Case {
        const char* args;
        int exit_code;
        const char* err;
    };
    const Case cases[] = {
        {"table run.jsonl bad/notes.txt", 2,
         "tracediff: error: bad/notes.txt: not a format tracediff reads: text whose first line "
         "is 'Training notes'; a CSV or TSV file needs a header row with a step column (step, "
         "iteration, iter, global_step, _step; --step-key names another), and a text log needs "
         "--pattern (or a step line of Megatron-LM, torchtitan, nanoGPT or MLPerf logging); the "
         "formats are tensorboard, trainer-state, megatron, jsonl, csv, tsv, text, megatron-log, "
         "torchtitan-log, nanogpt-log, mllog (--from FORMAT reads a file as one of them)\n"},
        {"table run.jsonl bad/ragged.csv", 2,
         "tracediff: error: bad/ragged.csv:3: a row of 2 cells, but the header has 3\n"},
        {"table run.jsonl bad/bad_crc.tfevents", 2,
         "tracediff: error: bad/bad_crc.tfevents: record at byte offset 166: the CRC of its data "
         "does not match (stored 0x8553ba33, computed 0x8453ba33): the file is corrupt\n"},
        {"table run.jsonl bad/golden_values_string.json", 2,
         "tracediff: error: bad/golden_values_string.json: metric 'lm loss': 'values' must be a "
         "list, or an object keyed by step; found string\n"},
        {"table run.jsonl stdout.log --pattern 'loss: (?P<loss>\\S+)'", 2,
         "tracediff: error: --pattern has no group named 'step' for the step; name it "
         "(?P<step>...) (its named groups: loss)\n"},
    };
    for (const Case& c : cases) {
        const Result r = run(c.args);
        EXPECT_EQ(r.exit_code, c.exit_code) << c.args;
        EXPECT_EQ(r.err, c.err) << c.args;
        EXPECT_EQ(r.out, "") << c.args;
    }
    // A cut-short last record: a warning, and the records before it are read.
    const Result r = run("table bad/cut_short.tfevents run.tfevents --format csv");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err.substr(0, r.err.find('\n')),
              "tracediff: warning: bad/cut_short.tfevents: ignoring truncated final record at byte "
              "offset 166 (35 of 42 bytes)");
    EXPECT_NE(r.out.find(",loss,3,0,0,0,0,1\n"), std::string::npos) << r.out;
}

TEST(Formats, RecordsOfAStepMergeAndTheLastValueWinsInEveryFormat) {
    // merge/: step 2 has loss 2.0, then lr 0.2 in a record of its own, then loss 2.5.
    const std::string pattern =
        "--pattern '^step (?P<step>\\d+)(?: loss (?P<loss>\\S+))?(?: lr (?P<lr>\\S+))?$'";
    for (const char* file : {"merge.csv", "merge.tfevents", "trainer_state.json",
                             "golden_values.json", "stdout.log"}) {
        for (const char* field : {"loss", "lr"}) {
            const Result r = run("table merge/merge.jsonl merge/" + std::string(file) +
                                 " --format csv --alias lr=learning_rate --alias 'loss=lm loss' "
                                 "--field " +
                                 field + " " + pattern);
            EXPECT_EQ(r.exit_code, 0) << file << ": " << r.err;
            std::string row = ",";
            row += field;
            row += ",3,0,0,0,0,1\n";
            EXPECT_NE(r.out.find(row), std::string::npos)
                << file << " " << field << ": " << r.out << r.err;
        }
    }
    // And the values are the merged ones: loss 2.5 at step 2.
    const Result r = run("diff merge/merge.jsonl merge/merge.tfevents --format json --field loss");
    EXPECT_NE(r.out.find("\"step2_b\": 2.5,"), std::string::npos) << r.out;
}

TEST(Formats, TheDemoCornersFromThreeFormatsGiveTheSameTable) {
    // traces/demo/corners-formats.json reads pairwise-fma from tracegen's event file and
    // sequential-nofma from its CSV: every number of the table is the same, in full precision.
    const std::string demo = std::string(TRACEDIFF_SOURCE_DIR) + "/traces/demo";
    const Result plain = run_tracediff("table --manifest corners.json --format csv", "", demo);
    const Result mixed =
        run_tracediff("table --manifest corners-formats.json --format csv", "", demo);
    EXPECT_EQ(plain.exit_code, 0) << plain.err;
    EXPECT_EQ(mixed.exit_code, 0) << mixed.err;
    EXPECT_EQ(mixed.out, plain.out);
    EXPECT_EQ(std::count(plain.out.begin(), plain.out.end(), '\n'), 5);
    const Result lr =
        run_tracediff("table --manifest corners-formats.json --format csv --field lr", "", demo);
    EXPECT_EQ(lr.out,
              run_tracediff("table --manifest corners.json --format csv --field lr", "", demo).out);
}

TEST(Formats, EverySubcommandTakesTheInputOptions) {
    for (const char* sub : {"table", "diff", "check", "plot", "report"}) {
        const Result r = run_tracediff(std::string(sub) + " --help");
        EXPECT_EQ(r.exit_code, 0) << sub;
        for (const char* option : {"--from", "--step-key", "--alias", "--pattern"}) {
            EXPECT_NE(r.out.find(option), std::string::npos) << sub << " " << option;
        }
    }
    EXPECT_NE(run_tracediff("check --help").out.find("--require-header"), std::string::npos);
}

TEST(Formats, CompressedLogsAreRecognisedInside) {
    const testing::TempDir dir;
    const Result r =
        testing::run_bash("gzip -c run.csv > '" + dir.str() + "/a.gz' && gzip -c run.tfevents > '" +
                              dir.str() + "/b.gz' && \"$TRACEDIFF\" table run.jsonl '" + dir.str() +
                              "/a.gz' '" + dir.str() + "/b.gz' --format csv",
                          k_dir);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::size_t rows = 0;
    for (std::size_t at = r.out.find(",loss,10,0,0,0,0,1\n"); at != std::string::npos;
         at = r.out.find(",loss,10,0,0,0,0,1\n", at + 1)) {
        ++rows;
    }
    EXPECT_EQ(rows, 3u) << r.out;
}

} // namespace
} // namespace tracediff
