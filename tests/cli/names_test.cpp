// Names that hold any bytes (issue 20): a cp1252 CSV header, a Latin-1 file name, a NUL in a
// column name or a tag, an escape sequence or a line end in a path. Every report stays valid
// UTF-8 (JSON, markdown, SVG, JUnit, GitHub annotations) and every message one whole line:
// such bytes show as \xNN (printable.hpp), never raw, never cutting the text short.
#include <gtest/gtest.h>

#include <string>

#include "../support/event_file.hpp"
#include "../support/run_tracediff.hpp"

namespace tracediff {
namespace {

namespace ev = testing::events;
using Result = testing::RunResult;
using namespace std::string_literals;

const std::string k_latin1 = "caf\xE9.csv"; // café.csv as Latin-1 writes it
const std::string k_rows = "1,2.5\n2,2.25\n";

class Names : public ::testing::Test {
protected:
    void SetUp() override {
        m_temp.write(k_latin1, "step,loss\n" + k_rows);
        m_temp.write("b.csv", "step,loss\n1,2.5\n2,2.5\n");
        m_temp.write("cp.csv", "step,loss (x10\xB3)\n" + k_rows); // a cp1252 header
        m_temp.write("cp2.csv", "step,loss (x10\xB3)\n1,2.5\n2,2.5\n");
    }
    Result run(const std::string& args, const std::string& prefix = "") const {
        return testing::run_tracediff(args, prefix, m_temp.str());
    }

    testing::TempDir m_temp;
};

// The text holds none of the raw bytes the inputs' names had.
void expect_no_raw_bytes(const std::string& text) {
    EXPECT_EQ(text.find('\xE9'), std::string::npos) << text;
    EXPECT_EQ(text.find('\xB3'), std::string::npos) << text;
    EXPECT_EQ(text.find('\x1B'), std::string::npos) << text;
}

TEST_F(Names, JsonReportsOfALatin1FileName) {
    for (const char* command : {"table", "diff"}) {
        const Result r = run(std::string(command) + " '" + k_latin1 + "' b.csv --format json");
        EXPECT_EQ(r.exit_code, 0) << command << r.err;
        EXPECT_NE(r.out.find("\"caf\\\\xE9\""), std::string::npos) << r.out;
        expect_no_raw_bytes(r.out);
    }
    const Result r = run("check '" + k_latin1 + "' b.csv --max max=1 --format json");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("\"a\": \"caf\\\\xE9\""), std::string::npos) << r.out;
    expect_no_raw_bytes(r.out);
}

TEST_F(Names, JsonTableOfACp1252Column) {
    const Result r = run("table cp.csv cp2.csv --field \"$(printf 'loss (x10\\263)')\" "
                         "--format json");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("\"field\": \"loss (x10\\\\xB3)\""), std::string::npos) << r.out;
    expect_no_raw_bytes(r.out);
}

TEST_F(Names, MarkdownSvgJunitAndAnnotations) {
    Result r = run("table '" + k_latin1 + "' b.csv");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("|`caf\\xE9 vs b` |"), std::string::npos) << r.out;
    r = run("plot '" + k_latin1 + "' b.csv -o p.svg");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(m_temp.read("p.svg").find(">caf\\xE9 vs b<"), std::string::npos);
    expect_no_raw_bytes(m_temp.read("p.svg"));
    r = run("check '" + k_latin1 + "' b.csv --max max=0.1 --junit j.xml", "GITHUB_ACTIONS=true");
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(m_temp.read("j.xml").find("name=\"caf\\xE9 vs b\""), std::string::npos);
    expect_no_raw_bytes(m_temp.read("j.xml"));
    EXPECT_NE(r.out.find("::error title=tracediff check caf\\xE9 vs b%3A max::max: "),
              std::string::npos)
        << r.out;
    expect_no_raw_bytes(r.out);
}

TEST_F(Names, NulInACsvColumnName) {
    m_temp.write("nul.csv", "step,lo\0ss,lo\0ss\n1,2,3\n"s);
    const Result r = run("table nul.csv b.csv");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "tracediff: error: nul.csv:1: the header names the column 'lo\\x00ss' "
                     "twice\n");
}

TEST_F(Names, NulInATensorBoardTag) {
    m_temp.write("run.tfevents",
                 ev::file_version() + ev::event(1, {ev::simple_value("lo\0ss\x1B[2J"s, 0.5F)}));
    const Result r = run("table run.tfevents b.csv");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "tracediff: error: run.tfevents: no step record has the field 'loss' (the "
                     "scalar tags are: lo\\x00ss\\x1B[2J)\n");
}

TEST_F(Names, EscapeSequencesAndLineEndsInPaths) {
    Result r = run("table \"$(printf 'x\\033[31m.csv')\" b.csv");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "tracediff: error: cannot open 'x\\x1B[31m.csv': No such file or "
                     "directory\n");
    m_temp.write("a\nb.csv", "step,loss\n" + k_rows + "3,2.3");
    r = run("table \"$(printf 'a\\nb.csv')\" b.csv --format csv");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "tracediff: warning: a\\x0Ab.csv:4: ignoring truncated final row\n");
}

TEST_F(Names, CommandLineErrors) {
    const Result r = run("table b.csv b.csv --format \"$(printf 'md\\033[2J')\"");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("md\\x1B[2J"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find('\x1B'), std::string::npos) << r.err;
}

} // namespace
} // namespace tracediff
