// Compressed traces through the command line: a .gz and a .zst copy of a trace give the same
// report as the plain file, recognised by content, also on standard input.
#include <gtest/gtest.h>

#include <string>

#include "../support/golden.hpp"
#include "../support/run_tracediff.hpp"

namespace tracediff {
namespace {

using testing::expect_golden;
using Result = testing::RunResult;

const std::string k_compressed = std::string(TRACEDIFF_DATA_DIR) + "/compressed";

const char* k_warnings =
    "tracediff: warning: 'alpha' vs 'beta': 1 step only in 'alpha' and 1 step only in 'beta' "
    "are not compared\n"
    "tracediff: warning: the headers of 'alpha' and 'gamma' differ: config.lr: 0.01 vs 0.02\n"
    "tracediff: warning: the headers of 'beta' and 'gamma' differ: config.lr: 0.01 vs 0.02\n"
    "tracediff: warning: 'beta' vs 'gamma': 1 step only in 'beta' and 1 step only in 'gamma' "
    "are not compared\n";

TEST(Compressed, GzipCopiesGiveTheSameTable) {
    const Result r = testing::run_tracediff(
        "table run.alpha.jsonl.gz run.beta.jsonl.gz run.gamma.jsonl.gz", "", k_compressed);
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err, k_warnings);
    expect_golden("cli_table.md", r.out);
}

TEST(Compressed, ZstdCopiesGiveTheSameTable) {
    const Result r = testing::run_tracediff(
        "table run.alpha.jsonl.zst run.beta.jsonl.zst run.gamma.jsonl.zst", "", k_compressed);
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err, k_warnings);
    expect_golden("cli_table.md", r.out);
}

TEST(Compressed, MixedAndOnStandardInput) {
    const Result plain = testing::run_tracediff("diff run.alpha.jsonl run.beta.jsonl");
    const Result mixed = testing::run_tracediff(
        "diff run.alpha.jsonl.zst - < run.beta.jsonl.gz --format json", "", k_compressed);
    EXPECT_EQ(mixed.exit_code, 0) << mixed.err;
    const Result plain_json =
        testing::run_tracediff("diff run.alpha.jsonl - < run.beta.jsonl --format json");
    EXPECT_EQ(plain.exit_code, 0);
    // The same report but for the name of the first file.
    std::string out = mixed.out;
    const auto replace = [&](const std::string& from, const std::string& to) {
        const auto at = out.find(from);
        ASSERT_NE(at, std::string::npos) << from;
        out.replace(at, from.size(), to);
    };
    replace("\"label\": \"run.alpha.jsonl\"", "\"label\": \"run.alpha\"");
    replace("\"path\": \"run.alpha.jsonl.zst\"", "\"path\": \"run.alpha.jsonl\"");
    EXPECT_EQ(out, plain_json.out);
}

TEST(Compressed, TruncatedCopyIsAnError) {
    Result r = testing::run_tracediff("table run.alpha.jsonl.gz cut.jsonl.gz", "", k_compressed);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "tracediff: error: cut.jsonl.gz: truncated gzip data: the file ends inside "
                     "the compressed stream\n");
    r = testing::run_tracediff("table run.alpha.jsonl.gz - < cut.jsonl.gz", "", k_compressed);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "tracediff: error: <stdin>: truncated gzip data: the file ends inside "
                     "the compressed stream\n");
}

} // namespace
} // namespace tracediff
