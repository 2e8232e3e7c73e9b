// TensorBoard event files: framing and CRC-32C, the scalar encodings, run folders, and the
// errors and warnings for corrupt and cut-short files.
#include "tracediff/read/read_trace.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "../../../src/read/crc32c.hpp"
#include "../../support/event_file.hpp"
#include "../../support/read_as.hpp"

namespace tracediff {
namespace {

namespace ev = testing::events;
using testing::FormatFile;
using testing::read_fields;

TEST(Crc32c, StandardTestVectors) {
    // Both ways: the processor's instruction where it has one, and the tables.
    for (auto* crc : {&crc32c, &crc32c_tables}) {
        EXPECT_EQ(crc("123456789", 9), 0xE3069283U);
        const std::string zeros(32, '\0');
        const std::string ones(32, '\xFF');
        EXPECT_EQ(crc(zeros.data(), zeros.size()), 0x8A9136AAU);
        EXPECT_EQ(crc(ones.data(), ones.size()), 0x62A8AB43U);
        EXPECT_EQ(crc("", 0), 0U);
        // Every length against the byte-wise reference, across the 8-byte slices.
        std::string data;
        for (int i = 0; i < 100; ++i) {
            EXPECT_EQ(crc(data.data(), data.size()), ev::crc32c(data)) << i;
            data.push_back(static_cast<char>(i * 37 + 11));
        }
    }
    // TFRecord's mask: a 24-byte record's length CRC is a3 7f 4b 22 in the file.
    const std::string length = ev::le(24, 8);
    EXPECT_EQ(mask_crc32c(crc32c(length.data(), 8)), 0x224B7FA3U);
}

TEST(TensorBoard, EveryScalarEncodingGivesTheValue) {
    const FormatFile f;
    const double d = 0.1; // not a float: double tensors keep it exactly
    const Trace t = f.read(
        "events.out.tfevents.1",
        ev::file_version() + ev::event(1, {ev::simple_value("loss", 2.5F)}) +
            ev::event(2, {ev::tensor_value("loss", 1, ev::float_content(2.25F))}) +
            ev::event(3, {ev::tensor_value("loss", 1, ev::float_val(2.0F))}) +
            ev::event(4, {ev::tensor_value("loss", 2, ev::double_content(d))}) +
            ev::event(5, {ev::tensor_value("loss", 2, ev::field(2, 2, "") + ev::double_val(d))}),
        read_fields({{"loss", true}}));
    const Series& s = t.field("loss").series;
    EXPECT_EQ(s.steps, (std::vector<std::int64_t>{1, 2, 3, 4, 5}));
    EXPECT_EQ(s.values, (std::vector<double>{2.5, 2.25, 2.0, d, d}));
    EXPECT_EQ(t.path, "events.out.tfevents.1");
    EXPECT_FALSE(t.header);
}

TEST(TensorBoard, TagsAreFieldsAndOtherValuesAreSkipped) {
    const FormatFile f;
    const Trace t = f.read(
        "run.tfevents",
        ev::file_version() +
            ev::event(1, {ev::simple_value("train/loss", 1.5F), ev::simple_value("lr", 0.5F),
                          ev::histogram("weights")}) +
            // A one-element tensor of rank 1 is a scalar; two elements, or an int, are not.
            ev::event(2, {ev::tensor_value(
                              "train/loss", 1,
                              ev::field(2, 2, ev::field(2, 2, ev::field(1, 0, ev::varint(1)))) +
                                  ev::float_val(1.25F)),
                          ev::tensor_value("lr", 1, ev::float_val(1) + ev::float_val(2)),
                          ev::tensor_value("count", 3, ev::field(7, 2, ev::varint(5)))}),
        read_fields({{"train/loss", true}, {"lr", false}}));
    EXPECT_EQ(t.field("train/loss").series.values, (std::vector<double>{1.5, 1.25}));
    EXPECT_EQ(t.field("lr").series.values, (std::vector<double>{0.5}));
    EXPECT_EQ(t.non_scalar_values, 3u);
}

std::string hex8(std::uint32_t v) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%08x", v);
    return text;
}

TEST(TensorBoard, EventsOfOneStepMergeAndTheLastValueWins) {
    const FormatFile f;
    const std::string head = ev::file_version();
    const std::string one = ev::event(1, {ev::simple_value("loss", 1)});
    const std::string two =
        ev::event(2, {ev::simple_value("loss", 2)}) + ev::event(2, {ev::simple_value("lr", 0.5F)});
    const std::string again = ev::event(2, {ev::simple_value("loss", 3)});
    const Trace t =
        f.read("m.tfevents", head + one + two + again, read_fields({{"loss", true}, {"lr", true}}));
    EXPECT_EQ(t.field("loss").series.values, (std::vector<double>{1, 3}));
    EXPECT_EQ(t.field("lr").series.steps, (std::vector<std::int64_t>{2}));
    ASSERT_EQ(t.warnings.size(), 2u);
    EXPECT_EQ(t.warnings[0],
              "m.tfevents: record at byte offset " +
                  std::to_string(head.size() + one.size() + two.size()) +
                  ": step 2 is logged more than once with different values; the records of a "
                  "step are merged, and the last value of a field wins (values of 1 earlier "
                  "record replaced)");
    EXPECT_EQ(t.warnings[1], "m.tfevents: record at byte offset " + std::to_string(head.size()) +
                                 ": skipped 1 step record without 'lr' (this record is the first)");
}

TEST(TensorBoard, ABadCrcIsAnErrorWithTheRecordsOffset) {
    const FormatFile f;
    const std::string head = ev::file_version() + ev::event(1, {ev::simple_value("loss", 1)});
    const std::string last = ev::event(2, {ev::simple_value("loss", 2)});
    const std::string data = last.substr(12, last.size() - 16);
    const std::uint32_t right = ev::masked(ev::crc32c(data));
    std::string broken = head + last;
    broken.back() = static_cast<char>(broken.back() ^ 0x01); // the top byte of the data CRC
    EXPECT_EQ(f.error("a.tfevents", broken),
              "a.tfevents: record at byte offset " + std::to_string(head.size()) +
                  ": the CRC of its data does not match (stored " + hex8(right ^ 0x01000000U) +
                  ", computed " + hex8(right) + "): the file is corrupt");
    // The length's CRC, of a record after the first (the first decides the format).
    broken = head + last;
    broken[head.size() + 8] = static_cast<char>(broken[head.size() + 8] ^ 0x10);
    const std::string error = f.error("b.tfevents", broken);
    EXPECT_EQ(error.substr(0, error.find(" (stored")),
              "b.tfevents: record at byte offset " + std::to_string(head.size()) +
                  ": the CRC of its length does not match");
    // A data byte changed: the data CRC no longer matches.
    broken = head + last;
    broken[head.size() + 20] = static_cast<char>(broken[head.size() + 20] ^ 0x01);
    EXPECT_NE(f.error("c.tfevents", broken).find("the CRC of its data does not match"),
              std::string::npos);
}

TEST(TensorBoard, ACutShortLastRecordIsAWarning) {
    const FormatFile f;
    const std::string whole = ev::file_version() + ev::event(1, {ev::simple_value("loss", 1)});
    const std::string last = ev::event(2, {ev::simple_value("loss", 2)});
    for (const std::size_t keep : {std::size_t{5}, std::size_t{12}, last.size() - 1}) {
        const Trace t = f.read("cut.tfevents", whole + last.substr(0, keep));
        EXPECT_EQ(t.field("loss").series.values, (std::vector<double>{1})) << keep;
        EXPECT_TRUE(t.truncated_last_line);
        ASSERT_EQ(t.warnings.size(), 1u);
        const std::string expected =
            "cut.tfevents: ignoring truncated final record at byte offset " +
            std::to_string(whole.size()) + " (" + std::to_string(keep) + " of " +
            (keep < 12 ? "at least 16" : std::to_string(last.size())) + " bytes)";
        EXPECT_EQ(t.warnings[0], expected);
    }
}

TEST(TensorBoard, OtherErrors) {
    const FormatFile f;
    // A record that passes its CRCs but is no Event (a truncated varint).
    EXPECT_EQ(f.error("p.tfevents", ev::file_version() + ev::record("\x10\xff")),
              "p.tfevents: record at byte offset 40: not a TensorBoard event (the protobuf "
              "message does not parse)");
    EXPECT_EQ(
        f.error("n.tfevents", ev::file_version() + ev::event(-3, {ev::simple_value("loss", 1)})),
        "n.tfevents: record at byte offset 40: the step must not be negative, found -3");
    EXPECT_EQ(f.error("e.tfevents", ev::file_version() + ev::event(1, {ev::histogram("w")})),
              "e.tfevents: no scalar values (a TensorBoard scalar is a simple_value, or a float "
              "or double tensor of one element)");
    EXPECT_EQ(f.error("t.tfevents", ev::file_version() + ev::event(1, {ev::simple_value("a", 1)})),
              "t.tfevents: no step record has the field 'loss' (the scalar tags are: a)");
}

TEST(TensorBoard, ARunFolderIsAllItsEventFilesMergedByStep) {
    const FormatFile f;
    f.write("run/events.out.tfevents.100.host", ev::file_version() +
                                                    ev::event(1, {ev::simple_value("loss", 1)}) +
                                                    ev::event(2, {ev::simple_value("loss", 2)}));
    // A later file (by name) re-logs step 2 after a restart, and goes on.
    f.write("run/events.out.tfevents.200.host", ev::file_version() +
                                                    ev::event(2, {ev::simple_value("loss", 2.5F)}) +
                                                    ev::event(3, {ev::simple_value("loss", 3)}));
    f.write("run/config.yaml", "lr: 0.1\n");
    f.write("run/sub/events.out.tfevents.300.host", ev::file_version());
    const Trace t = f.read_in_dir("run");
    EXPECT_EQ(t.path, "run");
    EXPECT_EQ(t.field("loss").series.steps, (std::vector<std::int64_t>{1, 2, 3}));
    EXPECT_EQ(t.field("loss").series.values, (std::vector<double>{1, 2.5, 3}));
    ASSERT_EQ(t.warnings.size(), 1u);
    EXPECT_EQ(t.warnings[0].substr(0, t.warnings[0].find(": step")),
              "run/events.out.tfevents.200.host: record at byte offset 40");
    f.write("empty/notes.txt", "nothing\n");
    try {
        f.read_in_dir("empty");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "empty: a folder without TensorBoard event files (tracediff reads "
                               "a folder as a TensorBoard run: the event files in it)");
    }
    // Keras writes one run per subfolder: the message names those that hold event files, to be
    // picked as FOLDER#RUN.
    f.write("keras/train/events.out.tfevents.1", ev::file_version());
    f.write("keras/validation/events.out.tfevents.1", ev::file_version());
    f.write("keras/checkpoints/model.bin", "weights");
    try {
        f.read_in_dir("keras");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "keras holds 2 runs (train, validation): pick one with keras#RUN");
    }
}

} // namespace
} // namespace tracediff
