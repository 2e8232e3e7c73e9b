// CSV and TSV: the header row, RFC 4180 quoting, empty cells, non-finite tokens, and the errors.
#include "tracediff/read/read_trace.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "../../support/read_as.hpp"

namespace tracediff {
namespace {

using testing::FormatFile;
using testing::read_fields;

const Series& series(const Trace& t, const std::string& name) {
    return t.field(name).series;
}

TEST(Csv, ColumnsAreFieldsAndEmptyCellsAreNotLogged) {
    const FormatFile f;
    // Lightning's metrics.csv: validation rows apart, CRLF line ends.
    const Trace t = f.read("metrics.csv",
                           "epoch,step,train_loss,val_loss\r\n0,1,2.5,\r\n0,2,2.25,\r\n"
                           "0,2,,2.75\r\n1,3,2.0,\r\n",
                           read_fields({{"train_loss", true}, {"val_loss", true}}));
    EXPECT_EQ(series(t, "train_loss").steps, (std::vector<std::int64_t>{1, 2, 3}));
    EXPECT_EQ(series(t, "train_loss").values, (std::vector<double>{2.5, 2.25, 2.0}));
    EXPECT_EQ(series(t, "val_loss").steps, (std::vector<std::int64_t>{2}));
    EXPECT_EQ(series(t, "val_loss").values, (std::vector<double>{2.75}));
    EXPECT_FALSE(t.header);
    // Step 2's two rows carry different columns: merged, no warning; the rows without
    // val_loss are skipped for it with one warning.
    EXPECT_EQ(t.warnings, (std::vector<std::string>{
                              "metrics.csv:2: skipped 2 step records without 'val_loss' (this "
                              "line is the first)"}));
}

TEST(Csv, QuotingFollowsRfc4180) {
    const FormatFile f;
    const Trace t = f.read("q.csv",
                           "\"step\",\"train/loss\",note\n"
                           "1,\"0.5\",\"a, \"\"quoted\"\" note\"\n"
                           "2,0.25,\"two\nlines\"\n"
                           "3,\"0.125\",\n",
                           read_fields({{"train/loss", true}}));
    EXPECT_EQ(series(t, "train/loss").values, (std::vector<double>{0.5, 0.25, 0.125}));
    EXPECT_TRUE(t.warnings.empty());
    // A row after a quoted line end is numbered by the line it starts on.
    EXPECT_EQ(f.error("q2.csv", "step,loss\n1,\"x\ny\"\n2,bad\n"),
              "q2.csv:2: 'loss' must be a number, found 'x\\x0Ay'");
    EXPECT_EQ(f.error("q3.csv", "step,loss\n1,2\n2,\"3\"x\n"),
              "q3.csv:3: text after the closing quote of a quoted cell");
}

TEST(Csv, NonFiniteTokensAndNumberStyles) {
    const FormatFile f;
    const Trace t = f.read("n.csv",
                           "step,loss\n1,nan\n2,NaN\n3,inf\n4,-inf\n5,Infinity\n6,1e-3\n7, 2.5 \n"
                           "8,+3\n9,-0.0\n",
                           read_fields({{"loss", true}}));
    const auto& v = series(t, "loss").values;
    ASSERT_EQ(v.size(), 9u);
    EXPECT_TRUE(std::isnan(v[0]) && std::isnan(v[1]));
    EXPECT_EQ(v[2], INFINITY);
    EXPECT_EQ(v[3], -INFINITY);
    EXPECT_EQ(v[4], INFINITY);
    EXPECT_EQ(v[5], 1e-3);
    EXPECT_EQ(v[6], 2.5);
    EXPECT_EQ(v[7], 3.0);
    EXPECT_TRUE(std::signbit(v[8]));
    EXPECT_EQ(f.error("big.csv", "step,loss\n1,1e400\n"),
              "big.csv:2: 'loss' is out of the range of a double: 1e400");
}

TEST(Csv, RaggedRowIsAnErrorWithItsLine) {
    const FormatFile f;
    EXPECT_EQ(f.error("r.csv", "step,loss,lr\n1,2.5,0.1\n2,2.25\n3,2.0,0.1\n"),
              "r.csv:3: a row of 2 cells, but the header has 3");
    EXPECT_EQ(f.error("r2.csv", "step,loss\n1,2.5,0.1\n"),
              "r2.csv:2: a row of 3 cells, but the header has 2");
}

TEST(Csv, ACutShortLastRowIsAWarning) {
    const FormatFile f;
    Trace t = f.read("cut.csv", "step,loss,lr\n1,2.5,0.1\n2,2.2", read_fields({{"loss", true}}));
    EXPECT_EQ(series(t, "loss").steps, (std::vector<std::int64_t>{1}));
    EXPECT_TRUE(t.truncated_last_line);
    EXPECT_EQ(t.warnings, (std::vector<std::string>{"cut.csv:3: ignoring truncated final row"}));
    // A quoted cell left open at the end.
    t = f.read("open.csv", "step,loss\n1,2.5\n2,\"2.2", read_fields({{"loss", true}}));
    EXPECT_EQ(t.warnings, (std::vector<std::string>{"open.csv:3: ignoring truncated final row"}));
    // A last row without a line end, whole or not: its last number may be cut short (2.3 of
    // 2.3456), so none of its values is used.
    t = f.read("last.csv", "step,loss\n1,2.5\n2,2.25\n3,2.3", read_fields({{"loss", true}}));
    EXPECT_EQ(series(t, "loss").values, (std::vector<double>{2.5, 2.25}));
    EXPECT_TRUE(t.truncated_last_line);
    EXPECT_EQ(t.warnings, (std::vector<std::string>{"last.csv:4: ignoring truncated final row"}));
}

TEST(Csv, TheStepColumn) {
    const FormatFile f;
    // W&B: _step, after an unnamed pandas index column.
    Trace t = f.read("w.csv", ",_step,loss\n0,10,1.5\n1,20,1.25\n", read_fields({{"loss", true}}));
    EXPECT_EQ(series(t, "loss").steps, (std::vector<std::int64_t>{10, 20}));
    ReadOptions by_epoch = read_fields({{"loss", true}}, "csv");
    by_epoch.step_key = "epoch";
    t = f.read("e.csv", "epoch,step,loss\n1,100,1.5\n2,200,1.25\n", by_epoch);
    EXPECT_EQ(series(t, "loss").steps, (std::vector<std::int64_t>{1, 2}));
    EXPECT_EQ(f.error("s.csv", "step,loss\n1,2\n1.5,2\n"),
              "s.csv:3: 'step' must be a non-negative integer, found '1.5'");
    EXPECT_EQ(f.error("s2.csv", "step,loss\n,2\n"),
              "s2.csv:2: 'step' must be a non-negative integer, found ''");
    EXPECT_EQ(f.error("h.csv", "a,b\n1,2\n", read_fields({{"b", true}}, "csv")),
              "h.csv:1: the header has no step column (it has: a, b; the step column is the "
              "first of step, iteration, iter, global_step, _step in any case, or --step-key "
              "NAME)");
    EXPECT_EQ(f.error("d.csv", "step,loss,loss\n1,2,3\n"),
              "d.csv:1: the header names the column 'loss' twice");
    EXPECT_EQ(f.error("m.csv", "step,lr\n1,2\n"),
              "m.csv: no step record has the field 'loss' (the header has: step, lr)");
    EXPECT_EQ(f.error("o.csv", "step,loss\n"),
              "o.csv: no step records (the file has a header and no rows)");
}

// A W&B chart export names its x axis "Step": the default step columns are found in any case,
// a name in its own case first; --step-key is matched exactly.
TEST(Csv, TheDefaultStepColumnsAreFoundInAnyCase) {
    const FormatFile f;
    Trace t = f.read("w.csv", "\"Step\",\"loss\"\n\"1\",\"2.5\"\n\"2\",\"2.25\"\n");
    EXPECT_EQ(t.format, "csv"); // recognised by its step column
    EXPECT_EQ(series(t, "loss").steps, (std::vector<std::int64_t>{1, 2}));
    t = f.read("w.tsv", "ITERATION\tloss\n5\t2.5\n");
    EXPECT_EQ(t.format, "tsv");
    EXPECT_EQ(series(t, "loss").steps, (std::vector<std::int64_t>{5}));
    // step in its own case before Step; Step (the first key) before _step.
    t = f.read("a.csv", "Step,step,loss\n1,10,2.5\n");
    EXPECT_EQ(series(t, "loss").steps, (std::vector<std::int64_t>{10}));
    t = f.read("b.csv", "_step,Step,loss\n1,10,2.5\n");
    EXPECT_EQ(series(t, "loss").steps, (std::vector<std::int64_t>{10}));
    ReadOptions exact = read_fields({{"loss", true}}, "csv");
    exact.step_key = "step";
    EXPECT_EQ(f.error("c.csv", "Step,loss\n1,2.5\n", exact),
              "c.csv:1: the header has no step column (it has: Step, loss; the step column is "
              "'step', from --step-key)");
}

TEST(Csv, TsvAndABomAndBlankLines) {
    const FormatFile f;
    const Trace t = f.read("run.tsv", "\xEF\xBB\xBFstep\tloss\n\n1\t0.5\n\n2\t0.25\n",
                           read_fields({{"loss", true}}));
    EXPECT_EQ(series(t, "loss").values, (std::vector<double>{0.5, 0.25}));
}

TEST(Csv, RowsAcrossReadBlocks) {
    // More than one 1 MiB block, with a quoted line end in every row, so that some row spans
    // two blocks.
    std::string text = "step,loss,note\n";
    for (int i = 1; i <= 40000; ++i) {
        text += std::to_string(i) + "," + std::to_string(i) + ".5,\"a\nb, \"\"c\"\"\"\n";
    }
    const FormatFile f;
    const Trace t = f.read("big.csv", text, read_fields({{"loss", true}}));
    ASSERT_EQ(series(t, "loss").size(), 40000u);
    EXPECT_EQ(series(t, "loss").values[39999], 40000.5);
    EXPECT_EQ(f.error("bad.csv", text + "x,1,2\n"),
              "bad.csv:80002: 'step' must be a non-negative integer, found 'x'");
}

TEST(Csv, AQuoteNeverClosedWithRowsAfterItIsAnError) {
    // A stray quote in a note on line 4 of 11 would take in every row after it.
    std::string text = "step,loss,note\n1,2.5,\n2,2.4,\n3,2.3,\"bad\n";
    for (int step = 4; step <= 10; ++step) {
        text += std::to_string(step) + ",2.0,\n";
    }
    const FormatFile f;
    EXPECT_EQ(f.error("stray.csv", text, read_fields({{"loss", true}})),
              "stray.csv:4: a quoted cell that is never closed (a stray '\"' in this row?); "
              "every line after it would be read as its text");
    // Open at the end of the last line, or with only line ends after it: a cut-off row.
    const Trace t =
        f.read("open.csv", "step,loss\n1,2.5\n2,\"2.2\n\r\n", read_fields({{"loss", true}}));
    EXPECT_EQ(t.warnings, (std::vector<std::string>{"open.csv:3: ignoring truncated final row"}));
}

TEST(Csv, CrLineEndsAreNamed) {
    const FormatFile f;
    EXPECT_EQ(f.error("cr.csv", "step,loss\r1,2.5\r2,2.4\r", read_fields({{"loss", true}})),
              "cr.csv:1: the file uses CR line ends; tracediff reads lines that end in LF or CR "
              "LF");
}

} // namespace
} // namespace tracediff
