// The trainers' standard outputs (megatron-log, torchtitan-log, nanogpt-log, mllog), on lines
// written in each framework's own shape: recognition by content, the fields and their
// decimals, the lines skipped, the errors; and the line parser that reads them one line at a
// time.
#include "tracediff/read/line_record_parser.hpp"
#include "tracediff/read/read_trace.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "../../support/read_as.hpp"

namespace tracediff {
namespace {

using testing::FormatFile;
using testing::read_fields;

std::vector<std::int64_t> steps_of(const Trace& t, const std::string& field) {
    return t.field(field).series.steps;
}

std::vector<double> values_of(const Trace& t, const std::string& field) {
    return t.field(field).series.values;
}

const char* k_megatron =
    "> building train, validation, and test datasets ...\n"
    " [2026-01-01 00:00:00] iteration        1/     100 | consumed samples:           64 | "
    "elapsed time per iteration (ms): 140.2 | learning rate: 1.500000E-04 | global batch size: "
    "   64 | lm loss: 1.045532E+01 | loss scale: 1.0 | grad norm: 5.123 | number of skipped "
    "iterations:   0 | number of nan iterations:   0 |\n"
    "[Rank 0] (after 1 iterations) memory (MB) | allocated: 1234.5 | max allocated: 2345.6\n"
    " [2026-01-01 00:00:01] iteration        2/     100 | consumed samples:          128 | "
    "elapsed time per iteration (ms): 120.9 | learning rate: 3.000000E-04 | global batch size: "
    "   64 | lm loss: nan | loss scale: 1.0 | grad norm: 4.981 | number of skipped iterations:   "
    "0 | number of nan iterations:   1 |\n"
    "-----------------------------------------------------------------------------------------\n"
    " validation loss at iteration 2 | lm loss value: 1.032100E+01 | lm loss PPL: 3.030000E+04 | \n"
    "-----------------------------------------------------------------------------------------\n"
    " validation loss at the end of training for val data | lm loss value: 1.0E+01 | \n";

TEST(MegatronLog, EveryPairIsAFieldNamedAsPrinted) {
    const FormatFile f;
    const Trace t = f.read("train.log", k_megatron,
                           read_fields({{"lm loss", true},
                                        {"grad norm", true},
                                        {"learning rate", true},
                                        {"elapsed time per iteration (ms)", true},
                                        {"validation lm loss", true},
                                        {"validation lm loss PPL", true}}));
    EXPECT_EQ(t.format, "megatron-log");
    EXPECT_EQ(steps_of(t, "lm loss"), (std::vector<std::int64_t>{1, 2}));
    EXPECT_EQ(values_of(t, "lm loss")[0], 10.45532);
    EXPECT_TRUE(std::isnan(values_of(t, "lm loss")[1]));
    EXPECT_EQ(t.field("lm loss").series.decimals, (std::vector<std::int8_t>{5, -1}));
    EXPECT_EQ(values_of(t, "grad norm"), (std::vector<double>{5.123, 4.981}));
    EXPECT_EQ(t.field("grad norm").series.text.most, 3);
    EXPECT_EQ(values_of(t, "learning rate"), (std::vector<double>{1.5e-4, 3e-4}));
    EXPECT_EQ(values_of(t, "elapsed time per iteration (ms)"), (std::vector<double>{140.2, 120.9}));
    EXPECT_EQ(steps_of(t, "validation lm loss"), (std::vector<std::int64_t>{2}));
    EXPECT_EQ(values_of(t, "validation lm loss"), (std::vector<double>{10.321}));
    EXPECT_EQ(values_of(t, "validation lm loss PPL"), (std::vector<double>{30300}));
    // The datasets line, the memory report, two rules and the end-of-training validation.
    EXPECT_EQ(t.unmatched_lines, 5u);
}

TEST(MegatronLog, AFieldAskedForMustBeANumber) {
    const FormatFile f;
    const std::string line = " [2026-01-01 00:00:00] iteration        3/     100 | lm loss: "
                             "1.0E+01 | elapsed time: 0:01:02 | grad norm: 5.1.2 |\n";
    // A pair that is no number is not a field, unless it is asked for.
    EXPECT_EQ(values_of(f.read("a.log", line, read_fields({{"lm loss", true}})), "lm loss"),
              (std::vector<double>{10}));
    EXPECT_EQ(f.error("b.log", "x\n" + line, read_fields({{"grad norm", true}})),
              "b.log:2: 'grad norm' is '5.1.2', not a number");
    EXPECT_EQ(f.error("c.log", line, read_fields({{"loss", true}})),
              "c.log: no step record has the field 'loss' (the first step record, on line 1, has: "
              "lm loss, elapsed time, grad norm)");
    EXPECT_EQ(
        f.error("d.log", "iteration 1 of 10\n", read_fields({{"loss", true}}, "megatron-log")),
        "d.log: no line is a megatron-log record (1 lines read)");
}

TEST(TorchtitanLog, TheMetricsLineWithColoursAndPrefix) {
    const FormatFile f;
    const Trace t = f.read(
        "titan.log",
        "[rank0]:[titan] 2025-01-01 00:00:00,000 - root - INFO - Starting job\n"
        "[rank0]:[titan] 2025-01-01 00:00:00,000 - root - INFO - \x1b[31mstep:  1  \x1b[32mloss:  "
        "8.1234  \x1b[33mgrad_norm:  1.2345  \x1b[38;2;54;234;195mmemory: 12.34GiB(15.67%)  "
        "\x1b[34mtps: 1,234  \x1b[36mtflops: 1,012.34  \x1b[35mmfu: 1.23%\x1b[39m\n"
        "step: 2  loss:  7.9000  grad_norm:  1.1000  memory: 12.34GiB(15.67%)  tps: 987  "
        "tflops: 12.34  mfu: 1.20%\n"
        "[rank0]:[titan] 2025-01-01 00:00:05,000 - root - INFO - \x1b[33mvalidate step:  2  "
        "\x1b[32mloss:  8.0123  \x1b[96mmemory:  1.20GiB(3.45%)  \x1b[34mtps: 5,678\x1b[39m\n",
        read_fields({{"loss", true},
                     {"grad_norm", true},
                     {"memory", true},
                     {"memory_pct", true},
                     {"tps", true},
                     {"tflops", true},
                     {"mfu", true},
                     {"validation loss", true},
                     {"validation tps", true}}));
    EXPECT_EQ(t.format, "torchtitan-log");
    EXPECT_EQ(values_of(t, "loss"), (std::vector<double>{8.1234, 7.9}));
    EXPECT_EQ(t.field("loss").series.decimals, (std::vector<std::int8_t>{4, 4}));
    EXPECT_EQ(values_of(t, "memory"), (std::vector<double>{12.34, 12.34}));
    EXPECT_EQ(values_of(t, "memory_pct"), (std::vector<double>{15.67, 15.67}));
    EXPECT_EQ(values_of(t, "tps"), (std::vector<double>{1234, 987}));
    EXPECT_EQ(values_of(t, "tflops"), (std::vector<double>{1012.34, 12.34}));
    EXPECT_EQ(values_of(t, "mfu"), (std::vector<double>{1.23, 1.2}));
    EXPECT_EQ(steps_of(t, "validation loss"), (std::vector<std::int64_t>{2}));
    EXPECT_EQ(values_of(t, "validation loss"), (std::vector<double>{8.0123}));
    EXPECT_EQ(values_of(t, "validation tps"), (std::vector<double>{5678}));
    EXPECT_EQ(t.unmatched_lines, 1u);
}

TEST(TorchtitanLog, ALossFileIsStepAndLossOnEveryLine) {
    const FormatFile f;
    const Trace t = f.read("llama3.txt", "1 8.048324584960938\n2 7.751155376434326\n3 nan\n");
    EXPECT_EQ(t.format, "torchtitan-log");
    EXPECT_EQ(steps_of(t, "loss"), (std::vector<std::int64_t>{1, 2, 3}));
    EXPECT_EQ(values_of(t, "loss")[1], 7.751155376434326);
    EXPECT_EQ(t.field("loss").series.decimals[0], 15);
    EXPECT_EQ(f.error("bad.txt", "1 8.04\n2 7.75\nthree 7.1\n"),
              "bad.txt:3: a torchtitan loss file has 'STEP LOSS' on every line; found 'three 7.1'");
}

TEST(TorchtitanLog, MalformedNumbersOfFieldsAskedForAreErrors) {
    const FormatFile f;
    EXPECT_EQ(f.error("a.log", "step:  1  loss:  8.1234  tps: 1,23,4\n",
                      read_fields({{"loss", true}, {"tps", true}})),
              "a.log:1: 'tps' is '1,23,4', not a number");
    EXPECT_EQ(f.error("b.log", "step:  1  loss:  8.12x4\n"),
              "b.log:1: 'loss' is '8.12x4', not a number");
}

TEST(NanogptLog, ModdedNanogptLines) {
    const FormatFile f;
    const Trace t = f.read(
        "modded.log",
        "step:0/1750 val_loss:10.8258 train_time:0ms step_avg:nanms\n"
        "step:1/1750 train_loss:10.8258 train_time:1234ms step_avg:nanms\n"
        "step:2/1750 train_loss:9.1234 train_time:2468ms step_avg:123.45ms\n"
        "peak memory consumption: 31234 MiB\n",
        read_fields(
            {{"train_loss", true}, {"val_loss", true}, {"train_time", true}, {"step_avg", false}}));
    EXPECT_EQ(t.format, "nanogpt-log");
    EXPECT_EQ(steps_of(t, "train_loss"), (std::vector<std::int64_t>{1, 2}));
    EXPECT_EQ(values_of(t, "train_loss"), (std::vector<double>{10.8258, 9.1234}));
    EXPECT_EQ(steps_of(t, "val_loss"), (std::vector<std::int64_t>{0}));
    EXPECT_EQ(values_of(t, "train_time"), (std::vector<double>{0, 1234, 2468}));
    EXPECT_TRUE(std::isnan(values_of(t, "step_avg")[0]));
    EXPECT_EQ(values_of(t, "step_avg")[2], 123.45);
    EXPECT_EQ(t.unmatched_lines, 1u);
}

TEST(NanogptLog, NanogptLines) {
    const FormatFile f;
    const Trace t = f.read("nanogpt.log",
                           "Overriding config with config/train_shakespeare_char.py:\n"
                           "step 0: train loss 4.2874, val loss 4.2823\n"
                           "iter 0: loss 4.2654, time 29725.97ms, mfu -100.00%\n"
                           "iter 10: loss 3.2566, time 65.21ms, mfu 5.67%\n",
                           read_fields({{"loss", true},
                                        {"time", true},
                                        {"mfu", true},
                                        {"train loss", true},
                                        {"val loss", true}}));
    EXPECT_EQ(t.format, "nanogpt-log");
    EXPECT_EQ(steps_of(t, "loss"), (std::vector<std::int64_t>{0, 10}));
    EXPECT_EQ(values_of(t, "loss"), (std::vector<double>{4.2654, 3.2566}));
    EXPECT_EQ(values_of(t, "time"), (std::vector<double>{29725.97, 65.21}));
    EXPECT_EQ(values_of(t, "mfu"), (std::vector<double>{-100, 5.67}));
    EXPECT_EQ(values_of(t, "train loss"), (std::vector<double>{4.2874}));
    EXPECT_EQ(values_of(t, "val loss"), (std::vector<double>{4.2823}));
    EXPECT_EQ(f.error("bad.log", "iter 0: loss 4.26.54, time 1ms\n"),
              "bad.log:1: 'loss' is '4.26.54', not a number");
}

std::string mllog(const std::string& key, const std::string& value, const std::string& metadata) {
    return ":::MLLOG {\"namespace\": \"\", \"time_ms\": 1700000000000, \"event_type\": "
           "\"POINT_IN_TIME\", \"key\": \"" +
           key + "\", \"value\": " + value + ", \"metadata\": {\"file\": \"train.py\", " +
           "\"lineno\": 88" + metadata + "}}\n";
}

TEST(Mllog, EachEventIsAFieldAtTheStepOfItsMetadata) {
    const FormatFile f;
    const Trace t = f.read(
        "result_0.txt",
        mllog("submission_benchmark", "\"llama31_8b\"", "") + mllog("run_start", "null", "") +
            "0: " + mllog("train_loss", "11.846", ", \"samples_count\": 0, \"lr\": 3.125e-06") +
            "[1] " + mllog("train_loss", "NaN", ", \"samples_count\": 8192") +
            mllog("eval_accuracy", "0.7215", ", \"epoch_num\": 3") +
            mllog("eval_accuracy", "0.75", ", \"step_num\": 5, \"epoch_num\": 4") +
            mllog("block_stop", "true", ", \"step_num\": 5") + "Some other line\n",
        read_fields({{"train_loss", true}, {"eval_accuracy", true}}));
    EXPECT_EQ(t.format, "mllog");
    EXPECT_EQ(steps_of(t, "train_loss"), (std::vector<std::int64_t>{0, 8192}));
    EXPECT_EQ(values_of(t, "train_loss")[0], 11.846);
    EXPECT_TRUE(std::isnan(values_of(t, "train_loss")[1]));
    EXPECT_EQ(t.field("train_loss").series.decimals, (std::vector<std::int8_t>{3, -1}));
    EXPECT_EQ(steps_of(t, "eval_accuracy"), (std::vector<std::int64_t>{3, 5}));
    // A string, null, true and a line without :::MLLOG.
    EXPECT_EQ(t.unmatched_lines, 4u);
    for (const std::string& w : t.warnings) {
        EXPECT_EQ(w.find("whole number"), std::string::npos) << w;
    }
}

TEST(Mllog, StepsThatAreNotWholeAreSkippedWithAWarning) {
    const FormatFile f;
    const Trace t = f.read("dlrm.txt",
                           mllog("eval_accuracy", "0.78", ", \"epoch_num\": 1.0000076351505636") +
                               mllog("eval_accuracy", "0.79", ", \"epoch_num\": 2.0"),
                           read_fields({{"eval_accuracy", true}}));
    EXPECT_EQ(steps_of(t, "eval_accuracy"), (std::vector<std::int64_t>{2}));
    EXPECT_EQ(t.warnings,
              (std::vector<std::string>{"dlrm.txt:1: the event's step (metadata epoch_num "
                                        "1.0000076351505636) is not a whole number >= 0; events "
                                        "with such a step are skipped"}));
    ReadOptions by_step = read_fields({{"eval_accuracy", true}});
    by_step.step_key = "block";
    EXPECT_EQ(steps_of(f.read("b.txt", mllog("eval_accuracy", "0.7", ", \"block\": 7"), by_step),
                       "eval_accuracy"),
              (std::vector<std::int64_t>{7}));
}

TEST(Mllog, AnEventThatIsNotJsonIsAnError) {
    const FormatFile f;
    EXPECT_EQ(f.error("a.txt", ":::MLLOG {\"key\": \"train_loss\", \"value\": 1.5,\n"),
              "a.txt:1: the :::MLLOG event is not valid JSON: unexpected end of input; expected "
              "string literal at column 36");
    EXPECT_EQ(
        f.error("b.txt", ":::MLLOG {\"value\": 1.5}\n", read_fields({{"loss", true}}, "mllog")),
        "b.txt:1: the :::MLLOG event's 'key' is missing, not a string");
}

TEST(StdoutFormats, RecognisedByTheFirstLineThatIsOnesAndForcedWithFrom) {
    const FormatFile f;
    // A torchtitan line after a nanoGPT-looking one is nanoGPT's log; --from reads it otherwise.
    const std::string mixed = "iter 1: loss 2.5, time 1ms\nstep: 2  loss: 2.25\n";
    EXPECT_EQ(f.read("a.log", mixed).format, "nanogpt-log");
    const Trace titan = f.read("b.log", mixed, read_fields({{"loss", true}}, "torchtitan-log"));
    EXPECT_EQ(steps_of(titan, "loss"), (std::vector<std::int64_t>{2}));
    // A pattern reads a text log, whatever shape its lines have.
    ReadOptions pattern;
    pattern.pattern = R"(iter (?P<step>\d+): loss (?P<loss>[^,]+))";
    EXPECT_EQ(f.read("c.log", mixed, pattern).format, "text");
    // Other text is no format.
    EXPECT_NE(f.error("d.log", "iteration 5 done\nstep 5 finished\n").find("not a format"),
              std::string::npos);
}

TEST(LineRecordParser, ReadsOneLineAtATimeAsALiveReaderWould) {
    ReadOptions options = read_fields({{"lm loss", true}});
    const auto parser = make_line_record_parser("megatron-log", "run.log", options);
    ASSERT_NE(parser, nullptr);
    EXPECT_EQ(make_line_record_parser("csv", "run.csv", options), nullptr);
    parser->add_line("starting");
    EXPECT_EQ(parser->step_records(), 0u);
    EXPECT_FALSE(parser->snapshot(0).has_value());
    parser->add_line(" iteration        1/      10 | lm loss: 2.500000E+00 |\r");
    EXPECT_EQ(parser->table().step_of(0), 1);
    EXPECT_EQ(values_of(*parser->snapshot(1), "lm loss"), (std::vector<double>{2.5}));
    parser->add_line(" iteration        2/      10 | lm loss: 2.2", false);
    const Trace t = parser->finish();
    EXPECT_EQ(values_of(t, "lm loss"), (std::vector<double>{2.5}));
    EXPECT_EQ(t.warnings, (std::vector<std::string>{"run.log:3: ignoring truncated final line"}));
    EXPECT_EQ(t.unmatched_lines, 1u);
    // Every line-based format has one; a text log needs its pattern.
    for (const char* format : {"torchtitan-log", "nanogpt-log", "mllog"}) {
        EXPECT_NE(make_line_record_parser(format, "x", options), nullptr) << format;
    }
    EXPECT_THROW(make_line_record_parser("text", "x", options), Error);
}

} // namespace
} // namespace tracediff
