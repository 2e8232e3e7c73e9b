// The sentences of `tracediff report`: what they say, and what they leave out where it would
// mislead.
#include "tracediff/read/input_format.hpp"
#include "tracediff/read/read_trace.hpp"
#include "tracediff/render/report_writer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tracediff {
namespace {

ReadOptions loss_and_epoch() {
    ReadOptions options;
    options.fields = {{"loss", true}, {"epoch", false}};
    return options;
}

// A report document of one pair, a vs b.
ReportDocument document_of(const Trace& a, const Trace& b) {
    ReportDocument doc;
    doc.field = "loss";
    doc.table.field = "loss";
    doc.table.traces = {summarize(a, "a", "loss"), summarize(b, "b", "loss")};
    doc.evals = {a.last_eval, b.last_eval};
    DiffReport diff = make_diff_report(a, b, "a", "b", "loss");
    PairRow row = diff.pair;
    row.a = 0;
    row.b = 1;
    doc.headers_agree.push_back(diff.header.identical());
    doc.table.rows.push_back(row);
    doc.diffs.push_back(std::move(diff));
    return doc;
}

Trace jsonl(const std::string& text, const std::string& path) {
    return parse_trace(text, path, loss_and_epoch());
}

TEST(ReportFindings, OneIdenticalStepIsNamedNotCounted) {
    // Full-precision float32 values: bit-identical at step 1, one float32 ULP apart at step 2.
    const Trace a = jsonl("{\"step\":1,\"loss\":2.5}\n{\"step\":2,\"loss\":2.25}\n", "a.jsonl");
    const Trace b =
        jsonl("{\"step\":1,\"loss\":2.5}\n{\"step\":2,\"loss\":2.2500002384185791}\n", "b.jsonl");
    const std::vector<std::string> s = pair_findings(document_of(a, b), 0);
    ASSERT_FALSE(s.empty());
    EXPECT_EQ(s[0], "`a vs b`: step 1 is bit-identical; step 2 is the first to differ, by "
                    "2.38e-07 (1 float32 ULP).");
}

TEST(ReportFindings, UlpsOnlyForFloat32ValuesAFewUlpsApart) {
    // A loss of 10 against 10.44: float32 values, but far more than a few ULPs apart.
    const Trace a = jsonl("{\"step\":1,\"loss\":10}\n{\"step\":2,\"loss\":9}\n", "a.jsonl");
    const Trace b =
        jsonl("{\"step\":1,\"loss\":10.4399995803833}\n{\"step\":2,\"loss\":9}\n", "b.jsonl");
    const std::vector<std::string> s = pair_findings(document_of(a, b), 0);
    ASSERT_FALSE(s.empty());
    EXPECT_EQ(s[0], "`a vs b`: step 1 differs by 4.40e-01; step 2 is bit-identical.");
}

TEST(ReportFindings, NoHeaderSentenceForFormatsWithoutHeaders) {
    const Trace a = jsonl("{\"step\":1,\"loss\":1}\n{\"step\":2,\"loss\":2}\n", "a.jsonl");
    Trace b = jsonl("{\"step\":1,\"loss\":1}\n{\"step\":2,\"loss\":2}\n", "b.csv");
    b.format = "csv";
    // One trace could have had a header: the sentence says they do not all agree.
    ASSERT_EQ(overall_findings(document_of(a, b)).size(), 1u);
    EXPECT_EQ(overall_findings(document_of(a, b))[0].rfind("Not every compared pair", 0), 0u);
    // Neither could: nothing to say.
    Trace c = a;
    c.format = "tensorboard";
    EXPECT_TRUE(overall_findings(document_of(c, b)).empty());
}

} // namespace
} // namespace tracediff
