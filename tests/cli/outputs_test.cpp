// Where reports go: devices, FIFOs, descriptors and links as outputs, outputs that are inputs,
// a trace compared with itself, signals during a write, a closed standard input (issue 11).
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "../support/run_tracediff.hpp"

namespace tracediff {
namespace {

using Result = testing::RunResult;

const std::string k_a = "{\"step\":1,\"loss\":0.5}\n{\"step\":2,\"loss\":0.25}\n";
const std::string k_b = "{\"step\":1,\"loss\":0.5}\n{\"step\":2,\"loss\":0.5}\n";
const std::string k_csv_row = "a,b,,loss,2,0,0.25,0.125,0.25,2\n";

class Outputs : public ::testing::Test {
protected:
    void SetUp() override {
        m_temp.write("a.jsonl", k_a);
        m_temp.write("b.jsonl", k_b);
    }
    Result run(const std::string& args) const {
        return testing::run_tracediff(args, "", m_temp.str());
    }
    Result bash(const std::string& script) const { return testing::run_bash(script, m_temp.str()); }
    std::string read(const std::string& name) const { return m_temp.read(name); }

    testing::TempDir m_temp;
};

std::string error(const std::string& message) {
    return "tracediff: error: " + message + "\n";
}

TEST_F(Outputs, CharacterDevicesAreWrittenThrough) {
    const Result r = bash("\"$TRACEDIFF\" table a.jsonl b.jsonl -o /dev/null && "
                          "\"$TRACEDIFF\" check a.jsonl b.jsonl --max max=1 --junit /dev/null && "
                          "test -c /dev/null && echo device");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "check a vs b: loss\n  A  a.jsonl\n  B  b.jsonl\n"
                     "SKIP  header  neither trace has a header (--require-header makes this "
                     "fail)\n"
                     "PASS  max  \xCE\x94=2.50e-01 <= 1 at step 2\n"
                     "PASS: the 1 criterion passed, 1 skipped\n"
                     "device\n");
}

TEST_F(Outputs, StandardOutputByName) {
    const Result r = run("table a.jsonl b.jsonl --format csv -o /dev/stdout");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(k_csv_row), std::string::npos) << r.out;
}

TEST_F(Outputs, FifoReaderGetsTheReport) {
    const Result r =
        bash("mkfifo pipe\ntimeout 10 cat pipe > got &\n"
             "timeout 10 \"$TRACEDIFF\" table a.jsonl b.jsonl --format csv -o pipe\nwait\n"
             "test -p pipe && echo fifo");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "fifo\n");
    EXPECT_NE(read("got").find(k_csv_row), std::string::npos) << read("got");
}

TEST_F(Outputs, ProcessSubstitution) {
    const Result r = bash("\"$TRACEDIFF\" table a.jsonl b.jsonl --format csv -o >(cat > got)\n"
                          "sleep 0.3");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(read("got").find(k_csv_row), std::string::npos) << read("got");
}

TEST_F(Outputs, SymbolicLinkIsFollowed) {
    const Result r = bash("mkdir real\necho old > real/report.csv\nln -s real/report.csv link\n"
                          "\"$TRACEDIFF\" table a.jsonl b.jsonl --format csv -o link\n"
                          "test -L link && echo link; ls -A real");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "link\nreport.csv\n");
    EXPECT_NE(read("real/report.csv").find(k_csv_row), std::string::npos);
}

TEST_F(Outputs, FolderIsRefused) {
    const Result r = bash("mkdir out.md\n\"$TRACEDIFF\" table a.jsonl b.jsonl -o out.md");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("cannot write the report to 'out.md': it is a folder, not a file"));
}

TEST_F(Outputs, StandardInputIsNeverOverwritten) {
    const Result r = run("table - b.jsonl -o a.jsonl < a.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("refusing to write the report over standard input: 'a.jsonl' is the "
                           "file standard input reads"));
    EXPECT_EQ(read("a.jsonl"), k_a);
}

TEST_F(Outputs, ManifestIsNeverOverwritten) {
    const std::string manifest = R"({"traces": {"a": "a.jsonl", "b": "b.jsonl"},
        "checks": [{"name": "c", "a": "a", "b": "b", "max": {"max": 1}}]})";
    m_temp.write("m.json", manifest);
    for (const std::string args :
         {"table --manifest m.json -o m.json", "check --manifest m.json --junit m.json",
          "plot --manifest m.json -o ./m.json"}) {
        const Result r = run(args);
        EXPECT_EQ(r.exit_code, 2) << args;
        EXPECT_EQ(r.err, error("refusing to write the report over the manifest 'm.json'")) << args;
        EXPECT_EQ(read("m.json"), manifest);
    }
}

TEST_F(Outputs, OutputAndJunitMustDiffer) {
    Result r = run("check a.jsonl b.jsonl --max max=1 -o x.txt --junit x.txt");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("'x.txt' and 'x.txt' name the same file; give each report a file of "
                           "its own"));
    r = run("check a.jsonl b.jsonl --max max=1 -o x.txt --junit ./x.txt");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("'x.txt' and './x.txt' name the same file; give each report a file "
                           "of its own"));
}

TEST_F(Outputs, TraceComparedWithItselfIsRefused) {
    Result r = run("check a.jsonl ./a.jsonl --max max=0");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("'a.jsonl' and './a.jsonl' are the same file; a trace compared with "
                           "itself always passes"));
    m_temp.write("m.json", R"({"traces": {"x": "a.jsonl", "y": "./a.jsonl", "z": "b.jsonl"},
        "checks": [{"name": "ok", "a": "x", "b": "z", "max": {"max": 1}},
                   {"name": "self", "a": "x", "b": "y", "max": {"max": 0}}]})");
    r = run("check --manifest m.json");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("m.json: check 'self' compares 'x' with 'y', which are the same file "
                           "'a.jsonl'; a trace compared with itself always passes"));
}

TEST_F(Outputs, ReportWritesBothFilesOrNeither) {
    m_temp.write("m.json", R"({"traces": {"a": "a.jsonl", "b": "b.jsonl"}})");
    const Result r = bash("mkdir -p out/report.md\n"
                          "\"$TRACEDIFF\" report --manifest m.json --out out\n"
                          "echo \"exit $?\"\nls -A out");
    EXPECT_EQ(r.err, error("cannot write the report to 'out/report.md': it is a folder, not a "
                           "file"));
    EXPECT_EQ(r.out, "exit 2\nreport.md\n"); // no deltas.svg, no temporary file
}

TEST_F(Outputs, SignalsDuringAWriteLeaveNoFile) {
    for (const auto& [signal, code] :
         {std::pair{"INT", 130}, std::pair{"TERM", 143}, std::pair{"HUP", 129}}) {
        const Result r = bash(std::string("mkfifo in\nsleep 30 > in &\nholder=$!\n"
                                          "\"$TRACEDIFF\" table - b.jsonl -o out.md < in &\n"
                                          "pid=$!\nsleep 0.5\nkill -") +
                              signal +
                              " $pid\nwait $pid\necho \"exit $?\"\nkill $holder\nrm in\n"
                              "ls -A | grep -v '^[ab][.]jsonl$' || true");
        EXPECT_EQ(r.out, "exit " + std::to_string(code) + "\n") << signal;
    }
}

TEST_F(Outputs, ClosedStandardInput) {
    const Result r = run("table a.jsonl - <&-");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("cannot read standard input ('-'): it is closed"));
}

} // namespace
} // namespace tracediff
