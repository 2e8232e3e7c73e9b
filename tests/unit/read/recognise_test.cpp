// Formats are recognised from the content, never from the file name; --from overrides; a file
// of no known format is an error that says what it looks like and lists the formats.
#include "tracediff/read/input_format.hpp"
#include "tracediff/read/read_trace.hpp"

#include <gtest/gtest.h>

#include <string>

#include "../../support/event_file.hpp"
#include "../../support/read_as.hpp"

namespace tracediff {
namespace {

namespace ev = testing::events;
using testing::FormatFile;

std::string recognised(const std::string& head, const ReadOptions& options = {}) {
    try {
        return std::string(recognise_format(head, "f", options).name);
    } catch (const Error& e) {
        return e.what();
    }
}

TEST(Recognise, EachFormatByItsContent) {
    EXPECT_EQ(recognised(ev::file_version()), "tensorboard");
    EXPECT_EQ(recognised("{\n  \"best_metric\": null,\n  \"log_history\": [\n"), "trainer-state");
    EXPECT_EQ(recognised(R"({"lm loss": {"start_step": 1, "values": [1, 2]}})"), "megatron");
    EXPECT_EQ(recognised("{\n    \"lm loss\": {\n        \"start_step\": 1,\n        \"values\": "
                         "{\n            \"1\": 10.5"),
              "megatron");
    EXPECT_EQ(recognised("{\"kind\": \"header\"}\n{\"step\": 1, \"loss\": 2}\n"), "jsonl");
    EXPECT_EQ(recognised("\xEF\xBB\xBF\n\n{\"iteration\": 1}"), "jsonl");
    EXPECT_EQ(recognised(""), "jsonl"); // the trace parser says "the file is empty"
    EXPECT_EQ(recognised("epoch,step,train_loss\n0,1,2.5\n"), "csv");
    EXPECT_EQ(recognised("\"\",_step,\"train/loss\"\r\n"), "csv");
    EXPECT_EQ(recognised("step\tloss\n1\t2\n"), "tsv");
    ReadOptions text;
    text.pattern = R"(step (?P<step>\d+))";
    EXPECT_EQ(recognised("step 1 loss 2\n", text), "text");
    // With a pattern, other formats are still recognised first.
    EXPECT_EQ(recognised("step,loss\n", text), "csv");
}

TEST(Recognise, LookalikesAreNotTakenForAnotherFormat) {
    // JSON Lines records that hold a "values" object or a member named log_history.
    EXPECT_EQ(recognised("{\"step\": 1, \"m\": {\"values\": [1]}}\n"), "jsonl");
    EXPECT_EQ(recognised("{\"a\": {\"values\": [1]}}\n{\"a\": {\"values\": [2]}}\n"), "jsonl");
    EXPECT_EQ(recognised("{\"step\": 1, \"log_history\": 3}\n{\"step\": 2}\n"), "jsonl");
    // A CSV header needs a step column; --step-key names it.
    ReadOptions epoch;
    epoch.step_key = "epoch";
    EXPECT_EQ(recognised("epoch,loss\n", epoch), "csv");
    EXPECT_NE(recognised("epoch,loss\n").find("not a format tracediff reads"), std::string::npos);
    // A TFRecord header whose length CRC is wrong is not an event file.
    std::string bad = ev::file_version();
    bad[8] = static_cast<char>(bad[8] ^ 1);
    EXPECT_NE(recognised(bad).find("binary data"), std::string::npos);
}

TEST(Recognise, NoFormatIsAnErrorThatSaysWhatItSaw) {
    const std::string formats =
        "; the formats are tensorboard, trainer-state, megatron, jsonl, csv, tsv, text, "
        "megatron-log, torchtitan-log, nanogpt-log, mllog (--from FORMAT reads a file as one of "
        "them)";
    EXPECT_EQ(recognised("Training notes\nthe loss went down\n"),
              "f: not a format tracediff reads: text whose first line is 'Training notes'; a CSV "
              "or TSV file needs a header row with a step column (step, iteration, iter, "
              "global_step, _step; --step-key names another), and a text log needs --pattern (or a "
              "step line of Megatron-LM, torchtitan, nanoGPT or MLPerf logging)" +
                  formats);
    EXPECT_EQ(recognised(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)),
              "f: not a format tracediff reads: binary data that is not a TensorBoard event file "
              "(the first bytes are 89 50 4e 47 0d 0a 1a 0a)" +
                  formats);
    EXPECT_EQ(recognised("[1, 2, 3]"),
              "f: not a format tracediff reads: a JSON array (tracediff reads JSON objects: JSON "
              "Lines, trainer_state.json, Megatron golden values)" +
                  formats);
}

TEST(Recognise, FromNamesAFormatAndOverridesTheContent) {
    EXPECT_EQ(format_named("csv").name, "csv");
    EXPECT_EQ(format_named("trace").name, "jsonl");
    try {
        format_named("parquet");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "unknown input format 'parquet' (expected one of: tensorboard, "
                               "trainer-state, megatron, jsonl, csv, tsv, text, megatron-log, "
                               "torchtitan-log, nanogpt-log, mllog)");
    }
    const FormatFile f;
    // A CSV file named .jsonl is CSV; the name never decides.
    EXPECT_EQ(f.read("a.jsonl", "step,loss\n1,0.5\n").field("loss").series.values,
              (std::vector<double>{0.5}));
    // --from reads a file as the named format, whatever it looks like.
    ReadOptions as_jsonl;
    as_jsonl.format = "jsonl";
    EXPECT_EQ(f.error("b.csv", "step,loss\n1,0.5\n", as_jsonl),
              "b.csv:1: malformed JSON at column 1: invalid literal\n    step,loss\n    ^");
    EXPECT_EQ(f.error("c.txt", "Training notes\n"),
              "c.txt: not a format tracediff reads: text whose first line is 'Training notes'; a "
              "CSV or TSV file needs a header row with a step column (step, iteration, iter, "
              "global_step, _step; --step-key names another), and a text log needs --pattern (or a "
              "step line of Megatron-LM, torchtitan, nanoGPT or MLPerf logging); the formats are "
              "tensorboard, trainer-state, megatron, jsonl, csv, tsv, text, megatron-log, "
              "torchtitan-log, nanogpt-log, mllog (--from FORMAT reads a file as one of them)");
}

} // namespace
} // namespace tracediff
