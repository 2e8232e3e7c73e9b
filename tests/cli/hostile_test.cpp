// Hostile input: what tracediff does with files that crashed runs, half-written uploads and
// other tools leave behind. Each case has a defined outcome - a clear error and exit 2, or a
// documented reading - and none may crash, hang or print a number that was not in the file.
// Big inputs are made here, in a temporary folder, or streamed through a pipe.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>

#include "../support/golden.hpp"
#include "../support/run_tracediff.hpp"

namespace tracediff {
namespace {

namespace fs = std::filesystem;
using testing::expect_golden;
using testing::read_file;
using Result = testing::RunResult;

const std::string k_ok = "{\"step\":1,\"loss\":0.5}\n{\"step\":2,\"loss\":0.25}\n";

class Hostile : public ::testing::Test {
protected:
    void SetUp() override { write("ok.jsonl", k_ok); }

    void write(const std::string& name, const std::string& content) const {
        m_temp.write(name, content);
    }

    // tracediff ARGS, run in the temporary folder.
    Result run(const std::string& args, const std::string& prefix = "") const {
        return testing::run_tracediff(args, prefix, m_temp.str());
    }

    // A bash command line, run in the temporary folder; $TRACEDIFF is the binary.
    Result bash(const std::string& script) const { return testing::run_bash(script, m_temp.str()); }

    testing::TempDir m_temp;
    const fs::path& m_dir = m_temp.path();
};

std::string error(const std::string& message) {
    return "tracediff: error: " + message + "\n";
}

TEST_F(Hostile, FiftyMegabyteLineIsRead) {
    // A step record with a 50 MB member is an ordinary record.
    write("long.jsonl", "{\"step\":1,\"loss\":0.5,\"note\":\"" + std::string(50'000'000, 'x') +
                            "\"}\n" + "{\"step\":2,\"loss\":0.25}\n");
    const Result r = run("table long.jsonl ok.jsonl --format csv");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_NE(r.out.find("long,ok,,loss,2,0,0,0,0,1"), std::string::npos) << r.out;
}

TEST_F(Hostile, FiftyMegabyteGarbageLine) {
    write("garbage.jsonl", k_ok + std::string(50'000'000, 'x') + "\n" + k_ok);
    const Result r = run("table garbage.jsonl ok.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("garbage.jsonl:3: malformed JSON at column 1: invalid literal\n    "
                           "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\n"
                           "    ^"));
}

TEST_F(Hostile, LineLongerThanTheLimit) {
    // A JSON-Lines record that never ends (content that looks like no format is refused
    // before it is read: BinaryGarbage).
    const Result r = bash("(printf '{\"x\": \"'; head -c 70000000 /dev/zero | tr '\\0' 'x') | "
                          "\"$TRACEDIFF\" table - ok.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("<stdin>:1: a line longer than 64 MiB; is this a trace?"));
}

TEST_F(Hostile, MillionMembersInOneRecord) {
    // nlohmann::ordered_json takes quadratic time in the members of an object: a limit.
    std::string record = "{\"step\":1,\"loss\":0.5";
    for (int i = 0; i < 1'000'000; ++i) {
        record += ",\"k" + std::to_string(i) + "\":0";
    }
    write("wide.jsonl", record + "}\n{\"step\":2,\"loss\":0.25}\n");
    Result r = run("table wide.jsonl ok.jsonl --format csv");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("wide.jsonl:1: more than 10000 object members in one line"));
    // 10,000 are read.
    record = "{\"step\":1,\"loss\":0.5";
    for (int i = 0; i < 9998; ++i) {
        record += ",\"k" + std::to_string(i) + "\":0";
    }
    write("wide.jsonl", record + "}\n{\"step\":2,\"loss\":0.25}\n");
    r = run("table wide.jsonl ok.jsonl --format csv");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("wide,ok,,loss,2,0,0,0,0,1"), std::string::npos) << r.out;
}

TEST_F(Hostile, DeepNesting) {
    const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
    write("deep.jsonl", "{\"step\":1,\"loss\":" + deep + "}\n" + k_ok);
    Result r = run("table deep.jsonl ok.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("deep.jsonl:1: arrays and objects nested deeper than 256 levels"));
    // Unclosed brackets, as the last line: still an error, not a truncated record.
    write("open.jsonl", k_ok + std::string(100'000, '{'));
    r = run("table open.jsonl ok.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("open.jsonl:3: arrays and objects nested deeper than 256 levels"));
    // 256 levels are fine.
    write("nested.jsonl", "{\"kind\":\"header\",\"config\":" + std::string(255, '[') +
                              std::string(255, ']') + "}\n" + k_ok);
    r = run("table nested.jsonl ok.jsonl");
    EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(Hostile, InvalidUtf8) {
    write("utf8.jsonl", "{\"step\":1,\"loss\":0.5,\"note\":\"\xff\xfe\"}\n" + k_ok);
    const Result r = run("table utf8.jsonl ok.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("utf8.jsonl:1: malformed JSON at column 30: invalid string: "
                           "ill-formed UTF-8 byte\n    "
                           "{\"step\":1,\"loss\":0.5,\"note\":\"\\xFF\\xFE\"}\n"
                           "                                 ^"));
}

TEST_F(Hostile, NulBytes) {
    write("nul.jsonl", std::string("{\"step\":1,\"loss\":0.5}\0\n", 23) + k_ok);
    Result r = run("table nul.jsonl ok.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("nul.jsonl:1: malformed JSON at column 22: NUL byte\n    "
                           "{\"step\":1,\"loss\":0.5}\\x00\n"
                           "                         ^"));
    // A string holding an escaped NUL is a string, never taken for a non-finite number.
    write("escaped.jsonl", "{\"step\":1,\"loss\":\"\\u0000NaN\"}\n" + k_ok);
    r = run("table escaped.jsonl ok.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("escaped.jsonl:1: 'loss' must be a number, found \"\\u0000NaN\""));
}

TEST_F(Hostile, HugeAndNegativeZeroNumbers) {
    write("huge.jsonl", "{\"step\":1,\"loss\":0.5}\n{\"step\":2,\"loss\":1e400}\n");
    Result r = run("table huge.jsonl ok.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("huge.jsonl:2: unreadable value: number overflow parsing '1e400'"));
    // -0.0 is read as it is written and equals 0.
    write("zero.jsonl", "{\"step\":1,\"loss\":-0.0}\n{\"step\":2,\"loss\":0.25}\n");
    write("plus.jsonl", "{\"step\":1,\"loss\":0.0}\n{\"step\":2,\"loss\":0.25}\n");
    r = run("table zero.jsonl plus.jsonl --format csv");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    // The delta of -0.0 and 0.0, as written, is zero (the difference of the doubles would be a
    // negative zero).
    EXPECT_NE(r.out.find("zero,plus,,loss,2,0,0,0,0,1"), std::string::npos) << r.out;
}

TEST_F(Hostile, StepOutOfRange) {
    write("big.jsonl", "{\"step\":1,\"loss\":0.5}\n{\"step\":9223372036854775808,\"loss\":1}\n");
    Result r = run("table big.jsonl ok.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("big.jsonl:2: 'step' is out of range: 9223372036854775808"));
    write("max.jsonl", "{\"step\":1,\"loss\":0.5}\n{\"step\":9223372036854775807,\"loss\":1}\n");
    r = run("table max.jsonl ok.jsonl");
    EXPECT_EQ(r.exit_code, 0) << r.err;
}

// Ten million repeats of one step must not take quadratic time (a hang shows as ctest's
// timeout; speed itself is measured in bench/, not here).
TEST_F(Hostile, TenMillionRecordsOfOneStep) {
    // 9,999,999 records of one value, then one of another: the last value wins.
    Result r = bash("{ yes '{\"step\":1,\"loss\":0.25}' | head -n 9999999; "
                    "echo '{\"step\":1,\"loss\":0.5}'; } | \"$TRACEDIFF\" table - ok.jsonl "
                    "--format csv");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "tracediff: warning: <stdin>:10000000: step 1 is logged more than once with "
                     "different values; the records of a step are merged, and the last value of "
                     "a field wins (values of 9999999 earlier records replaced)\n"
                     "tracediff: warning: 'stdin' vs 'ok': 1 step only in 'ok' is not compared\n");
    EXPECT_NE(r.out.find("stdin,ok,,loss,1,0,,0,0,1"), std::string::npos) << r.out;
    // Ten million records of one value lose nothing: no warning about them.
    r = bash("yes '{\"step\":1,\"loss\":0.5}' | head -n 10000000 | \"$TRACEDIFF\" table - "
             "ok.jsonl --format csv");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "tracediff: warning: 'stdin' vs 'ok': 1 step only in 'ok' is not compared\n");
    EXPECT_NE(r.out.find("stdin,ok,,loss,1,0,,0,0,1"), std::string::npos) << r.out;
}

TEST_F(Hostile, BlankLinesOnly) {
    write("blank.jsonl", std::string(100000, '\n') + "  \t\r\n");
    const Result r = run("table blank.jsonl ok.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("blank.jsonl: no records: the file is empty"));
}

TEST_F(Hostile, BinaryGarbage) {
    std::string bytes;
    std::uint32_t x = 12345;
    for (int i = 0; i < 100000; ++i) {
        x = x * 1664525U + 1013904223U;
        bytes += static_cast<char>(x >> 24);
    }
    write("garbage.bin", bytes);
    const Result r = run("table garbage.bin ok.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    // No format recognises it: an error that says what it looks like and lists the formats.
    EXPECT_EQ(r.err, error("garbage.bin: not a format tracediff reads: binary data that is not a "
                           "TensorBoard event file (the first bytes are 05 04 8b a2 e8 1c 7e 8c); "
                           "the formats are tensorboard, trainer-state, megatron, jsonl, csv, "
                           "tsv, text, megatron-log, torchtitan-log, nanogpt-log, mllog (--from "
                           "FORMAT reads a file as one of them)"));
    // Read as JSON Lines, it is malformed JSON on line 1.
    const Result as_jsonl = run("table garbage.bin ok.jsonl --from jsonl");
    EXPECT_EQ(as_jsonl.exit_code, 2);
    EXPECT_EQ(as_jsonl.err, error("garbage.bin:1: malformed JSON at column 1: invalid literal\n"
                                  "    \\x05\\x04\\x8B\\xA2\\xE8\\x1C~\\x8C\\x98\\xC8\n    ^"));
}

TEST_F(Hostile, DirectoryDevNullAndUnreadableFile) {
    fs::create_directory(m_dir / "folder");
    Result r = run("table folder ok.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("folder: a folder without TensorBoard event files (tracediff reads a "
                           "folder as a TensorBoard run: the event files in it)"));
    r = run("table /dev/null ok.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("/dev/null: no records: the file is empty"));
    if (::geteuid() == 0) {
        GTEST_SKIP() << "root reads files without read permission";
    }
    write("secret.jsonl", k_ok);
    fs::permissions(m_dir / "secret.jsonl", fs::perms::none);
    r = run("table secret.jsonl ok.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("cannot open 'secret.jsonl': Permission denied"));
}

TEST_F(Hostile, ProcessSubstitutionAndFifo) {
    write("a.jsonl", k_ok);
    Result r = bash("gzip -c a.jsonl > a.jsonl.gz\n"
                    "\"$TRACEDIFF\" table --format csv <(zcat a.jsonl.gz) <(cat ok.jsonl)");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(",0,0,0,0"), std::string::npos) << r.out;
    // A compressed stream through process substitution is recognised too.
    r = bash("\"$TRACEDIFF\" table --format csv <(gzip -c a.jsonl) ok.jsonl");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(",0,0,0,0"), std::string::npos) << r.out;
    r = bash("mkfifo pipe.jsonl\n(cat a.jsonl > pipe.jsonl &)\n"
             "\"$TRACEDIFF\" table --format csv pipe.jsonl ok.jsonl");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("pipe,ok,,loss,2,0,0,0,0,1"), std::string::npos) << r.out;
}

TEST_F(Hostile, FullDiskIsAnError) {
    write("a.jsonl", k_ok);
    const Result r = bash("\"$TRACEDIFF\" table a.jsonl ok.jsonl > /dev/full");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("cannot write to standard output: No space left on device"));
}

TEST_F(Hostile, InterruptLeavesNoFile) {
    for (const auto& [signal, code] : {std::pair{"INT", 130}, std::pair{"TERM", 143}}) {
        const Result r = bash(std::string("mkfifo in\n"
                                          "sleep 30 > in &\nholder=$!\n"
                                          "\"$TRACEDIFF\" table - ok.jsonl -o out.md < in &\n"
                                          "pid=$!\nsleep 0.5\nkill -") +
                              signal +
                              " $pid\nwait $pid\necho \"exit $?\"\nkill $holder\nrm in\n"
                              "ls -A | grep -v '^[.]s' | grep -v '^ok.jsonl$' || true");
        EXPECT_EQ(r.out, "exit " + std::to_string(code) + "\n") << signal; // 128 + the signal
    }
}

} // namespace
} // namespace tracediff
