// The step table's rules, which every input format shares: fields a record lacks, repeated
// steps (records of one step merged, the last value of a field wins), steps out of order.
#include "tracediff/read/read_trace.hpp"

#include <gtest/gtest.h>

#include <string>

#include "../../support/parse_text.hpp"

namespace tracediff {
namespace {

using testing::error_of;
using testing::loss;

TEST(StepTable, RecordsWithoutTheFieldAreSkippedWithOneWarning) {
    const Trace t = parse_trace("{\"step\":1,\"loss\":1}\n"
                                "{\"step\":2}\n"
                                "{\"step\":3,\"loss\":null}\n"
                                "{\"step\":4,\"loss\":0.25}\n",
                                "t");
    EXPECT_EQ(loss(t).steps, (std::vector<std::int64_t>{1, 4}));
    EXPECT_EQ(t.field("loss").records_without, 2u);
    EXPECT_EQ(t.warnings,
              (std::vector<std::string>{
                  "t:2: skipped 2 step records without 'loss' (this line is the first)"}));
}

TEST(StepTable, NoRecordWithTheFieldIsAnError) {
    ReadOptions options;
    options.fields = {{"grad_norm", true}};
    EXPECT_EQ(error_of("{\"kind\":\"step\",\"step\":1,\"loss\":1}\n"
                       "{\"kind\":\"step\",\"step\":2,\"loss\":1}\n",
                       options),
              "t.jsonl: no step record has the field 'grad_norm' (the first step record, on "
              "line 1, has: kind, step, loss)");
}

TEST(StepTable, OptionalFieldMayBeAbsent) {
    ReadOptions options;
    options.fields = {{"loss", true}, {"grad_norm", false}};
    const Trace t = parse_trace("{\"step\":1,\"loss\":1}\n", "t", options);
    EXPECT_TRUE(t.field("grad_norm").series.empty());
    EXPECT_TRUE(t.warnings.empty());
}

TEST(StepTable, FieldThatIsNotANumberIsAnError) {
    EXPECT_EQ(error_of("{\"step\":1,\"loss\":[1]}\n"),
              "t.jsonl:1: 'loss' must be a number, found [1]");
    EXPECT_EQ(error_of("{\"step\":1,\"loss\":true}\n"),
              "t.jsonl:1: 'loss' must be a number, found true");
}

TEST(StepTable, RepeatedStepsKeepTheLastRecordWithOneWarning) {
    const Trace t = parse_trace("{\"step\":1,\"loss\":1.0}\n"
                                "{\"step\":2,\"loss\":2.0}\n"
                                "{\"step\":3,\"loss\":3.0}\n"
                                "{\"step\":2,\"loss\":2.5}\n"
                                "{\"step\":3,\"loss\":3.5}\n"
                                "{\"step\":2,\"loss\":2.75}\n",
                                "t");
    EXPECT_EQ(loss(t).steps, (std::vector<std::int64_t>{1, 2, 3}));
    EXPECT_EQ(loss(t).values, (std::vector<double>{1.0, 2.75, 3.5}));
    EXPECT_EQ(t.duplicate_records, 3u);
    EXPECT_EQ(t.first_duplicate_step, 2);
    EXPECT_EQ(t.warnings,
              (std::vector<std::string>{"t:4: step 2 is logged more than once with different "
                                        "values; the records of a step are merged, and the last "
                                        "value of a field wins (values of 3 earlier records "
                                        "replaced)"}));
}

TEST(StepTable, RecordsOfOneStepAreMergedFieldByField) {
    // Lightning-style: training and validation values of one step in records of their own.
    ReadOptions options;
    options.fields = {{"loss", true}, {"val_loss", false}, {"lr", false}};
    const Trace t = parse_trace("{\"step\":1,\"loss\":1.5,\"lr\":0.1}\n"
                                "{\"step\":2,\"loss\":1.25}\n"
                                "{\"step\":2,\"val_loss\":1.75}\n"
                                "{\"step\":2,\"lr\":0.2}\n"
                                "{\"step\":3,\"loss\":1.0,\"lr\":0.3}\n",
                                "t", options);
    EXPECT_EQ(loss(t).steps, (std::vector<std::int64_t>{1, 2, 3}));
    EXPECT_EQ(loss(t).values, (std::vector<double>{1.5, 1.25, 1.0}));
    EXPECT_EQ(t.field("val_loss").series.steps, (std::vector<std::int64_t>{2}));
    EXPECT_EQ(t.field("val_loss").series.values, (std::vector<double>{1.75}));
    EXPECT_EQ(t.field("lr").series.values, (std::vector<double>{0.1, 0.2, 0.3}));
    // Nothing was lost: no warning about step 2, which counts once.
    EXPECT_EQ(t.step_records, 3u);
    EXPECT_EQ(t.duplicate_records, 0u);
    EXPECT_EQ(t.warnings, (std::vector<std::string>{"t:1: skipped 2 step records without "
                                                    "'val_loss' (this line is the first)"}));
}

TEST(StepTable, TheSameFieldTwiceAtAStepTakesTheLastValue) {
    ReadOptions options;
    options.fields = {{"loss", true}, {"lr", false}};
    const Trace t = parse_trace("{\"step\":1,\"loss\":1.0,\"lr\":0.1}\n"
                                "{\"step\":2,\"loss\":2.0,\"lr\":0.2}\n"
                                "{\"step\":2,\"loss\":2.5}\n"
                                "{\"step\":1,\"lr\":0.1}\n",
                                "t", options);
    // Step 2's loss is the later value; its lr, given once, stays; step 1's lr repeats the
    // same value, which replaces nothing.
    EXPECT_EQ(loss(t).values, (std::vector<double>{1.0, 2.5}));
    EXPECT_EQ(t.field("lr").series.values, (std::vector<double>{0.1, 0.2}));
    EXPECT_EQ(t.duplicate_records, 1u);
    EXPECT_EQ(t.warnings,
              (std::vector<std::string>{"t:3: step 2 is logged more than once with different "
                                        "values; the records of a step are merged, and the last "
                                        "value of a field wins (values of 1 earlier record "
                                        "replaced)"}));
}

TEST(StepTable, RepeatedEqualValuesReplaceNothing) {
    const Trace t = parse_trace("{\"step\":1,\"loss\":1.0}\n{\"step\":1,\"loss\":1.0}\n"
                                "{\"step\":2,\"loss\":NaN}\n{\"step\":2,\"loss\":NaN}\n",
                                "t");
    EXPECT_EQ(loss(t).steps, (std::vector<std::int64_t>{1, 2}));
    EXPECT_EQ(t.duplicate_records, 0u);
    EXPECT_TRUE(t.warnings.empty());
}

TEST(StepTable, AnAliasIsReadWhereTheTraceHasNoSuchField) {
    ReadOptions options;
    apply_field_names(options, {{"loss", "train/loss"}}, {});
    EXPECT_EQ(options.fields.front().source_names(),
              (std::vector<std::string>{"loss", "train/loss"}));
    // No loss: train/loss is read as loss.
    Trace t = parse_trace("{\"step\":1,\"train/loss\":0.5}\n", "t", options);
    EXPECT_EQ(loss(t).values, (std::vector<double>{0.5}));
    EXPECT_EQ(t.field("loss").name, "loss");
    // A trace with loss keeps it.
    t = parse_trace("{\"step\":1,\"loss\":0.25,\"train/loss\":0.5}\n", "t", options);
    EXPECT_EQ(loss(t).values, (std::vector<double>{0.25}));
    // Neither: the message names both.
    EXPECT_EQ(testing::error_of("{\"step\":1,\"x\":1}\n", options),
              "t.jsonl: no step record has the field 'loss' or 'train/loss' (the first step "
              "record, on line 1, has: step, x)");
}

TEST(StepTable, AManifestsFieldsMapReadsTheFieldFromItsNameOnly) {
    ReadOptions options;
    apply_field_names(options, {{"loss", "ignored"}}, {{"loss", "lm loss"}});
    const Trace t = parse_trace("{\"step\":1,\"loss\":9,\"lm loss\":0.5}\n", "t", options);
    EXPECT_EQ(loss(t).values, (std::vector<double>{0.5}));
}

TEST(StepTable, StepsOutOfOrderAreSorted) {
    const Trace t = parse_trace("{\"step\":3,\"loss\":3}\n{\"step\":1,\"loss\":1}\n"
                                "{\"step\":2,\"loss\":2}\n",
                                "t");
    EXPECT_EQ(loss(t).steps, (std::vector<std::int64_t>{1, 2, 3}));
    EXPECT_EQ(loss(t).values, (std::vector<double>{1, 2, 3}));
    EXPECT_TRUE(t.warnings.empty());
}

} // namespace
} // namespace tracediff
