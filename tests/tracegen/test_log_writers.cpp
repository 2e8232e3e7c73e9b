// tracegen's other log formats: a TensorBoard event file and CSV with the trace's numbers.
#include <gtest/gtest.h>

#include <bit>
#include <cstring>
#include <string>

#include "log_writers.hpp"
#include "run_tool.hpp"

namespace {

using tracegen_test::read_text;
using tracegen_test::run_tracegen;
using tracegen_test::TempDir;

tracegen::RunLog two_steps() {
    tracegen::RunLog log;
    log.steps = {{1, 0, 2.5f, 0.001f, 1.25f, 20.0f}, {2, 0, 2.25f, 0.002f, 1.5f, 20.5f}};
    log.evals = {{2, 0, 2.0f, 0.5f}};
    return log;
}

TEST(LogWriters, Crc32cStandardVectors) {
    EXPECT_EQ(tracegen::crc32c("123456789"), 0xE3069283U);
    EXPECT_EQ(tracegen::crc32c(std::string(32, '\0')), 0x8A9136AAU);
    EXPECT_EQ(tracegen::crc32c(std::string(32, '\xFF')), 0x62A8AB43U);
}

TEST(LogWriters, EventFileRecordsAreFramedWithMaskedCrcs) {
    const std::string file = tracegen::event_file(two_steps());
    // The first record: length 24 (wall_time and file_version), whose masked CRC is the
    // 0x224B7FA3 every such event file starts with.
    const std::string start("\x18\0\0\0\0\0\0\0\xa3\x7f\x4b\x22", 12);
    EXPECT_EQ(file.substr(0, 12), start);
    EXPECT_NE(file.find("brain.Event:2"), std::string::npos);
    // Three records follow: two steps and one evaluation; each one's data CRC checks.
    std::size_t pos = 0;
    int records = 0;
    while (pos < file.size()) {
        std::uint64_t length = 0;
        std::memcpy(&length, file.data() + pos, 8);
        const std::string data = file.substr(pos + 12, length);
        std::uint32_t stored = 0;
        std::memcpy(&stored, file.data() + pos + 12 + length, 4);
        const std::uint32_t crc = tracegen::crc32c(data);
        EXPECT_EQ(stored, ((crc >> 15) | (crc << 17)) + 0xA282EAD8U);
        pos += 16 + length;
        ++records;
    }
    EXPECT_EQ(pos, file.size());
    EXPECT_EQ(records, 4);
    // simple_value of loss at step 1: tag "loss" (0a 04 ...), then 15 and the float's bytes.
    const auto bits = std::bit_cast<std::uint32_t>(2.5f);
    const std::string value =
        std::string("\x0a\x04loss\x15", 7) + std::string(reinterpret_cast<const char*>(&bits), 4);
    EXPECT_NE(file.find(value), std::string::npos);
}

TEST(LogWriters, CsvHasAHeaderRowAndEvaluationRowsApart) {
    EXPECT_EQ(tracegen::csv_file(two_steps()),
              "step,epoch,loss,lr,grad_norm,param_norm,val_loss,val_acc\n"
              "1,0,2.5,0.0010000000474974513,1.25,20,,\n"
              "2,0,2.25,0.0020000000949949026,1.5,20.5,,\n"
              "2,0,,,,,2,0.5\n");
}

TEST(LogWriters, OneRunWritesAllThreeFiles) {
    TempDir dir;
    const auto trace = dir / "run.jsonl";
    const auto events = dir / "run.tfevents";
    const auto csv = dir / "run.csv";
    const auto r = run_tracegen("--epochs 1 --train-size 640 -q --trace-out '" + trace.string() +
                                    "' --events-out '" + events.string() + "' --csv-out '" +
                                    csv.string() + "'",
                                dir);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string text = read_text(csv);
    // 5 steps and 1 evaluation after the header; the trace's first loss, digit for digit.
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 7);
    const std::string jsonl = read_text(trace);
    const auto at = jsonl.find("\"loss\": ") + 8;
    const std::string loss = jsonl.substr(at, jsonl.find(',', at) - at);
    EXPECT_NE(text.find("\n1,0," + loss + ","), std::string::npos) << loss << "\n" << text;
    EXPECT_GT(read_text(events).size(), 5u * 40);
}

} // namespace
