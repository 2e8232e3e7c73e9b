// The trainers' standard outputs read by the built command: tests/data/formats/stdout/ holds
// the run of tests/data/formats/ as Megatron-LM, torchtitan, modded-nanogpt, nanoGPT and MLPerf
// logging print it (make_formats.py), each in the framework's own precision; and traces/demo/
// has tracegen's four corners as torchtitan prints them.
#include <gtest/gtest.h>

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

TEST(StdoutFormats, EachIsReadWholeAndRecognisedByContent) {
    // Every delta is the framework's printing resolution: 5e-7 for {:.6E}, 5e-5 for {:.4f},
    // zero where the value is printed in full.
    const Result r = run("table --manifest stdout.json");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    expect_golden("cli_formats_stdout.md", r.out);
    // What was read and what was skipped, for one of them.
    const Result diff = run("diff run.jsonl stdout/megatron.log --alias 'loss=lm loss'");
    EXPECT_EQ(diff.exit_code, 0) << diff.err;
    expect_golden("cli_formats_stdout_diff.txt", diff.out);
}

TEST(StdoutFormats, ValidationFieldsAreNamedAsPrinted) {
    struct Case {
        const char* file;
        const char* field;
        const char* row; // the CSV row against run.csv's val_loss, from the field on
    };
    // Validation at steps 5 and 10, printed with {:.6E} (Megatron) or {:.4f}: within half a unit
    // of the last printed digit. modded-nanogpt also validates at step 0.
    const Case cases[] = {
        {"stdout/megatron.log", "validation lm loss",
         "val_loss,2,1.0627746593883103e-07,4.247131348833477e-07,2.654953004110894e-07,"
         "4.247131348833477e-07,10\n"},
        {"stdout/torchtitan.log", "validation loss",
         "val_loss,2,1.0106277466004343e-05,6.424713134833837e-06,8.26549530041909e-06,"
         "1.0106277466004343e-05,5\n"},
        {"stdout/modded_nanogpt.log", "val_loss",
         "val_loss,2,,1.0106277466004343e-05,8.26549530041909e-06,1.0106277466004343e-05,5\n"},
        {"stdout/nanogpt.log", "val loss",
         "val_loss,2,1.0106277466004343e-05,6.424713134833837e-06,8.26549530041909e-06,"
         "1.0106277466004343e-05,5\n"},
        {"stdout/mllog.log", "eval_accuracy", "val_acc,2,0,0,0,0,5\n"},
    };
    for (const Case& c : cases) {
        const std::string field = std::string(c.row).substr(0, std::string(c.row).find(','));
        const Result r = run("table run.csv " + std::string(c.file) + " --field " + field +
                             " --alias '" + field + "=" + c.field + "' --format csv");
        EXPECT_EQ(r.exit_code, 0) << c.file << ": " << r.err;
        EXPECT_EQ(r.out.substr(r.out.find(",," + field) + 2), c.row) << c.file;
    }
}

TEST(StdoutFormats, FromForcesAFormatAndBadLinesAreErrors) {
    Result r = run("table stdout/nanogpt.log stdout/torchtitan.log --from torchtitan-log");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "tracediff: error: stdout/nanogpt.log: no line is a torchtitan-log record "
                     "(14 lines read)\n");
    r = run("table stdout/nanogpt.log stdout/modded_nanogpt.log --from nanogpt-log --format csv "
            "--alias loss=train_loss");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    r = run("table run.jsonl bad/megatron_bad_number.log --alias 'loss=lm loss'");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "tracediff: error: bad/megatron_bad_number.log:2: 'lm loss' is "
                     "'2.4x58023E+00', not a number\n");
    EXPECT_EQ(r.out, "");
    // A field that is no number is not read unless it is compared.
    r = run("table run.jsonl bad/megatron_bad_number.log --field grad_norm --alias "
            "'grad_norm=grad norm' --format csv");
    EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(StdoutFormats, TheDemoCornersFromTorchtitanOutputGiveTheSameTable) {
    // traces/demo/demo.*.log: tracegen --progress torchtitan, the loss printed in full.
    const std::string demo = std::string(TRACEDIFF_SOURCE_DIR) + "/traces/demo";
    const Result plain = run_tracediff("table --manifest corners.json --format csv", "", demo);
    const Result stdouts =
        run_tracediff("table --manifest corners-stdout.json --format csv", "", demo);
    EXPECT_EQ(plain.exit_code, 0) << plain.err;
    EXPECT_EQ(stdouts.exit_code, 0) << stdouts.err;
    EXPECT_EQ(stdouts.out, plain.out);
    const Result table = run_tracediff("table --manifest corners-stdout.json", "", demo);
    expect_golden("cli_demo_corners_stdout.md", table.out);
    EXPECT_EQ(table.err, "");
}

} // namespace
} // namespace tracediff
