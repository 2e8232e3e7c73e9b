// LiveParser: a trace read line by line as a live check reads it (the format of --from, or of
// the first line that is a record of one) gives the trace the whole-file read gives, or the
// same error; formats read whole only are refused with a message that says what is read live.
#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/read/live_parser.hpp"
#include "tracediff/read/read_trace.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tracediff {
namespace {

ReadOptions options_for(const std::string& format, const std::string& field,
                        const std::string& pattern = "") {
    ReadOptions o;
    o.format = format;
    o.pattern = pattern;
    o.fields = {{field, true}};
    return o;
}

// The lines of `text` through a LiveParser, the last one without its newline marked so.
Trace read_live(const std::string& text, const ReadOptions& options) {
    LiveParser parser("run.log", options);
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t newline = text.find('\n', start);
        if (newline == std::string::npos) {
            parser.add_line(std::string_view(text).substr(start), false);
            break;
        }
        parser.add_line(std::string_view(text).substr(start, newline - start));
        start = newline + 1;
    }
    return parser.finish();
}

Trace read_whole(const std::string& text, const ReadOptions& options) {
    InputFile input(InMemoryFile{"run.log", text});
    return read_trace(input, "run.log", options);
}

std::string error_of(const std::function<Trace()>& read) {
    try {
        read();
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

void expect_same_reading(const std::string& text, const ReadOptions& options) {
    const std::string whole_error = error_of([&] { return read_whole(text, options); });
    const std::string live_error = error_of([&] { return read_live(text, options); });
    ASSERT_EQ(whole_error, live_error) << text;
    if (!whole_error.empty()) {
        return;
    }
    const Trace whole = read_whole(text, options);
    const Trace live = read_live(text, options);
    EXPECT_EQ(live.format, whole.format);
    ASSERT_EQ(live.fields.size(), whole.fields.size());
    for (std::size_t f = 0; f < whole.fields.size(); ++f) {
        EXPECT_EQ(live.fields[f].series.steps, whole.fields[f].series.steps) << text;
        EXPECT_EQ(live.fields[f].series.values, whole.fields[f].series.values) << text;
        EXPECT_EQ(live.fields[f].series.decimals, whole.fields[f].series.decimals) << text;
    }
    EXPECT_EQ(live.unmatched_lines, whole.unmatched_lines) << text;
    EXPECT_EQ(live.warnings, whole.warnings) << text;
}

const std::string k_megatron =
    "using world size: 1\n"
    " [2026-01-01 00:00:01] iteration        1/      10 | consumed samples:          128 | "
    "learning rate: 2.000000E-04 | lm loss: 2.458023E+00 | loss scale: 1.0 |\n"
    " [2026-01-01 00:00:02] iteration        2/      10 | consumed samples:          256 | "
    "learning rate: 4.000000E-04 | lm loss: 2.532781E+00 | loss scale: 1.0 |\n";

TEST(LiveParser, EveryLineFormatGivesTheTraceOfTheWholeFile) {
    expect_same_reading(k_megatron, options_for("", "lm loss"));
    expect_same_reading(k_megatron, options_for("megatron-log", "lm loss"));
    // A last line without its newline: its record is not used, with the same warning.
    expect_same_reading(k_megatron.substr(0, k_megatron.size() - 1), options_for("", "lm loss"));
    expect_same_reading("step:  1  loss:  2.4580  grad_norm:  1.1\r\nstep:  2  loss:  2.5  "
                        "grad_norm:  1.2\r\n",
                        options_for("", "loss"));
    expect_same_reading("Overriding config\niter 1: loss 2.4580, time 13.34ms, mfu -100.00%\n",
                        options_for("", "loss"));
    expect_same_reading("epoch 0 | step 1 | loss 2.5\nnoise\nepoch 0 | step 2 | loss 2.25\n",
                        options_for("text", "loss", R"(step (?P<step>\d+) \| loss (?P<loss>\S+))"));
    expect_same_reading("{\"step\": 1, \"loss\": 2.5}\n{\"step\": 2, \"loss\": 2.25}\n",
                        options_for("", "loss"));
    // Errors: a malformed value of a line of the format, a field in no record.
    expect_same_reading("step:  1  loss:  2.4x80\n", options_for("torchtitan-log", "loss"));
    expect_same_reading(k_megatron, options_for("", "grad norm"));
}

TEST(LiveParser, LinesBeforeTheFirstRecordWaitAndAreCounted) {
    LiveParser parser("run.log", options_for("", "lm loss"));
    parser.add_line("using world size: 1");
    parser.add_line("> building datasets ...");
    EXPECT_EQ(parser.format(), "");
    EXPECT_EQ(parser.step_records(), 0u);
    EXPECT_FALSE(parser.snapshot(0));
    parser.add_line(" [2026-01-01 00:00:01] iteration        1/      10 | lm loss: 2.458023E+00 |");
    EXPECT_EQ(parser.format(), "megatron-log");
    EXPECT_EQ(parser.step_records(), 1u);
    EXPECT_EQ(parser.table().step_of(0), 1);
    EXPECT_TRUE(parser.table().record_complete(0));
    const Trace t = parser.finish();
    EXPECT_EQ(t.unmatched_lines, 2u);
}

// After a first line that is no record, only a trainer's step record decides the format, as
// in the head of the whole file: a config printed as JSON, a line of two numbers.
TEST(LiveParser, OnlyTheFirstLineIsRecognisedByEveryFormat) {
    const std::string banner_then_megatron =
        "starting\n{\n\"lr\": 0.1}\n{\"lr\": 0.1}\n5 2.5\n" + k_megatron.substr(21);
    expect_same_reading(banner_then_megatron, options_for("", "lm loss"));
    EXPECT_EQ(read_live(banner_then_megatron, options_for("", "lm loss")).format, "megatron-log");
    expect_same_reading("1 2.5\n2 2.25\n", options_for("", "loss")); // a torchtitan loss file
}

TEST(LiveParser, FormatsReadWholeOnlyAreRefused) {
    const std::string live = "a live check (standard input, a FIFO, --follow, -- COMMAND) reads "
                             "JSON Lines, TensorBoard event files, or a trainer's output: text "
                             "with --pattern, megatron-log, torchtitan-log, nanogpt-log, mllog";
    EXPECT_EQ(error_of([] { return read_live("step,loss\n1,2\n", options_for("", "loss")); }),
              "run.log:1: csv logs are read whole from regular files; " + live);
    EXPECT_EQ(error_of([] { return read_live("{\n\"a\": 1}\n", options_for("", "loss")); }),
              "run.log:1: a JSON document (trainer_state.json, golden values) is read whole from "
              "a regular file; " +
                  live);
    EXPECT_EQ(error_of([] { return read_live("hello\nworld\n", options_for("", "loss")); }),
              "run.log: no line is a step record of a format a live check reads (JSON Lines, "
              "TensorBoard event files, or a trainer's output: text with --pattern, "
              "megatron-log, torchtitan-log, nanogpt-log, mllog); 2 lines read");
    EXPECT_EQ(error_of([] { return read_live("", options_for("", "loss")); }),
              "run.log: no records: the file is empty");
    EXPECT_EQ(error_of([] { return read_live("x\n", options_for("csv", "loss")); }),
              "--from csv: csv logs are read whole from regular files; " + live);
}

} // namespace
} // namespace tracediff
