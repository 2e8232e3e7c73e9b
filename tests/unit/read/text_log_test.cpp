// Text logs read with --pattern: named groups, skipped lines, colour codes and the errors.
#include "tracediff/read/read_trace.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "../../support/read_as.hpp"

namespace tracediff {
namespace {

using testing::FormatFile;

ReadOptions with_pattern(const std::string& pattern,
                         std::vector<FieldRequest> fields = {{"loss", true}}) {
    ReadOptions options;
    options.fields = std::move(fields);
    options.pattern = pattern;
    return options;
}

const char* k_titan =
    R"(step:\s*(?P<step>\d+)\s+loss:\s*(?P<loss>\S+)(?:\s+grad_norm:\s*(?P<grad_norm>\S+))?)";

TEST(TextLog, MatchingLinesAreStepRecordsAndTheRestAreCounted) {
    const FormatFile f;
    const Trace t = f.read(
        "train.log",
        "Starting training\r\n"
        "[rank0]:[titan] INFO - \x1b[31mstep:  1  \x1b[32mloss:  5.8123  \x1b[33mgrad_norm: 1.5\r\n"
        "[rank0]:[titan] INFO - step: 2  loss: nan\r\n"
        "[rank0]:[titan] INFO - checkpoint saved\r\n"
        "[rank0]:[titan] INFO - step: 3  loss: -inf  grad_norm: 0.25\n",
        with_pattern(k_titan, {{"loss", true}, {"grad_norm", false}}));
    const Series& loss = t.field("loss").series;
    EXPECT_EQ(loss.steps, (std::vector<std::int64_t>{1, 2, 3}));
    EXPECT_EQ(loss.values[0], 5.8123);
    EXPECT_TRUE(std::isnan(loss.values[1]));
    EXPECT_EQ(loss.values[2], -INFINITY);
    // The optional group took no part in step 2: not logged there.
    EXPECT_EQ(t.field("grad_norm").series.steps, (std::vector<std::int64_t>{1, 3}));
    EXPECT_EQ(t.unmatched_lines, 2u);
}

TEST(TextLog, RepeatedStepsMergeAndTheLastValueWins) {
    const FormatFile f;
    const Trace t =
        f.read("m.log", "step 1 loss 1\nstep 2 loss 2\nstep 2 lr 0.5\nstep 2 loss 3\n",
               with_pattern(R"(^step (?P<step>\d+)(?: loss (?P<loss>\S+))?(?: lr (?P<lr>\S+))?$)",
                            {{"loss", true}, {"lr", true}}));
    EXPECT_EQ(t.field("loss").series.values, (std::vector<double>{1, 3}));
    EXPECT_EQ(t.field("lr").series.values, (std::vector<double>{0.5}));
    EXPECT_EQ(t.warnings.front().substr(0, t.warnings.front().find(" is logged")),
              "m.log:4: step 2");
}

TEST(TextLog, PatternErrors) {
    const FormatFile f;
    EXPECT_EQ(f.error("a.log", "loss 1\n", with_pattern(R"(loss (?P<loss>\S+))")),
              "--pattern has no group named 'step' for the step; name it (?P<step>...) (its "
              "named groups: loss)");
    EXPECT_EQ(f.error("b.log", "x\n", with_pattern("step (?P<step>\\d+)(")),
              "--pattern: not a valid regular expression: missing ): step (?P<step>\\d+)(");
    EXPECT_THROW(check_text_pattern(with_pattern(R"(loss (\S+))")), Error);
    EXPECT_NO_THROW(check_text_pattern(with_pattern(k_titan)));
    ReadOptions iteration = with_pattern(R"(it (?P<it>\d+) loss (?P<loss>\S+))");
    iteration.step_key = "it";
    EXPECT_EQ(f.read("c.log", "it 7 loss 2\n", iteration).field("loss").series.steps,
              (std::vector<std::int64_t>{7}));
}

TEST(TextLog, ReadErrors) {
    const FormatFile f;
    EXPECT_EQ(f.error("a.log", "step 1 loss 1\nstep x loss 2\n",
                      with_pattern(R"(step (?P<step>\S+) loss (?P<loss>\S+))")),
              "a.log:2: the group 'step' matched 'x', not a non-negative integer");
    EXPECT_EQ(f.error("b.log", "step 1 loss 1\nstep 2 loss 2,5\n",
                      with_pattern(R"(step (?P<step>\d+) loss (?P<loss>\S+))")),
              "b.log:2: the group 'loss' matched '2,5', not a number");
    EXPECT_EQ(f.error("c.log", "nothing here\nor here\n", with_pattern(k_titan)),
              "c.log: no line matches --pattern (2 lines read)");
    EXPECT_EQ(
        f.error("d.log", "step 1 lr 2\n", with_pattern(R"(step (?P<step>\d+) lr (?P<lr>\S+))")),
        "d.log: no step record has the field 'loss' (the pattern's named groups are: lr, "
        "step)");
}

TEST(TextLog, AMatchedLastLineWithoutALineEndIsIgnored) {
    // A run killed while writing "loss 2.3456" left "loss 2.3".
    const FormatFile f;
    const auto pattern = with_pattern(R"(step (?P<step>\d+) loss (?P<loss>\S+))");
    Trace t = f.read("cut.log", "step 1 loss 2.5\nstep 2 loss 2.4\nstep 3 loss 2.3", pattern);
    EXPECT_EQ(t.field("loss").series.steps, (std::vector<std::int64_t>{1, 2}));
    EXPECT_TRUE(t.truncated_last_line);
    EXPECT_EQ(t.warnings, (std::vector<std::string>{"cut.log:3: ignoring truncated final line"}));
    // One the pattern does not match is an unmatched line, as it would be whole.
    t = f.read("tail.log", "step 1 loss 2.5\nstep 2 loss 2.4\nsaving chec", pattern);
    EXPECT_EQ(t.field("loss").series.steps, (std::vector<std::int64_t>{1, 2}));
    EXPECT_FALSE(t.truncated_last_line);
    EXPECT_TRUE(t.warnings.empty());
    EXPECT_EQ(t.unmatched_lines, 1u);
}

} // namespace
} // namespace tracediff
