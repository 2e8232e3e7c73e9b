// JSON Lines beyond the trace format: logs keyed by another step member, field names with
// '/', '.' and spaces, dotted paths into nested objects; read the same on both paths.
#include "tracediff/read/read_trace.hpp"

#include <gtest/gtest.h>

#include <string>

#include "../../support/parse_text.hpp"
#include "../../support/read_both_ways.hpp"

namespace tracediff {
namespace {

using testing::error_of;
using testing::expect_same;
using testing::loss;

ReadOptions fields(std::vector<FieldRequest> requested) {
    ReadOptions options;
    options.fields = std::move(requested);
    return options;
}

TEST(JsonLinesKeys, TheFirstDefaultStepMemberTheRecordsHaveIsTheStep) {
    for (const std::string key : {"iteration", "iter", "global_step", "_step"}) {
        const std::string text = "{\"" + key + "\": 1, \"loss\": 2.5}\n{\"" + key +
                                 "\": 2, \"loss\": 2.25}\n{\"" + key + "\": 3, \"loss\": 2}\n";
        const auto o = expect_same(text);
        ASSERT_TRUE(o.trace) << o.error;
        EXPECT_EQ(loss(*o.trace).steps, (std::vector<std::int64_t>{1, 2, 3})) << key;
        EXPECT_EQ(loss(*o.trace).values, (std::vector<double>{2.5, 2.25, 2})) << key;
        // After the first record, which the tolerant path reads, the fast path reads the rest.
        EXPECT_EQ(o.fast_records, 2u) << key;
    }
    // step comes first in the list: with both, "step" is the step.
    const Trace t = parse_trace("{\"iteration\": 7, \"step\": 1, \"loss\": 1}\n", "t");
    EXPECT_EQ(loss(t).steps, (std::vector<std::int64_t>{1}));
}

// The default step members are found in any case ("Step", "Iteration"); a key in its own case
// comes before the same key in another; --step-key is matched exactly.
TEST(JsonLinesKeys, DefaultStepMembersAreFoundInAnyCase) {
    const std::string text = "{\"Step\": 1, \"loss\": 2.5}\n{\"Step\": 2, \"loss\": 2.25}\n"
                             "{\"Step\": 3, \"loss\": 2}\n";
    const auto o = expect_same(text);
    ASSERT_TRUE(o.trace) << o.error;
    EXPECT_EQ(loss(*o.trace).steps, (std::vector<std::int64_t>{1, 2, 3}));
    EXPECT_EQ(o.fast_records, 2u);
    EXPECT_EQ(loss(parse_trace("{\"ITERATION\": 4, \"loss\": 1}\n", "t")).steps,
              (std::vector<std::int64_t>{4}));
    // "Step" is step in another case, which comes before iteration.
    EXPECT_EQ(loss(parse_trace("{\"iteration\": 7, \"Step\": 1, \"loss\": 1}\n", "t")).steps,
              (std::vector<std::int64_t>{1}));
    EXPECT_EQ(loss(parse_trace("{\"STEP\": 7, \"step\": 1, \"loss\": 1}\n", "t")).steps,
              (std::vector<std::int64_t>{1}));
    ReadOptions exact = fields({{"loss", true}});
    exact.step_key = "step";
    EXPECT_EQ(error_of("{\"Step\": 1, \"loss\": 1}\n", exact),
              "t.jsonl: no step records (a step record has \"kind\": \"step\" or a \"step\" "
              "member)");
}

TEST(JsonLinesKeys, StepKeyNamesAnotherMember) {
    ReadOptions options;
    options.step_key = "tokens_seen";
    const auto o = expect_same("{\"step\": 1, \"tokens_seen\": 4096, \"loss\": 2.5}\n"
                               "{\"step\": 2, \"tokens_seen\": 8192, \"loss\": 2.25}\n",
                               options);
    ASSERT_TRUE(o.trace) << o.error;
    EXPECT_EQ(loss(*o.trace).steps, (std::vector<std::int64_t>{4096, 8192}));
    EXPECT_EQ(error_of("{\"step\": 1, \"loss\": 2.5}\n", options),
              "t.jsonl: no step records (a step record has \"kind\": \"step\" or a "
              "\"tokens_seen\" member)");
    EXPECT_EQ(error_of("{\"tokens_seen\": 1.5, \"loss\": 2.5}\n", options),
              "t.jsonl:1: 'tokens_seen' must be a non-negative integer, found 1.5");
}

TEST(JsonLinesKeys, FieldNamesWithSlashesDotsAndSpaces) {
    const auto o = expect_same("{\"iteration\": 1, \"train/loss\": 2.5, \"lm loss\": 3.5, "
                               "\"a.b\": 4.5}\n"
                               "{\"iteration\": 2, \"train/loss\": 2.25, \"lm loss\": 3.25, "
                               "\"a.b\": 4.25}\n",
                               fields({{"train/loss", true}, {"lm loss", true}, {"a.b", true}}));
    ASSERT_TRUE(o.trace) << o.error;
    EXPECT_EQ(o.trace->field("train/loss").series.values, (std::vector<double>{2.5, 2.25}));
    EXPECT_EQ(o.trace->field("lm loss").series.values, (std::vector<double>{3.5, 3.25}));
    EXPECT_EQ(o.trace->field("a.b").series.values, (std::vector<double>{4.5, 4.25}));
    EXPECT_EQ(o.fast_records, 1u);
}

TEST(JsonLinesKeys, ADottedPathReachesIntoNestedObjectsWhenNoMemberHasTheName) {
    const auto o = expect_same("{\"step\": 1, \"optim\": {\"lr\": 0.1, \"group.0\": {\"lr\": 1}}}\n"
                               "{\"step\": 2, \"optim.lr\": 0.5, \"optim\": {\"lr\": 0.2}}\n"
                               "{\"step\": 3, \"optim\": {\"lr\": 0.3}}\n",
                               fields({{"optim.lr", true}, {"optim.group.0.lr", false}}));
    ASSERT_TRUE(o.trace) << o.error;
    // The literal member wins over the path (step 2).
    EXPECT_EQ(o.trace->field("optim.lr").series.values, (std::vector<double>{0.1, 0.5, 0.3}));
    // A nested member whose own name holds a dot.
    EXPECT_EQ(o.trace->field("optim.group.0.lr").series.values, (std::vector<double>{1}));
}

TEST(JsonLinesKeys, RecordsWithoutTheStepMemberAreNotStepRecords) {
    const Trace t = parse_trace("{\"iteration\": 1, \"loss\": 2}\n{\"note\": \"restart\"}\n"
                                "{\"iteration\": 2, \"loss\": 1}\n",
                                "t");
    EXPECT_EQ(loss(t).steps, (std::vector<std::int64_t>{1, 2}));
    EXPECT_EQ(t.ignored_kinds.at("(no kind)"), 1u);
}

TEST(JsonLinesKeys, AReKeyedLogOfManyRecordsReadsOnTheFastPath) {
    std::string text;
    for (int i = 1; i <= 2000; ++i) {
        text += "{\"iteration\": " + std::to_string(i) +
                ", \"train/loss\": " + std::to_string(1.0 / i) + ", \"train/lr\": 0.001}\n";
    }
    const auto o = expect_same(text, fields({{"train/loss", true}}));
    ASSERT_TRUE(o.trace) << o.error;
    EXPECT_EQ(o.trace->field("train/loss").series.size(), 2000u);
    EXPECT_EQ(o.fast_records, 1999u);
}

} // namespace
} // namespace tracediff
