// The published four-corner table of the lean4-mlir MNIST MLP traces, reproduced from the real
// traces in ../shared when they are present. The traces are never copied into this repository;
// these tests skip when the folder is absent.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "../support/golden.hpp"

namespace tracediff {
namespace {

namespace fs = std::filesystem;

const fs::path k_dir = TRACEDIFF_SHARED_TRACES;

std::string trace(const char* corner) {
    return (k_dir / (std::string("mnist_mlp.") + corner + ".jsonl")).string();
}

struct Output {
    int exit_code = -1;
    std::string out;
    std::string err;
};

Output run(const std::string& args) {
    const fs::path dir =
        fs::temp_directory_path() / ("tracediff_shared_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string command = std::string("'") + TRACEDIFF_BINARY + "' " + args + " >'" +
                                (dir / "out").string() + "' 2>'" + (dir / "err").string() + "'";
    const int status = std::system(command.c_str());
    Output o;
    o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    o.out = testing::read_file(dir / "out");
    o.err = testing::read_file(dir / "err");
    fs::remove_all(dir);
    return o;
}

class SharedTraces : public ::testing::Test {
protected:
    void SetUp() override {
        if (!fs::exists(trace("phase2-noshuf-cpu"))) {
            GTEST_SKIP() << "shared traces not present at " << k_dir;
        }
    }
};

TEST_F(SharedTraces, ManifestReproducesThePublishedTable) {
    // The published notes; the manifest is written at test time with absolute paths.
    const fs::path manifest = fs::temp_directory_path() / "tracediff_shared_corners.json";
    std::ofstream(manifest) << R"({
      "field": "loss",
      "traces": {
        "phase2-cpu": ")" << trace("phase2-noshuf-cpu")
                            << R"(",
        "phase3-rocm": ")" << trace("phase3-noshuf-rocm")
                            << R"(",
        "phase2-cuda": ")" << trace("phase2-noshuf-cuda")
                            << R"(",
        "phase3-cuda": ")" << trace("phase3-noshuf-cuda")
                            << R"("
      },
      "comparisons": [
        {"a": "phase2-cpu", "b": "phase3-rocm", "note": "mars cross-compiler"},
        {"a": "phase2-cuda", "b": "phase3-cuda", "note": "ares cross-compiler"},
        {"a": "phase2-cpu", "b": "phase2-cuda", "note": "cross-platform JAX"},
        {"a": "phase3-rocm", "b": "phase3-cuda", "note": "cross-vendor IREE"}
      ]
    })";
    const Output o = run("table --manifest '" + manifest.string() + "'");
    fs::remove(manifest);
    EXPECT_EQ(o.exit_code, 0);
    EXPECT_EQ(o.err, "");
    // Every cell as published, except the median of phase2-cuda vs phase3-cuda: the published
    // 3.91e-03 is the upper middle value; the conventional median is 3.90e-03 (see SOURCE.md).
    EXPECT_EQ(o.out,
              "|comparison                                         |step 1 Δ |step 2 Δ |median Δ "
              "|max Δ    |\n"
              "|---------------------------------------------------|---------|---------|---------"
              "|---------|\n"
              "|`phase2-cpu vs phase3-rocm` (mars cross-compiler)  |1.97e-07 |2.50e-05 |3.98e-03 "
              "|8.86e-02 |\n"
              "|`phase2-cuda vs phase3-cuda` (ares cross-compiler) |3.38e-06 |1.27e-04 |3.90e-03 "
              "|1.31e-01 |\n"
              "|`phase2-cpu vs phase2-cuda` (cross-platform JAX)   |3.58e-06 |1.52e-04 |1.93e-03 "
              "|7.72e-02 |\n"
              "|`phase3-rocm vs phase3-cuda` (cross-vendor IREE)   |**0**    |**0**    |1.51e-03 "
              "|7.79e-02 |\n");
}

TEST_F(SharedTraces, FilesWithoutManifestGiveSixRowsWithDerivedLabels) {
    const Output o =
        run("table '" + trace("phase2-noshuf-cpu") + "' '" + trace("phase3-noshuf-rocm") + "' '" +
            trace("phase2-noshuf-cuda") + "' '" + trace("phase3-noshuf-cuda") + "'");
    EXPECT_EQ(o.exit_code, 0);
    EXPECT_EQ(o.err, "");
    EXPECT_EQ(o.out, "|comparison                   |step 1 Δ |step 2 Δ |median Δ |max Δ    |\n"
                     "|-----------------------------|---------|---------|---------|---------|\n"
                     "|`phase2-cpu vs phase3-rocm`  |1.97e-07 |2.50e-05 |3.98e-03 |8.86e-02 |\n"
                     "|`phase2-cpu vs phase2-cuda`  |3.58e-06 |1.52e-04 |1.93e-03 |7.72e-02 |\n"
                     "|`phase2-cpu vs phase3-cuda`  |1.97e-07 |2.50e-05 |3.93e-03 |7.86e-02 |\n"
                     "|`phase3-rocm vs phase2-cuda` |3.38e-06 |1.27e-04 |3.95e-03 |1.40e-01 |\n"
                     "|`phase3-rocm vs phase3-cuda` |**0**    |**0**    |1.51e-03 |7.79e-02 |\n"
                     "|`phase2-cuda vs phase3-cuda` |3.38e-06 |1.27e-04 |3.90e-03 |1.31e-01 |\n");
}

TEST_F(SharedTraces, DiffOfTheCrossVendorPair) {
    const Output o = run("diff --format json '" + trace("phase3-noshuf-rocm") + "' '" +
                         trace("phase3-noshuf-cuda") + "'");
    EXPECT_EQ(o.exit_code, 0);
    EXPECT_NE(o.out.find("\"step1_delta\": 0.0,"), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("\"steps_compared\": 5616,"), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("\"identical\": true"), std::string::npos) << o.out;
}

} // namespace
} // namespace tracediff
