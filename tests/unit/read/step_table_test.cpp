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
              (std::vector<std::string>{"t:4: step 2 appears more than once; the records of a "
                                        "step are merged, and the last value of a field wins "
                                        "(values of 3 earlier records replaced)"}));
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
