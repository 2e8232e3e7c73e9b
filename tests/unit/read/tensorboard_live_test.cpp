// TensorBoard event files read live: the TFRecord framing over bytes that arrive in pieces,
// record by record into a LiveParser, gives exactly the trace of the whole-file read (values,
// warnings, errors), and a snapshot on the way is the whole-file read of what was there.
#include "tracediff/error.hpp"
#include "tracediff/read/live_parser.hpp"
#include "tracediff/read/tfrecord.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <string>

#include "../../support/event_file.hpp"
#include "../../support/read_as.hpp"

namespace tracediff {
namespace {

namespace ev = testing::events;

ReadOptions loss_and_lr() {
    ReadOptions options;
    options.fields = {{"loss", true}, {"lr", false}};
    return options;
}

// A run of PyTorch's shape: one event per tag, a histogram, a step logged again.
std::string run_file() {
    return ev::file_version() + ev::event(1, {ev::simple_value("loss", 2.5F)}) +
           ev::event(1, {ev::simple_value("lr", 0.001F)}) + ev::event(1, {ev::histogram("w")}) +
           ev::event(2, {ev::simple_value("loss", 2.25F)}) +
           ev::event(2, {ev::simple_value("lr", 0.002F)}) +
           ev::event(3, {ev::simple_value("loss", 2.0F)}) +
           ev::event(2, {ev::simple_value("loss", 2.125F)});
}

// Reads `content` as a live check does: bytes in pieces of `piece` bytes, framed into records,
// each handed to the parser (with a snapshot after it, as the check takes them).
Trace read_live(const std::string& content, std::size_t piece, const ReadOptions& options) {
    LiveParser parser("run.tfevents", options);
    parser.add_event_file("run.tfevents");
    std::size_t at = 0;
    TfRecordReader records(
        [&](char* out, std::size_t n) {
            const std::size_t count = std::min({n, piece, content.size() - at});
            std::memcpy(out, content.data() + at, count);
            at += count;
            return count;
        },
        "run.tfevents");
    std::string_view data;
    std::uint64_t offset = 0;
    while (records.next(data, offset)) {
        parser.add_event_record(data, offset);
        (void)parser.snapshot(parser.step_records());
    }
    if (records.truncation()) {
        parser.add_event_truncation(*records.truncation());
    }
    return parser.finish();
}

void expect_same(const Trace& live, const Trace& whole) {
    EXPECT_EQ(live.format, "tensorboard");
    EXPECT_EQ(live.format, whole.format);
    EXPECT_EQ(live.path, whole.path);
    ASSERT_EQ(live.fields.size(), whole.fields.size());
    for (std::size_t f = 0; f < live.fields.size(); ++f) {
        EXPECT_EQ(live.fields[f].series.steps, whole.fields[f].series.steps) << f;
        EXPECT_EQ(live.fields[f].series.values, whole.fields[f].series.values) << f;
        EXPECT_EQ(live.fields[f].records_without, whole.fields[f].records_without) << f;
    }
    EXPECT_EQ(live.step_records, whole.step_records);
    EXPECT_EQ(live.duplicate_records, whole.duplicate_records);
    EXPECT_EQ(live.non_scalar_values, whole.non_scalar_values);
    EXPECT_EQ(live.truncated_last_line, whole.truncated_last_line);
    EXPECT_EQ(live.warnings, whole.warnings);
}

std::string error_of(const std::function<void()>& read) {
    try {
        read();
    } catch (const Error& e) {
        return e.what();
    }
    return "no error";
}

TEST(TensorBoardLive, RecordsInPiecesGiveTheWholeFileRead) {
    const Trace whole = testing::read_bytes("run.tfevents", run_file(), loss_and_lr());
    ASSERT_EQ(whole.fields[0].series.steps, (std::vector<std::int64_t>{1, 2, 3}));
    EXPECT_EQ(whole.fields[0].series.values, (std::vector<double>{2.5, 2.125, 2.0}));
    for (const std::size_t piece : {1, 2, 5, 11, 12, 13, 64, 1 << 20}) {
        SCOPED_TRACE(piece);
        expect_same(read_live(run_file(), piece, loss_and_lr()), whole);
    }
}

TEST(TensorBoardLive, ARecordCutAtTheEndIsTheWholeFileReadsWarning) {
    for (const std::size_t cut : {1, 5, 12, 20}) {
        SCOPED_TRACE(cut);
        const std::string content = run_file().substr(0, run_file().size() - cut);
        const Trace whole = testing::read_bytes("run.tfevents", content, loss_and_lr());
        ASSERT_EQ(whole.warnings.size(), 2U); // the cut record, and step 2 logged again
        const Trace live = read_live(content, 3, loss_and_lr());
        expect_same(live, whole);
        EXPECT_TRUE(live.truncated_last_line);
    }
}

TEST(TensorBoardLive, ACorruptRecordIsTheWholeFileReadsError) {
    std::string content = run_file();
    content[content.size() - 6] ^= 0x01; // in the last record's data
    const std::string whole =
        error_of([&] { testing::read_bytes("run.tfevents", content, loss_and_lr()); });
    EXPECT_EQ(whole, "run.tfevents: record at byte offset 291: the CRC of its data does not "
                     "match (stored 0xa2f17252, computed 0xd3038b17): the file is corrupt");
    EXPECT_EQ(error_of([&] { read_live(content, 7, loss_and_lr()); }), whole);
}

TEST(TensorBoardLive, AStepIsCompleteOnceARecordHoldsEveryField) {
    ReadOptions loss_only;
    loss_only.fields = {{"loss", true}};
    LiveParser parser("run.tfevents", loss_only);
    parser.add_event_file("run.tfevents");
    EXPECT_EQ(parser.step_records(), 0U);
    const std::string lr = ev::event(1, {ev::simple_value("lr", 0.001F)});
    parser.add_event_record(std::string_view(lr).substr(12, lr.size() - 16), 0);
    EXPECT_EQ(parser.step_records(), 1U);
    EXPECT_FALSE(parser.table().record_complete(0));
    EXPECT_EQ(parser.snapshot(1), std::nullopt); // no loss yet
    const std::string loss = ev::event(1, {ev::simple_value("loss", 2.5F)});
    parser.add_event_record(std::string_view(loss).substr(12, loss.size() - 16), 40);
    EXPECT_EQ(parser.table().step_of(1), 1);
    EXPECT_TRUE(parser.table().record_complete(1));
    ASSERT_TRUE(parser.snapshot(2).has_value());
    EXPECT_EQ(parser.snapshot(2)->fields[0].series.values, std::vector<double>{2.5});
    EXPECT_EQ(parser.snapshot(1), std::nullopt); // the first record alone has no loss
    EXPECT_EQ(parser.format(), "tensorboard");
}

TEST(TensorBoardLive, AnotherFormatNamedWithFromIsRefused) {
    ReadOptions jsonl = loss_and_lr();
    jsonl.format = "jsonl";
    LiveParser parser("run.tfevents", jsonl);
    EXPECT_EQ(error_of([&] { parser.add_event_file("run.tfevents"); }),
              "run.tfevents: a TensorBoard event file, not jsonl (--from jsonl)");
    ReadOptions tensorboard = loss_and_lr();
    tensorboard.format = "tensorboard";
    LiveParser text("run.log", tensorboard);
    EXPECT_EQ(error_of([&] { text.add_line("step 1 loss 2.5"); }),
              "run.log: not a TensorBoard event file: its first bytes are no TFRecord header "
              "(--from tensorboard)");
}

TEST(TensorBoardLive, NothingWrittenIsTheWholeFileReadsError) {
    ReadOptions tensorboard = loss_and_lr();
    tensorboard.format = "tensorboard";
    LiveParser parser("run.tfevents", tensorboard);
    const std::string whole =
        error_of([&] { testing::read_bytes("run.tfevents", "", tensorboard); });
    EXPECT_EQ(error_of([&] { parser.finish(); }), whole);
}

} // namespace
} // namespace tracediff
