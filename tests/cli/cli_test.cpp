// The built tracediff binary, run as a user would: exit codes, exact stderr, golden stdout.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "../support/golden.hpp"
#include "../support/run_tracediff.hpp"

namespace tracediff {
namespace {

namespace fs = std::filesystem;
using testing::expect_golden;
using testing::read_file;

using Result = testing::RunResult;

using testing::run_tracediff;

const char* k_three = "run.alpha.jsonl run.beta.jsonl run.gamma.jsonl";
const char* k_three_warnings =
    "tracediff: warning: 'alpha' vs 'beta': 1 step only in 'alpha' and 1 step only in 'beta' "
    "are not compared\n"
    "tracediff: warning: the headers of 'alpha' and 'gamma' differ: config.lr: 0.01 vs 0.02\n"
    "tracediff: warning: the headers of 'beta' and 'gamma' differ: config.lr: 0.01 vs 0.02\n"
    "tracediff: warning: 'beta' vs 'gamma': 1 step only in 'beta' and 1 step only in 'gamma' "
    "are not compared\n";

TEST(Cli, TableOfThreeFiles) {
    const Result r = run_tracediff(std::string("table ") + k_three);
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err, k_three_warnings);
    expect_golden("cli_table.md", r.out);
}

TEST(Cli, TableCsvAndJson) {
    const Result csv = run_tracediff(std::string("table --format csv ") + k_three);
    EXPECT_EQ(csv.exit_code, 0);
    expect_golden("cli_table.csv", csv.out);
    const Result json = run_tracediff(std::string("table --format json ") + k_three);
    EXPECT_EQ(json.exit_code, 0);
    expect_golden("cli_table.json", json.out);
}

TEST(Cli, TableOfAnotherField) {
    const Result r = run_tracediff(std::string("table --field lr ") + k_three);
    EXPECT_EQ(r.exit_code, 0);
    expect_golden("cli_table_lr.md", r.out);
}

TEST(Cli, TableFromManifest) {
    const Result r = run_tracediff("table --manifest runs.json");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err,
              "tracediff: warning: 'alpha' vs 'beta': 1 step only in 'alpha' and 1 step only in "
              "'beta' are not compared\n"
              "tracediff: warning: the headers of 'alpha' and 'gamma' differ: config.lr: 0.01 vs "
              "0.02\n");
    expect_golden("cli_manifest.md", r.out);
}

TEST(Cli, TableAgainstABaseline) {
    for (const char* format : {"markdown", "csv", "json"}) {
        const Result r =
            run_tracediff(std::string("table --manifest noise.json --format ") + format);
        EXPECT_EQ(r.exit_code, 0);
        const std::string ext = std::string(format) == "markdown" ? "md" : format;
        expect_golden("cli_noise." + ext, r.out);
    }
}

TEST(Cli, Matrix) {
    const Result r = run_tracediff(std::string("table --matrix step2 ") + k_three);
    EXPECT_EQ(r.exit_code, 0);
    expect_golden("cli_matrix_step2.md", r.out);
    const Result m = run_tracediff("table --matrix max --manifest runs.json --format csv");
    EXPECT_EQ(m.exit_code, 0);
    expect_golden("cli_matrix_max.csv", m.out);
}

TEST(Cli, DiffInEveryFormat) {
    for (const char* format : {"text", "markdown", "csv", "json"}) {
        const Result r = run_tracediff(std::string("diff --format ") + format +
                                       " run.alpha.jsonl run.beta.jsonl");
        EXPECT_EQ(r.exit_code, 0);
        EXPECT_EQ(r.err, "");
        const std::string ext = std::string(format) == "text"       ? "txt"
                                : std::string(format) == "markdown" ? "md"
                                                                    : format;
        expect_golden("cli_diff." + ext, r.out);
    }
}

TEST(Cli, DiffIsTheDefaultSubcommand) {
    const Result shorthand = run_tracediff("run.alpha.jsonl run.beta.jsonl");
    const Result full = run_tracediff("diff run.alpha.jsonl run.beta.jsonl");
    EXPECT_EQ(shorthand.exit_code, 0);
    EXPECT_EQ(shorthand.out, full.out);
    EXPECT_FALSE(shorthand.out.empty());
}

TEST(Cli, DiffWithHeaderDifferencesAndNaN) {
    const Result r = run_tracediff("diff run.alpha.jsonl run.gamma.jsonl");
    EXPECT_EQ(r.exit_code, 0);
    expect_golden("cli_diff_gamma.txt", r.out);
}

TEST(Cli, StandardInput) {
    const Result r = run_tracediff("diff run.alpha.jsonl - < run.beta.jsonl");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("A  run.alpha  run.alpha.jsonl\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("B  stdin      -\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("step 2 Δ          1.00e-06 at step 2"), std::string::npos) << r.out;
}

TEST(Cli, StandardInputOnlyOnce) {
    const Result r = run_tracediff("table - -");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "tracediff: error: standard input ('-') can be read only once\n");
}

TEST(Cli, MissingFile) {
    const Result r = run_tracediff("table run.alpha.jsonl nope.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "tracediff: error: cannot open 'nope.jsonl': No such file or directory\n");
}

TEST(Cli, Directory) {
    // A folder is read as a TensorBoard run; tests/data has no event files at its top, and its
    // subfolder formats/ is a run, to be picked as .#formats.
    Result r = run_tracediff("diff run.alpha.jsonl .");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "tracediff: error: . holds 1 run (formats): pick it with .#formats\n");
    r = run_tracediff("diff run.alpha.jsonl . --from jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "tracediff: error: cannot open '.': Is a directory\n");
}

TEST(Cli, UnreadableFile) {
    const fs::path file = fs::temp_directory_path() / "tracediff_unreadable.jsonl";
    fs::copy_file(fs::path(TRACEDIFF_DATA_DIR) / "run.alpha.jsonl", file,
                  fs::copy_options::overwrite_existing);
    fs::permissions(file, fs::perms::none);
    // Root reads anything; drop to an unprivileged user for the run when we are root.
    std::string prefix;
    if (::geteuid() == 0) {
        if (std::system("command -v setpriv >/dev/null") != 0) {
            fs::remove(file);
            GTEST_SKIP() << "running as root without setpriv";
        }
        prefix = "setpriv --reuid=65534 --regid=65534 --clear-groups";
        // The unprivileged user must be able to run the binary from where it was built.
        if (std::system((prefix + " test -x '" + TRACEDIFF_BINARY + "'").c_str()) != 0) {
            fs::remove(file);
            GTEST_SKIP() << "an unprivileged user cannot run " << TRACEDIFF_BINARY;
        }
    }
    const Result r = run_tracediff("diff run.alpha.jsonl '" + file.string() + "'", prefix);
    fs::remove(file);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "tracediff: error: cannot open '" + file.string() + "': Permission denied\n");
}

TEST(Cli, EmptyFile) {
    const Result r = run_tracediff("diff run.alpha.jsonl empty.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "tracediff: error: empty.jsonl: no records: the file is empty\n");
}

TEST(Cli, MalformedLine) {
    const Result r = run_tracediff("diff run.alpha.jsonl malformed.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "tracediff: error: malformed.jsonl:2: malformed JSON at column 25: "
                     "unexpected '}'; expected string literal\n"
                     "    {\"step\": 2, \"loss\": 0.5,}\n"
                     "                            ^\n");
}

TEST(Cli, TruncatedLastLineIsAWarning) {
    const Result r = run_tracediff("table run.alpha.jsonl truncated.jsonl");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err, "tracediff: warning: truncated.jsonl:3: ignoring truncated final record\n"
                     "tracediff: warning: only 'run-alpha' has a header, so 'run-alpha' and "
                     "'truncated' cannot be checked to be the same network and configuration\n"
                     "tracediff: warning: 'run-alpha' vs 'truncated': 4 steps only in "
                     "'run-alpha' are not compared\n");
    expect_golden("cli_truncated.md", r.out);
}

TEST(Cli, ConcatenatedTraces) {
    const Result r = run_tracediff("diff run.alpha.jsonl concatenated.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "tracediff: error: concatenated.jsonl:3: a second header record (the "
                     "first is on line 1); were two traces concatenated?\n");
}

TEST(Cli, MissingField) {
    const Result r = run_tracediff("diff --field grad_norm run.alpha.jsonl run.beta.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "tracediff: error: run.alpha.jsonl: no step record has the field "
                     "'grad_norm' (the first step record, on line 2, has: kind, step, epoch, "
                     "loss, lr)\n");
}

TEST(Cli, ManifestWithUnknownLabel) {
    const Result r = run_tracediff("table --manifest bad_label.json");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "tracediff: error: bad_label.json: comparisons[0].b names an unknown "
                     "trace 'delta' (known: alpha, beta)\n");
}

TEST(Cli, ManifestAndFilesTogether) {
    const Result r = run_tracediff("table --manifest runs.json run.alpha.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "tracediff: error: give trace files or --manifest, not both\n");
}

TEST(Cli, TableNeedsTwoFiles) {
    const Result r = run_tracediff("table run.alpha.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err,
              "tracediff: error: table needs at least two trace files or --manifest, got 1\n");
}

TEST(Cli, ArgumentErrorsExitTwoWithAHint) {
    const Result format = run_tracediff("table --format xml run.alpha.jsonl run.beta.jsonl");
    EXPECT_EQ(format.exit_code, 2);
    EXPECT_EQ(format.err, "tracediff: error: --format: xml not in {markdown,csv,json,md}\n"
                          "Run 'tracediff table --help' for usage.\n");
    const Result one = run_tracediff("diff run.alpha.jsonl");
    EXPECT_EQ(one.exit_code, 2);
    EXPECT_EQ(one.err, "tracediff: error: tracediff diff compares two traces, A and B; got 1\n"
                       "Run 'tracediff diff --help' for usage.\n");
    const Result nothing = run_tracediff("");
    EXPECT_EQ(nothing.exit_code, 2);
    EXPECT_EQ(nothing.err, "tracediff: error: A subcommand is required\n"
                           "Run 'tracediff --help' for usage.\n");
    const Result unknown = run_tracediff("--frobnicate");
    EXPECT_EQ(unknown.exit_code, 2);
}

TEST(Cli, ThreeTracesWithoutASubcommandPointToTable) {
    // `tracediff a b c` is the diff shorthand with one trace too many: say what to run instead.
    const Result three = run_tracediff("run.alpha.jsonl run.beta.jsonl run.gamma.jsonl");
    EXPECT_EQ(three.exit_code, 2);
    EXPECT_EQ(three.out, "");
    EXPECT_EQ(three.err, "tracediff: error: tracediff A B (short for tracediff diff A B) compares "
                         "two traces, A and B; got 3. To compare several, use tracediff table "
                         "run.alpha.jsonl run.beta.jsonl run.gamma.jsonl\n"
                         "Run 'tracediff diff --help' for usage.\n");
}

TEST(Cli, OptionsTakeOneValueAndTracesGoAnywhere) {
    // Options first, as most people type commands: --max takes one value, not the traces.
    const Result first = run_tracediff("check --max step1=1e-6 --max step2=1e-5 run.alpha.jsonl "
                                       "run.beta.jsonl");
    const Result last = run_tracediff("check run.alpha.jsonl run.beta.jsonl --max step1=1e-6 "
                                      "--max step2=1e-5");
    const Result between = run_tracediff("check run.alpha.jsonl --max step1=1e-6 run.beta.jsonl "
                                         "--max step2=1e-5");
    EXPECT_EQ(first.exit_code, 0) << first.err;
    EXPECT_EQ(first.out, last.out);
    EXPECT_EQ(first.out, between.out);
    EXPECT_EQ(between.exit_code, 0) << between.err;
    // The same for the options of every subcommand that take values.
    const Result table = run_tracediff("table --alias loss=val_loss --field loss run.alpha.jsonl "
                                       "run.beta.jsonl");
    EXPECT_EQ(table.exit_code, 0) << table.err;
    EXPECT_EQ(table.out, run_tracediff("table run.alpha.jsonl run.beta.jsonl").out);
    const Result diff = run_tracediff("diff --field lr run.alpha.jsonl run.beta.jsonl");
    EXPECT_EQ(diff.exit_code, 0) << diff.err;
    const Result plot = run_tracediff("plot --title T run.alpha.jsonl run.beta.jsonl");
    EXPECT_EQ(plot.exit_code, 0) << plot.err;
    // Two values after one --max: the second is a trace, not a criterion.
    const Result two = run_tracediff("check --max step1=1 step2=1 run.alpha.jsonl");
    EXPECT_EQ(two.exit_code, 2);
    EXPECT_EQ(two.err, "tracediff: error: cannot open 'step2=1': No such file or directory\n");
}

TEST(Cli, HelpAndVersion) {
    const Result help = run_tracediff("--help");
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_NE(help.out.find("Examples:"), std::string::npos);
    EXPECT_NE(help.out.find("table"), std::string::npos);
    for (const char* sub : {"table", "diff"}) {
        const Result r = run_tracediff(std::string(sub) + " --help");
        EXPECT_EQ(r.exit_code, 0);
        EXPECT_NE(r.out.find("Examples:"), std::string::npos) << sub;
        EXPECT_NE(r.out.find("--format"), std::string::npos) << sub;
        EXPECT_NE(r.out.find("--output"), std::string::npos) << sub;
        EXPECT_NE(r.out.find("--field"), std::string::npos) << sub;
    }
    const Result version = run_tracediff("--version");
    EXPECT_EQ(version.exit_code, 0);
    EXPECT_EQ(version.out, std::string("tracediff ") + TRACEDIFF_VERSION + "\n");
}

TEST(Cli, OutputFileGetsTheReport) {
    const testing::TempDir dir;
    const fs::path file = dir / "output.md";
    const Result r =
        run_tracediff(std::string("table --output '") + file.string() + "' " + k_three);
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(read_file(file), run_tracediff(std::string("table ") + k_three).out);
}

TEST(Cli, OutputNeverOverwritesAnInput) {
    const testing::TempDir dir;
    fs::copy_file(fs::path(TRACEDIFF_DATA_DIR) / "run.alpha.jsonl", dir / "a.jsonl",
                  fs::copy_options::overwrite_existing);
    const std::string before = read_file(dir / "a.jsonl");
    const std::string a = (dir / "a.jsonl").string();
    const Result r = run_tracediff("diff --output '" + a + "' '" + a + "' run.beta.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err,
              "tracediff: error: refusing to write the report over the input file '" + a + "'\n");
    EXPECT_EQ(read_file(dir / "a.jsonl"), before);
}

} // namespace
} // namespace tracediff
