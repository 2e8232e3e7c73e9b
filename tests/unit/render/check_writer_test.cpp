#include "tracediff/gate/criteria.hpp"
#include "tracediff/render/check_writer.hpp"

#include <gtest/gtest.h>

namespace tracediff {
namespace {

CheckResult tricky() {
    // Designated initializers construct the strings in place; assigning literals afterwards
    // trips a false -Wrestrict warning in GCC 12.
    return CheckResult{.name = "a<b> & \"c\"",
                       .label_a = "x",
                       .label_b = "y",
                       .path_a = "x.jsonl",
                       .path_b = "y.jsonl",
                       .field = "loss",
                       .steps = std::nullopt,
                       .criteria = {{"step1", false, "100% off,\nreally: yes", {"detail <1>"}},
                                    {"step2", true, "fine", {}}}};
}

TEST(CheckWriter, JUnitEscapesXml) {
    EXPECT_EQ(render_junit({tricky()}),
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              "<testsuites name=\"tracediff check\" tests=\"2\" failures=\"1\">\n"
              "  <testsuite name=\"a&lt;b&gt; &amp; &quot;c&quot;\" tests=\"2\" failures=\"1\">\n"
              "    <testcase classname=\"tracediff.a&lt;b&gt; &amp; &quot;c&quot;\" "
              "name=\"step1\">\n"
              "      <failure message=\"100% off,\nreally: yes\" type=\"tracediff\">detail "
              "&lt;1&gt;\n</failure>\n"
              "    </testcase>\n"
              "    <testcase classname=\"tracediff.a&lt;b&gt; &amp; &quot;c&quot;\" "
              "name=\"step2\">\n"
              "      <system-out>fine</system-out>\n"
              "    </testcase>\n"
              "  </testsuite>\n"
              "</testsuites>\n");
}

TEST(CheckWriter, AnnotationsEscapeWorkflowCommandData) {
    EXPECT_EQ(render_github_annotations({tricky()}),
              "::error title=tracediff check a<b> & \"c\"%3A step1::step1: 100%25 off,%0Areally: "
              "yes\n");
}

TEST(CheckWriter, TitleIsTheNameOrThePair) {
    CheckResult r = tricky();
    EXPECT_EQ(check_title(r), "a<b> & \"c\"");
    r.name.clear();
    EXPECT_EQ(check_title(r), "x vs y");
}

TEST(CheckWriter, TextVerdicts) {
    CheckResult r = tricky();
    r.name.clear();
    r.steps = StepRange{1, 10};
    EXPECT_EQ(render_check_text(r), "check x vs y: loss, steps 1-10\n"
                                    "  A  x.jsonl\n"
                                    "  B  y.jsonl\n"
                                    "FAIL  step1  100% off,\nreally: yes\n"
                                    "      detail <1>\n"
                                    "PASS  step2  fine\n"
                                    "FAIL: 1 of 2 criteria failed\n");
}

TEST(CheckWriter, MarkdownCellsEscapeBarsAndLineEnds) {
    CheckResult r = tricky();
    r.criteria[0].cells = {"a|b", "1e-05", 3};
    EXPECT_EQ(render_checks_markdown({r}), "### tracediff check `a<b> & \"c\"`: `x` vs `y` (loss)\n"
                                           "\n"
                                           "A `x.jsonl`, B `y.jsonl`\n"
                                           "\n"
                                           "|criterion |limit |value |step |verdict  |\n"
                                           "|----------|------|------|-----|---------|\n"
                                           "|step1     |a\\|b  |1e-05 |3    |**FAIL** |\n"
                                           "|step2     |      |      |     |PASS     |\n"
                                           "\n"
                                           "- **step1**: 100% off, really: yes\n"
                                           "  - detail <1>\n"
                                           "\n"
                                           "**FAIL**: 1 of 2 criteria failed\n");
}

// A live check's outcome: one criterion decided at a step, one left undecided when the run
// ended, one the check stopped before deciding.
CheckOutcome live_outcome() {
    StatisticOutcome step1;
    step1.criterion = parse_max_criterion("step1=1e-6");
    step1.step = 1;
    StatisticOutcome step2;
    step2.criterion = parse_max_criterion("step2=1e-6");
    step2.gap = StatisticOutcome::Gap::missing_step;
    step2.step = 2;
    StatisticOutcome median;
    median.criterion = parse_max_criterion("median=1");
    CheckOutcome o{.name = "",
                   .label_a = "ref",
                   .label_b = "run",
                   .path_a = "ref.jsonl",
                   .path_b = "run.jsonl",
                   .field = "loss",
                   .steps = std::nullopt,
                   .criteria = {},
                   .live = LiveRun{5, 1, false, {"the command (train) exited with status 3"}}};
    o.criteria.push_back({"step1", true, step1, false, Decision{Decision::When::at_step, 1, 0.25}});
    o.criteria.push_back(
        {"step2", false, step2, false, Decision{Decision::When::undecided, 5, 0.5}});
    o.criteria.push_back(
        {"median", true, median, true, Decision{Decision::When::not_decided, std::nullopt, 0.0}});
    return o;
}

TEST(CheckWriter, LiveDecisionsInTextAndJson) {
    const CheckResult r = describe_check(live_outcome());
    EXPECT_EQ(render_check_text(r),
              "check ref vs run: loss\n"
              "  A  ref.jsonl\n"
              "  B  run.jsonl\n"
              "PASS  step1  \u0394=0 <= 1e-06 (decided at step 1 after 0.250 s)\n"
              "FAIL  step2  step 2 is missing from B (run.jsonl); not decided: the run ended "
              "before its steps\n"
              "SKIP  median  not decided: the check stopped first\n"
              "  note: the run ended before step2 was decided; last step seen: A 5, B 1\n"
              "  note: the command (train) exited with status 3\n"
              "FAIL: 1 of 2 criteria failed, 1 skipped\n");
    const Json json = Json::parse(render_checks_json({r}));
    const Json& criteria = json["checks"][0]["criteria"];
    EXPECT_EQ(criteria[0]["decided"].dump(), R"({"when":"at step","step":1,"seconds":0.25})");
    EXPECT_EQ(criteria[1]["decided"].dump(), R"({"when":"undecided","step":5,"seconds":0.5})");
    EXPECT_EQ(criteria[2]["decided"].dump(), R"({"when":"not decided"})");
    EXPECT_EQ(json["checks"][0]["notes"].size(), 2U);
}

TEST(CheckWriter, LiveDecisionsAndNotesInMarkdown) {
    const std::string md = render_checks_markdown({describe_check(live_outcome())});
    const std::string failures = md.substr(md.find("\n- "));
    EXPECT_EQ(failures, "\n- **step2**: step 2 is missing from B (run.jsonl); not decided: the run "
                        "ended before its steps\n"
                        "- note: the run ended before step2 was decided; last step seen: A 5, B 1\n"
                        "- note: the command (train) exited with status 3\n"
                        "\n"
                        "**FAIL**: 1 of 2 criteria failed, 1 skipped\n");
}

} // namespace
} // namespace tracediff
