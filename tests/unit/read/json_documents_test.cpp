// Whole-file JSON documents: Megatron-LM golden values (both layouts) and HuggingFace's
// trainer_state.json.
#include "tracediff/read/read_trace.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "../../support/read_as.hpp"

namespace tracediff {
namespace {

using testing::FormatFile;
using testing::read_fields;

// Megatron wrote a list as series[start_step:end_step:step_interval] of a series that holds
// every iteration from 1 on: position 0 is iteration 1, so values[i] is at iteration
// start_step + i * step_interval + 1.
TEST(GoldenValues, AListIsASliceOfTheSeriesThatStartsAtIteration1) {
    const FormatFile f;
    const Trace t = f.read("golden_values.json",
                           R"({"lm loss": {"start_step": 0, "end_step": 20, "step_interval": 5,
                        "values": [10.83, 10.79, 10.61, 10.22]},
            "iteration_timing_avg": 0.12})",
                           read_fields({{"lm loss", true}}));
    EXPECT_EQ(t.field("lm loss").series.steps, (std::vector<std::int64_t>{1, 6, 11, 16}));
    EXPECT_EQ(t.field("lm loss").series.values, (std::vector<double>{10.83, 10.79, 10.61, 10.22}));
    EXPECT_TRUE(t.warnings.empty());
    // The same run in the object layout, keyed by iteration: the same series.
    const Trace d = f.read("golden_values_dev.json",
                           R"({"lm loss": {"start_step": 1, "end_step": 16, "step_interval": 5,
                        "values": {"1": 10.83, "6": 10.79, "11": 10.61, "16": 10.22}}})",
                           read_fields({{"lm loss", true}}));
    EXPECT_EQ(d.field("lm loss").series.steps, t.field("lm loss").series.steps);
    EXPECT_EQ(d.field("lm loss").series.values, t.field("lm loss").series.values);
    // A slice that starts later: position 2 is iteration 3.
    const Trace later = f.read("later.json",
                               R"({"lm loss": {"start_step": 2, "end_step": 10, "step_interval": 3,
                        "values": [1, 2, 3]}})",
                               read_fields({{"lm loss", true}}));
    EXPECT_EQ(later.field("lm loss").series.steps, (std::vector<std::int64_t>{3, 6, 9}));
}

TEST(GoldenValues, AnObjectOfValuesIsKeyedByStep) {
    const FormatFile f;
    const Trace t = f.read("golden_values_dev.json",
                           R"({"num-zeros": {"start_step": 1, "end_step": 15, "step_interval": 5,
                          "values": {"1": 1900.0, "5": NaN, "10": 1881.0, "15": null}},
            "lm loss": {"start_step": 1, "end_step": 15, "step_interval": 5,
                        "values": {"1": 10.8, "5": 10.6, "10": 10.2, "15": 9.9}}})",
                           read_fields({{"num-zeros", true}, {"lm loss", true}}));
    const Series& zeros = t.field("num-zeros").series;
    // null is "not logged"; a bare NaN is NaN.
    EXPECT_EQ(zeros.steps, (std::vector<std::int64_t>{1, 5, 10}));
    EXPECT_EQ(zeros.values[0], 1900.0);
    EXPECT_TRUE(std::isnan(zeros.values[1]));
    EXPECT_EQ(zeros.values[2], 1881.0);
    EXPECT_EQ(t.field("lm loss").series.steps, (std::vector<std::int64_t>{1, 5, 10, 15}));
    EXPECT_EQ(t.warnings, (std::vector<std::string>{"golden_values_dev.json: step 15: skipped 1 "
                                                    "step record without 'num-zeros' (this step "
                                                    "is the first)"}));
}

// A resumed run's golden values (..._2nd.json) hold the string "nan" for the iterations the
// second job never ran: those steps are not logged, not NaN values.
TEST(GoldenValues, TheStringNanIsAStepNotLogged) {
    const FormatFile f;
    const std::string resumed = R"({
    "lm loss": {"start_step": 1, "end_step": 30, "step_interval": 5,
                "values": {"1": "nan", "5": "nan", "10": "nan", "15": "nan", "20": 9.71,
                           "25": "NaN", "30": 9.52}},
    "num-zeros": {"start_step": 1, "end_step": 30, "step_interval": 5,
                  "values": {"1": "nan", "5": "nan", "10": "nan", "15": "nan", "20": 1700,
                             "25": 1650, "30": 1640}}})";
    const Trace t = f.read("golden_values_2nd.json", resumed,
                           read_fields({{"lm loss", true}, {"num-zeros", true}}));
    EXPECT_EQ(t.field("lm loss").series.steps, (std::vector<std::int64_t>{20, 30}));
    EXPECT_EQ(t.field("lm loss").series.values, (std::vector<double>{9.71, 9.52}));
    EXPECT_EQ(t.field("num-zeros").series.steps, (std::vector<std::int64_t>{20, 25, 30}));
    EXPECT_EQ(t.warnings,
              (std::vector<std::string>{
                  "golden_values_2nd.json: metric 'lm loss': the string \"nan\" at steps 1-15, "
                  "25 (5 values) read as not logged: Megatron writes \"nan\" for the steps a run "
                  "did not log (a resumed run's golden values, for the steps before it resumed)",
                  "golden_values_2nd.json: metric 'num-zeros': the string \"nan\" at steps 1-15 "
                  "(4 values) read as not logged: Megatron writes \"nan\" for the steps a run "
                  "did not log (a resumed run's golden values, for the steps before it resumed)",
                  "golden_values_2nd.json: step 25: skipped 1 step record without 'lm loss' "
                  "(this step is the first)"}));
    // Only the metrics read are warned about.
    EXPECT_EQ(f.read("golden_values_2nd.json", resumed, read_fields({{"num-zeros", true}}))
                  .warnings.size(),
              1u);
    // The list layout: the same.
    const Trace list = f.read("list_2nd.json",
                              R"({"lm loss": {"start_step": 0, "end_step": 6, "step_interval": 1,
                        "values": ["nan", "nan", "nan", 9.8, 9.7, 9.6]}})",
                              read_fields({{"lm loss", true}}));
    EXPECT_EQ(list.field("lm loss").series.steps, (std::vector<std::int64_t>{4, 5, 6}));
    ASSERT_EQ(list.warnings.size(), 1u);
    EXPECT_NE(list.warnings[0].find("\"nan\" at steps 1-3 (3 values)"), std::string::npos);
    // A metric with nothing but placeholders has no value: an error that says so.
    EXPECT_EQ(f.error("all_2nd.json",
                      R"({"lm loss": {"start_step": 1, "end_step": 5, "step_interval": 5,
                        "values": {"1": "nan", "5": "nan"}}})",
                      read_fields({{"lm loss", true}})),
              "all_2nd.json: metric 'lm loss': the string \"nan\" at steps 1-5 (2 values) and "
              "no other value: Megatron writes \"nan\" for the steps a run did not log, so the "
              "file has no value of it");
}

// A NaN value (a bare NaN token) stays a NaN, and so do infinite values, "inf" strings
// included: they are values, which fail every gate.
TEST(GoldenValues, ANanTokenAndInfiniteValuesAreValues) {
    const FormatFile f;
    const Trace t = f.read("golden_values.json",
                           R"({"lm loss": {"start_step": 0, "end_step": 4, "step_interval": 1,
                        "values": [10.8, NaN, "inf", "-inf"]}})",
                           read_fields({{"lm loss", true}}));
    const Series& s = t.field("lm loss").series;
    EXPECT_EQ(s.steps, (std::vector<std::int64_t>{1, 2, 3, 4}));
    EXPECT_TRUE(std::isnan(s.values[1]));
    EXPECT_EQ(s.values[2], std::numeric_limits<double>::infinity());
    EXPECT_EQ(s.values[3], -std::numeric_limits<double>::infinity());
    EXPECT_TRUE(t.warnings.empty());
}

TEST(GoldenValues, Errors) {
    const FormatFile f;
    const ReadOptions golden = read_fields({{"lm loss", true}}, "megatron");
    EXPECT_EQ(f.error("a.json", R"({"lm loss": {"start_step": 1, "values": "10.8"}})"),
              "a.json: metric 'lm loss': 'values' must be a list, or an object keyed by step; "
              "found string");
    EXPECT_EQ(f.error("b.json", R"({"lm loss": {"start_step": 1, "values": [1, 2]}})"),
              "b.json: metric 'lm loss': a list of values needs 'step_interval'");
    EXPECT_EQ(
        f.error("c.json", R"({"lm loss": {"start_step": 1, "step_interval": 0, "values": [1]}})"),
        "c.json: metric 'lm loss': 'step_interval' must be an integer >= 1, found 0");
    EXPECT_EQ(f.error("d.json", R"({"lm loss": {"values": {"1": 2, "two": 3}}})"),
              "d.json: metric 'lm loss': the key 'two' of 'values' is not a step number");
    EXPECT_EQ(f.error("e.json",
                      R"({"lm loss": {"start_step": 1, "step_interval": 1, "values": [1, [2]]}})"),
              "e.json: metric 'lm loss': values[1] must be a number, found [2]");
    EXPECT_EQ(f.error("f.json", R"({"lm loss": {"values": {"5": 2, "05": 3}}})"),
              "f.json: metric 'lm loss': step 5 is given twice in 'values' (keys '05' and '5')");
    EXPECT_EQ(f.error("g.json", R"({"lm loss": {"values": {"1": 2}}, "lm loss": 3})", golden),
              "g.json: the member 'lm loss' appears twice in one object");
    EXPECT_EQ(f.error("h.json", "{\"lm loss\": {\"values\": [1,\n 2,]}}", golden),
              "h.json:2: malformed JSON at column 4: unexpected ']'; expected '[', '{', or a "
              "literal");
    EXPECT_EQ(f.error("i.json", R"({"other": {"values": {"1": 2}}})", golden),
              "i.json: no step record has the field 'lm loss' (the metrics are: other)");
}

TEST(GoldenValues, StepsPastTheLargestStepOrEndStepAreErrors) {
    const FormatFile f;
    const ReadOptions loss = read_fields({{"lm loss", true}});
    // 1 + 4 * 2^62 + 1 wraps onto step 2 in 64 bits; 1 + 2 * 2^62 is already past 2^63 - 1.
    EXPECT_EQ(f.error("wrap.json", R"({"lm loss": {"start_step": 1,
                         "step_interval": 4611686018427387904, "values": [1, 2, 3, 4, 5]}})",
                      loss),
              "wrap.json: metric 'lm loss': values[2] is past the largest step, "
              "9223372036854775807 (start_step 1, step_interval 4611686018427387904)");
    // Position 2^63 - 2 is step 2^63 - 1, the largest; the next is past it.
    EXPECT_EQ(f.error("far.json", R"({"lm loss": {"start_step": 9223372036854775806,
                         "step_interval": 1, "values": [1, 2]}})",
                      loss),
              "far.json: metric 'lm loss': values[1] is past the largest step, "
              "9223372036854775807 (start_step 9223372036854775806, step_interval 1)");
    EXPECT_EQ(f.error("last.json", R"({"lm loss": {"start_step": 9223372036854775807,
                         "step_interval": 1, "values": [1]}})",
                      loss),
              "last.json: metric 'lm loss': values[0] is past the largest step, "
              "9223372036854775807 (start_step 9223372036854775807, step_interval 1)");
    // end_step ends the slice: positions 0, 5, 10 and 15 (steps 1, 6, 11, 16), and 15 is not
    // before end_step 15.
    EXPECT_EQ(f.error("long.json", R"({"lm loss": {"start_step": 0, "end_step": 15,
                         "step_interval": 5, "values": [1, 2, 3, 4]}})",
                      loss),
              "long.json: metric 'lm loss': values[3] is at step 16, past end_step 15: 'values' "
              "has more items than its steps");
    EXPECT_EQ(f.error("end.json", R"({"lm loss": {"start_step": 5, "end_step": 4,
                         "step_interval": 1, "values": [1]}})",
                      loss),
              "end.json: metric 'lm loss': 'end_step' must be an integer >= 5, found 4");
    const Trace t = f.read("ok.json", R"({"lm loss": {"start_step": 0, "end_step": 16,
                         "step_interval": 5, "values": [1, 2, 3, 4]}})",
                           loss);
    EXPECT_EQ(t.field("lm loss").series.steps, (std::vector<std::int64_t>{1, 6, 11, 16}));
}

TEST(JsonDocuments, TextAfterTheDocumentIsNamedWhereItIs) {
    const FormatFile f;
    EXPECT_EQ(f.error("g.json", R"({"lm loss": {"start_step": 1, "step_interval": 1,
                         "values": [1, 2]}}
garbage)",
                      read_fields({{"lm loss", true}})),
              "g.json:3: malformed JSON at column 1: invalid literal");
    EXPECT_EQ(f.error("s.json", R"({"log_history": [{"step": 1, "loss": 1}]}})"),
              "s.json:1: malformed JSON at column 42: unexpected '}'; expected end of input");
}

TEST(TrainerState, TrainingAndEvaluationEntriesOfAStepAreOneStep) {
    const FormatFile f;
    const Trace t = f.read("trainer_state.json",
                           R"({"best_metric": null, "epoch": 1.0, "global_step": 100,
            "log_history": [
              {"epoch": 0.5, "grad_norm": 1.93, "learning_rate": 4.9e-05, "loss": 2.3117, "step": 50},
              {"epoch": 1.0, "grad_norm": NaN, "learning_rate": 4.8e-05, "loss": 2.1, "step": 100},
              {"epoch": 1.0, "eval_loss": 2.1042, "eval_runtime": 3.41, "step": 100},
              {"epoch": 1.0, "step": 100, "train_loss": 2.2, "train_runtime": 812.5}
            ]})",
                           read_fields({{"loss", true}, {"eval_loss", true}, {"grad_norm", true}}));
    EXPECT_EQ(t.field("loss").series.steps, (std::vector<std::int64_t>{50, 100}));
    EXPECT_EQ(t.field("loss").series.values, (std::vector<double>{2.3117, 2.1}));
    EXPECT_EQ(t.field("eval_loss").series.steps, (std::vector<std::int64_t>{100}));
    EXPECT_TRUE(std::isnan(t.field("grad_norm").series.values[1]));
    EXPECT_EQ(t.step_records, 2u);
    EXPECT_EQ(t.warnings, (std::vector<std::string>{"trainer_state.json: log_history[0]: skipped "
                                                    "1 step record without 'eval_loss' (this "
                                                    "entry is the first)"}));
}

TEST(TrainerState, TheLastValueOfAFieldAtAStepWins) {
    const FormatFile f;
    const Trace t = f.read("trainer_state.json",
                           R"({"log_history": [{"step": 1, "loss": 1.5}, {"step": 2, "loss": 2},
                                               {"step": 2, "loss": 2.5}]})");
    EXPECT_EQ(t.field("loss").series.values, (std::vector<double>{1.5, 2.5}));
    EXPECT_EQ(t.warnings.front().substr(0, t.warnings.front().find(" is logged")),
              "trainer_state.json: log_history[2]: step 2");
}

TEST(TrainerState, Errors) {
    const FormatFile f;
    const ReadOptions state = read_fields({{"loss", true}}, "trainer-state");
    EXPECT_EQ(f.error("a.json", R"({"log_history": [{"step": 1, "loss": "low"}]})"),
              "a.json: log_history[0]: 'loss' must be a number, found \"low\"");
    EXPECT_EQ(f.error("b.json", R"({"log_history": [{"loss": 1}]})"),
              "b.json: log_history[0]: no step member (step, iteration, iter, global_step, "
              "_step)");
    EXPECT_EQ(f.error("c.json", R"({"log_history": [{"step": -1, "loss": 1}]})"),
              "c.json: log_history[0]: 'step' must be a non-negative integer, found -1");
    EXPECT_EQ(f.error("d.json", R"({"log_history": [3]})"),
              "d.json: log_history[0]: an entry must be an object, found number");
    EXPECT_EQ(f.error("e.json", R"({"log_history": {}})"),
              "e.json: a trainer_state.json has a list 'log_history'");
    EXPECT_EQ(f.error("f.json", R"({"log_history": []})"),
              "f.json: no step records: log_history is empty");
    EXPECT_EQ(f.error("g.json", R"([1, 2])", state),
              "g.json: a trainer_state.json has a list 'log_history'");
}

} // namespace
} // namespace tracediff
