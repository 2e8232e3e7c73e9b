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
    r.criteria[0].cells = {"a|b", "1e-05", "3"};
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

} // namespace
} // namespace tracediff
