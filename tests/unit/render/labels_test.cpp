#include "tracediff/render/labels.hpp"

#include <gtest/gtest.h>

namespace tracediff {
namespace {

using Labels = std::vector<std::string>;

TEST(Labels, TheFourSharedMlpFiles) {
    EXPECT_EQ(derive_labels({"traces/mnist_mlp.phase2-noshuf-cpu.jsonl",
                             "traces/mnist_mlp.phase3-noshuf-rocm.jsonl",
                             "traces/mnist_mlp.phase2-noshuf-cuda.jsonl",
                             "traces/mnist_mlp.phase3-noshuf-cuda.jsonl"}),
              (Labels{"phase2-cpu", "phase3-rocm", "phase2-cuda", "phase3-cuda"}));
}

TEST(Labels, OnlyTheBaseNameCounts) {
    EXPECT_EQ(derive_labels({"a/x_run1.jsonl", "b/x_run2.jsonl"}), (Labels{"run1", "run2"}));
}

TEST(Labels, TheRunOfFileHashRunTellsTracesApart) {
    EXPECT_EQ(derive_labels({"w/runs.csv#alpha", "w/runs.csv#beta"}), (Labels{"alpha", "beta"}));
    EXPECT_EQ(derive_labels({"run.jsonl", "logs#train"}), (Labels{"run-jsonl", "logs-train"}));
}

TEST(Labels, EmptyLabelFallsBackToTheBaseNameWithoutExtension) {
    // Every token of the first name appears in the second.
    EXPECT_EQ(derive_labels({"run.jsonl", "run.b.jsonl"}), (Labels{"run", "b"}));
}

TEST(Labels, EqualLabelsFallBackToBaseNames) {
    // "x.a_b" and "x.a-b" split into the same tokens.
    EXPECT_EQ(derive_labels({"x.a_b.jsonl", "x.a-b.jsonl", "x.c.jsonl"}),
              (Labels{"x.a_b", "x.a-b", "c"}));
}

TEST(Labels, SameBaseNameInTwoFoldersFallsBackToThePath) {
    EXPECT_EQ(derive_labels({"one/trace.jsonl", "two/trace.jsonl"}),
              (Labels{"one/trace.jsonl", "two/trace.jsonl"}));
}

TEST(Labels, StandardInputIsStdin) {
    EXPECT_EQ(derive_labels({"-", "run_b.jsonl"}), (Labels{"stdin", "run_b"}));
    EXPECT_EQ(derive_labels({"x_a.jsonl", "-", "x_b.jsonl"}), (Labels{"a", "stdin", "b"}));
}

} // namespace
} // namespace tracediff
