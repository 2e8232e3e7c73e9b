// `tracediff plot` and `tracediff report`: golden outputs, and SVG that a real renderer accepts.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "../support/golden.hpp"
#include "../support/run_tracediff.hpp"

namespace tracediff {
namespace {

namespace fs = std::filesystem;
using testing::expect_golden;
using testing::read_file;
using testing::run_tracediff;

fs::path temp_dir(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / (name + "_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// Renders an SVG file to PNG with librsvg when it is installed (CI installs it).
void expect_renders(const fs::path& svg) {
    if (std::system("command -v rsvg-convert >/dev/null 2>&1") != 0) {
        GTEST_SKIP() << "rsvg-convert is not installed (Debian package librsvg2-bin)";
    }
    const fs::path png = svg.string() + ".png";
    const std::string command =
        "rsvg-convert -o '" + png.string() + "' '" + svg.string() + "' 2>/dev/null";
    EXPECT_EQ(std::system(command.c_str()), 0) << svg;
    EXPECT_TRUE(fs::exists(png) && fs::file_size(png) > 1000) << png;
}

TEST(Plot, PairGolden) {
    const auto r = run_tracediff("plot run.alpha.jsonl run.beta.jsonl");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err, "");
    expect_golden("cli_plot.svg", r.out);
}

TEST(Plot, ManifestToAFileThatRenders) {
    const fs::path dir = temp_dir("tracediff_plot");
    const auto r = run_tracediff("plot --manifest runs.json -o '" + (dir / "p.svg").string() + "'");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out, "");
    const std::string svg = read_file(dir / "p.svg");
    EXPECT_NE(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos);
    EXPECT_NE(svg.find("alpha vs gamma"), std::string::npos);
    expect_renders(dir / "p.svg");
    fs::remove_all(dir);
}

TEST(Plot, NeedsTwoTraces) {
    const auto r = run_tracediff("plot run.alpha.jsonl");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err,
              "tracediff: error: plot needs at least two trace files or --manifest, got 1\n");
}

TEST(Report, GoldenDocumentAndPlot) {
    const fs::path dir = temp_dir("tracediff_report");
    const auto r =
        run_tracediff("report --manifest report.json --out '" + (dir / "out").string() + "'");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "");
    expect_golden("report.md", read_file(dir / "out" / "report.md"));
    expect_golden("report.svg", read_file(dir / "out" / "deltas.svg"));
    expect_renders(dir / "out" / "deltas.svg");
    fs::remove_all(dir);
}

TEST(Report, NeedsAManifestAndAFolder) {
    const auto r = run_tracediff("report --out x");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "tracediff: error: --manifest is required\n"
                     "Run 'tracediff report --help' for usage.\n");
}

} // namespace
} // namespace tracediff
