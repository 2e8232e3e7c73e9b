// Wide inputs (issue 20): a TensorBoard event file with 60,000 scalar tags and a CSV with
// 200,000 columns are read in time linear in their size. The reads run under a CPU-time limit
// (ulimit -t, the process's own CPU seconds, not the wall clock, so a loaded machine does not
// make them fail): about 0.1 s of CPU each, against 17 s and 58 s with the quadratic tag
// lookup and duplicate-column check they replace (bench/wide_inputs.py has the figures).
#include <gtest/gtest.h>

#include <string>

#include "../support/event_file.hpp"
#include "../support/run_tracediff.hpp"

namespace tracediff {
namespace {

namespace ev = testing::events;
using Result = testing::RunResult;

// CPU seconds a read may take: 50 to 100 times what it takes.
constexpr int k_cpu_limit = 10;

class WideInputs : public ::testing::Test {
protected:
    void SetUp() override {
        m_temp.write("ref.jsonl", "{\"step\":1,\"loss\":0.5}\n{\"step\":2,\"loss\":0.25}\n");
    }
    Result run_limited(const std::string& args) const {
        return testing::run_bash(
            "ulimit -t " + std::to_string(k_cpu_limit) + "\n\"$TRACEDIFF\" " + args, m_temp.str());
    }

    testing::TempDir m_temp;
};

std::string tag_name(int i) {
    std::string digits = std::to_string(i);
    return "tag/" + std::string(6 - digits.size(), '0') + digits;
}

TEST_F(WideInputs, SixtyThousandTensorBoardTags) {
    constexpr int k_tags = 60000;
    std::string events = ev::file_version();
    for (int step = 1; step <= 2; ++step) {
        for (int i = 0; i < k_tags; ++i) {
            const std::string tag = i == k_tags / 2 ? "loss" : tag_name(i);
            events += ev::event(step, {ev::simple_value(tag, step == 1 ? 0.5F : 0.25F)});
        }
    }
    m_temp.write("wide.tfevents", events);
    const Result r = run_limited("table wide.tfevents ref.jsonl --format csv");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_NE(r.out.find("wide-tfevents,ref-jsonl,,loss,2,0,0,0,0,"), std::string::npos) << r.out;
}

TEST_F(WideInputs, TwoHundredThousandCsvColumns) {
    constexpr int k_columns = 200000;
    std::string header = "step,loss";
    std::string row1 = "1,0.5";
    std::string row2 = "2,0.25";
    for (int i = 2; i < k_columns; ++i) {
        header += ",c" + std::to_string(i);
        row1 += ",1";
        row2 += ",2";
    }
    m_temp.write("wide.csv", header + "\n" + row1 + "\n" + row2 + "\n");
    Result r = run_limited("table wide.csv ref.jsonl --format csv");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_NE(r.out.find("wide-csv,ref-jsonl,,loss,2,0,0,0,0,"), std::string::npos) << r.out;
    // The duplicate is still found, the last column naming the first again.
    m_temp.write("twice.csv", header + ",c2\n" + row1 + ",1\n");
    r = run_limited("table twice.csv ref.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "tracediff: error: twice.csv:1: the header names the column 'c2' twice\n");
}

} // namespace
} // namespace tracediff
