// Hostile manifests and traces, second pass (issue 11): deep, endless, huge and non-JSON
// manifests; bare NaN tokens outside values; CR line ends; sparse and huge files; numbers
// near the largest double; limits and steps out of range.
#include <gtest/gtest.h>

#include <string>

#include "../support/run_tracediff.hpp"

namespace tracediff {
namespace {

using Result = testing::RunResult;

const std::string k_a = "{\"step\":1,\"loss\":0.5}\n{\"step\":2,\"loss\":0.25}\n";

class InputLimits : public ::testing::Test {
protected:
    void SetUp() override { m_temp.write("a.jsonl", k_a); }
    void write(const std::string& name, const std::string& content) const {
        m_temp.write(name, content);
    }
    Result run(const std::string& args) const {
        return testing::run_tracediff(args, "", m_temp.str());
    }
    Result bash(const std::string& script) const { return testing::run_bash(script, m_temp.str()); }

    testing::TempDir m_temp;
};

std::string error(const std::string& message) {
    return "tracediff: error: " + message + "\n";
}

TEST_F(InputLimits, DeeplyNestedManifest) {
    write("deep.json", "{\"traces\": " + std::string(40000, '[') + std::string(40000, ']') + "}");
    const Result r = run("table --manifest deep.json");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("deep.json: arrays and objects nested deeper than 256 levels"));
}

TEST_F(InputLimits, EndlessManifest) {
    const Result r = run("table --manifest /dev/zero");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("/dev/zero: more than 16 MiB; a manifest may be at most 16 MiB"));
}

TEST_F(InputLimits, HugeManifest) {
    const Result r = bash("truncate -s 20000000 big.json\n"
                          "\"$TRACEDIFF\" table --manifest big.json");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("big.json: the file is 20000000 bytes (19.1 MiB); a manifest may be "
                           "at most 16 MiB"));
}

TEST_F(InputLimits, ManifestWithTooManyMembers) {
    std::string text = "{\"traces\": {";
    for (int i = 0; i < 200000; ++i) {
        text += (i == 0 ? "\"t" : ", \"t") + std::to_string(i) + "\": \"a.jsonl\"";
    }
    write("many.json", text + "}}");
    const Result r = run("table --manifest many.json");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("many.json: more than 10000 object members"));
}

TEST_F(InputLimits, ManifestErrorsShowNoContent) {
    write("shadow", "root:$6$secret:19000:0:99999:7:::\n");
    Result r = run("table --manifest shadow");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("shadow: not valid JSON: line 1, column 1: invalid literal"));
    write("m.json", "{\"traces\": {\"a\": \"a.jsonl\", \"b\": secret}}");
    r = run("table --manifest m.json");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("m.json: not valid JSON: line 1, column 34: invalid literal"));
}

TEST_F(InputLimits, NanOnlyAsAValue) {
    write("key.jsonl", "{\"step\":1,\"loss\":0.5,NaN:1}\n{\"step\":2,\"loss\":0.25}\n");
    Result r = run("table key.jsonl a.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("key.jsonl:1: malformed JSON at column 22: invalid literal\n"
                           "    {\"step\":1,\"loss\":0.5,NaN:1}\n"
                           "                         ^"));
    write("kind.jsonl", "{\"step\":1,\"loss\":0.5}\n{\"kind\": NaN, \"step\":2,\"loss\":0.25}\n");
    r = run("diff kind.jsonl a.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("kind.jsonl:2: 'kind' must be a string, found NaN"));
    EXPECT_EQ(r.out.find('\0'), std::string::npos);
}

TEST_F(InputLimits, HeaderNumberNeverEqualsAString) {
    write("h1.jsonl",
          "{\"kind\":\"header\",\"config\":{\"lr\": NaN}}\n{\"step\":1,\"loss\":0.5}\n");
    write("h2.jsonl", "{\"kind\":\"header\",\"config\":{\"lr\": \"\\u0000NaN\"}}\n"
                      "{\"step\":1,\"loss\":0.5}\n");
    Result r = run("diff h1.jsonl h2.jsonl");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("header\n  differ in 1 field\n    config.lr: NaN vs \"\\u0000NaN\"\n"),
              std::string::npos)
        << r.out;
    r = run("check h1.jsonl h2.jsonl --max max=1");
    EXPECT_EQ(r.exit_code, 1) << r.out;
}

TEST_F(InputLimits, CarriageReturnLineEnds) {
    write("cr.jsonl", "{\"step\":1,\"loss\":0.5}\r{\"step\":2,\"loss\":0.25}\r");
    Result r = run("table cr.jsonl a.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("cr.jsonl:1: the file uses CR line ends; tracediff reads lines that "
                           "end in LF or CR LF"));
    write("tail.jsonl", "{\"step\":1,\"loss\":0.5}\n{\"step\":2,\"loss\":0.25}\r"
                        "{\"step\":3,\"loss\":0.25}\r");
    r = run("table tail.jsonl a.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("tail.jsonl:2: the file uses CR line ends; tracediff reads lines that "
                           "end in LF or CR LF"));
    // A CR that is not followed by a record is no line end: malformed JSON as ever.
    write("mid.jsonl", "{\"step\":1,\r\"loss\": x}\n{\"step\":2,\"loss\":1}\n");
    r = run("table mid.jsonl a.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err.rfind("tracediff: error: mid.jsonl:1: malformed JSON at column 20: ", 0), 0u)
        << r.err;
    write("crlf.jsonl", "{\"step\":1,\"loss\":0.5}\r\n{\"step\":2,\"loss\":0.25}\r\n");
    r = run("table crlf.jsonl a.jsonl --format csv");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("crlf,a,,loss,2,0,0,0,0,1\n"), std::string::npos) << r.out;
}

TEST_F(InputLimits, SparseFilesSayWhatIsWrong) {
    // 64 GiB that are mostly a hole: no reservation for a guess at its records.
    Result r = bash("cp a.jsonl sparse.jsonl && truncate -s 64G sparse.jsonl\n"
                    "\"$TRACEDIFF\" table sparse.jsonl a.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("sparse.jsonl:3: a line longer than 64 MiB; is this a trace?"));
    r = bash("printf '{\"log_history\": [' > trainer_state.json\n"
             "truncate -s 3G trainer_state.json\n"
             "\"$TRACEDIFF\" table --from trainer-state trainer_state.json a.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("trainer_state.json: the file is 3221225472 bytes (3.0 GiB); a JSON "
                           "document may be at most 1024 MiB"));
}

TEST_F(InputLimits, MeanOfDeltasNearTheLargestDouble) {
    write("h.jsonl", "{\"step\":1,\"loss\":1.5e308}\n{\"step\":2,\"loss\":1.5e308}\n");
    write("z.jsonl", "{\"step\":1,\"loss\":0}\n{\"step\":2,\"loss\":0}\n");
    const Result r = run("diff h.jsonl z.jsonl --format json");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("\"mean_delta\": 1.5e+308"), std::string::npos) << r.out;
}

TEST_F(InputLimits, ADeltaTooLargeForADoubleIsNotNonFinite) {
    // The delta at step 2 is 2e308, larger than any double: inf as a double, the largest
    // delta, but not counted as non-finite (no value is NaN or infinite), so the median gate
    // is decided by the median, 1 (it failed with "1 delta is not finite").
    write("p.jsonl", "{\"step\":1,\"loss\":1}\n{\"step\":2,\"loss\":1e308}\n"
                     "{\"step\":3,\"loss\":2}\n");
    write("n.jsonl", "{\"step\":1,\"loss\":1}\n{\"step\":2,\"loss\":-1e308}\n"
                     "{\"step\":3,\"loss\":1}\n");
    Result r = run("check p.jsonl n.jsonl --max median=1 --max max=1");
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.out.find("PASS  median  \xCE\x94=1.00e+00 <= 1\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("FAIL  max  \xCE\x94=inf at step 2 is not finite\n"), std::string::npos)
        << r.out;
    r = run("diff p.jsonl n.jsonl --format json");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("\"nonfinite_deltas\": 0"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"mean_delta\": 6.666666666666666e+307"), std::string::npos) << r.out;
}

TEST_F(InputLimits, PlotNearTheLargestDouble) {
    write("big.jsonl", "{\"step\":1,\"loss\":1.7e308}\n{\"step\":2,\"loss\":-1.7e308}\n");
    const Result r = run("plot big.jsonl a.jsonl");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.find("nan"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("inf"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("<polyline"), std::string::npos) << r.out;
}

TEST_F(InputLimits, LimitsAreDecimalNumbers) {
    for (const std::string limit : {"max=0x1p0", "max= 1", "max=1 ", "max=inf"}) {
        const Result r = run("check a.jsonl a.jsonl --max '" + limit + "'");
        EXPECT_EQ(r.exit_code, 2) << limit;
        EXPECT_EQ(r.err, error("invalid criterion '" + limit +
                               "': the limit must be a finite number >= 0"));
    }
}

TEST_F(InputLimits, AllowNeedsMode) {
    for (const std::string allow : {"0", "3"}) {
        const Result r = run("check a.jsonl a.jsonl --max max=1 --allow " + allow);
        EXPECT_EQ(r.exit_code, 2) << allow;
        EXPECT_EQ(r.err, error("--allow is a budget of steps outside a --mode tolerance or a "
                               "--band; give one"));
    }
}

TEST_F(InputLimits, StepBeyondSixtyFourBits) {
    write("s.jsonl", "{\"step\":18446744073709551616,\"loss\":1}\n");
    const Result r = run("table s.jsonl a.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("s.jsonl:1: 'step' is out of range: 1.8446744073709552e+19"));
}

} // namespace
} // namespace tracediff
