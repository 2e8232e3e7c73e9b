#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "run_tool.hpp"
#include "sha256.hpp"

namespace {

using tracegen_test::read_text;
using tracegen_test::run_tracegen;
using tracegen_test::TempDir;

TEST(Cli, HelpExplainsEveryFlagAndExitsZero) {
    TempDir dir;
    const auto result = run_tracegen("--help", dir);
    EXPECT_EQ(result.exit_code, 0);
    for (const char* flag :
         {"--trace-out", "--events-out",   "--csv-out",      "--init-dump",  "--init-load",
          "--reduction", "--fma",          "--accumulate",   "--no-shuffle", "--seed",
          "--data-seed", "--epochs",       "--batch-size",   "--train-size", "--val-size",
          "--lr",        "--warmup-steps", "--weight-decay", "--progress",   "Examples:"}) {
        EXPECT_NE(result.out.find(flag), std::string::npos) << flag;
    }
}

TEST(Cli, UnknownFlagIsAnErrorWithExitTwo) {
    TempDir dir;
    const auto result = run_tracegen("--no-such-flag", dir);
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(result.err.rfind("tracegen: error: ", 0), 0u) << result.err;
    EXPECT_NE(result.err.find("--no-such-flag"), std::string::npos) << result.err;
}

TEST(Cli, BadValuesAreErrorsWithExitTwo) {
    TempDir dir;
    for (const char* args :
         {"--reduction diagonal", "--fma maybe", "--accumulate half", "--epochs 0", "--epochs many",
          "--lr -1", "--batch-size 0", "--batch-size 500 --train-size 100",
          "--init-load a --init-dump b", "--trace-out"}) {
        const auto result = run_tracegen(args, dir);
        EXPECT_EQ(result.exit_code, 2) << args;
        EXPECT_EQ(result.err.rfind("tracegen: error: ", 0), 0u) << args << ": " << result.err;
    }
}

TEST(Cli, InitDumpPrintsTheFilesSha256) {
    TempDir dir;
    const auto init = dir / "init.bin";
    const auto result = run_tracegen("--init-dump '" + init.string() + "'", dir);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const std::string bytes = read_text(init);
    EXPECT_EQ(bytes.size(), 26826u * 4);
    EXPECT_EQ(result.out, tracegen::sha256_hex(bytes) + "  " + init.string() + "\n");
}

TEST(Cli, WrongSizeInitFileIsRefusedAndNoTraceIsWritten) {
    TempDir dir;
    const auto init = dir / "short.bin";
    {
        std::ofstream out(init, std::ios::binary);
        out << std::string(1000, '\0');
    }
    const auto trace = dir / "trace.jsonl";
    const auto result = run_tracegen(
        "--init-load '" + init.string() + "' --trace-out '" + trace.string() + "'", dir);
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(result.err.rfind("tracegen: error: ", 0), 0u) << result.err;
    EXPECT_NE(result.err.find("has 1000 bytes"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("107304 bytes"), std::string::npos) << result.err;
    EXPECT_FALSE(std::filesystem::exists(trace));
    EXPECT_FALSE(std::filesystem::exists(dir / "trace.jsonl.tmp"));

    const auto missing = run_tracegen("--init-load '" + (dir / "nope.bin").string() + "'", dir);
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find("cannot open init file"), std::string::npos) << missing.err;
}

TEST(Cli, SameFlagsSameBuildGiveByteIdenticalTraces) {
    // The default run (shuffled batches, 1,000 steps), twice.
    TempDir dir;
    const auto first = dir / "first.jsonl";
    const auto second = dir / "second.jsonl";
    const std::string flags = "--reduction blocked --fma off -q --trace-out ";
    ASSERT_EQ(run_tracegen(flags + "'" + first.string() + "'", dir).exit_code, 0);
    ASSERT_EQ(run_tracegen(flags + "'" + second.string() + "'", dir).exit_code, 0);
    const std::string a = read_text(first);
    const std::string b = read_text(second);
    EXPECT_GT(a.size(), 100000u);
    EXPECT_TRUE(a == b) << "the two traces differ";
}

TEST(Cli, InitLoadOfADumpEqualsTheSeededStart) {
    TempDir dir;
    const auto init = dir / "init.bin";
    const auto seeded = dir / "seeded.jsonl";
    const auto loaded = dir / "loaded.jsonl";
    const std::string short_run = " --epochs 1 --train-size 1280 -q --trace-out ";
    ASSERT_EQ(run_tracegen("--seed 9 --init-dump '" + init.string() + "'", dir).exit_code, 0);
    ASSERT_EQ(run_tracegen("--seed 9" + short_run + "'" + seeded.string() + "'", dir).exit_code, 0);
    ASSERT_EQ(run_tracegen("--seed 9 --init-load '" + init.string() + "'" + short_run + "'" +
                               loaded.string() + "'",
                           dir)
                  .exit_code,
              0);
    EXPECT_TRUE(read_text(seeded) == read_text(loaded));
}

} // namespace
