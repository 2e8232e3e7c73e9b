#include "tracediff/render/plot.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace tracediff {
namespace {

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

TEST(Plot, LongLinesAreThinnedToTheirEnvelope) {
    PlotPanel panel;
    PlotLine line;
    line.label = "long";
    for (std::int64_t s = 1; s <= 100000; ++s) {
        line.steps.push_back(s);
        line.values.push_back(s % 2 == 0 ? 1e-3 : 1e-5);
    }
    panel.lines.push_back(line);
    const std::string svg = render_svg("t", {panel});
    // At most two points per pixel column of the 680-pixel plot area.
    EXPECT_LE(count(svg, ","), 2u * 681u + 10u);
    EXPECT_EQ(count(svg, "<polyline"), 1u);
}

TEST(Plot, ZerosAndNaNBreakALogLine) {
    PlotPanel panel;
    panel.lines.push_back({"x", {1, 2, 3, 4, 5, 6}, {1e-3, 2e-3, 0.0, 1e-3, std::nan(""), 1e-2}});
    const std::string svg = render_svg("t", {panel});
    EXPECT_EQ(count(svg, "<polyline"), 1u); // steps 1-2; steps 4 and 6 stand alone as dots
    EXPECT_EQ(count(svg, "<circle"), 2u);
}

TEST(Plot, LabelsAreEscaped) {
    PlotPanel panel;
    panel.title = "a < b & c";
    panel.lines.push_back({"\"x\" vs <y>", {1, 2}, {1.0, 2.0}});
    const std::string svg = render_svg("T&T", {panel});
    EXPECT_NE(svg.find("T&amp;T"), std::string::npos);
    EXPECT_NE(svg.find("a &lt; b &amp; c"), std::string::npos);
    EXPECT_NE(svg.find("&quot;x&quot; vs &lt;y&gt;"), std::string::npos);
}

TEST(Plot, LongLabelsAreWrappedNotCut) {
    // "qwen3moe-cuda vs qwen3moe-rocm" does not fit beside the panel on one line: two lines, the
    // second 14 px below the first, and nothing of it left out.
    PlotPanel panel;
    panel.lines.push_back({"qwen3moe-cuda vs qwen3moe-rocm", {1, 2}, {1.0, 2.0}});
    panel.lines.push_back({"short", {1, 2}, {1.0, 2.0}});
    const std::string svg = render_svg("t", {panel});
    EXPECT_NE(svg.find("<text x=\"798.0\" y=\"84.0\" font-size=\"11\">qwen3moe-cuda vs</text>\n"
                       "<text x=\"798.0\" y=\"98.0\" font-size=\"11\">qwen3moe-rocm</text>\n"),
              std::string::npos)
        << svg;
    EXPECT_NE(svg.find("<text x=\"798.0\" y=\"116.0\" font-size=\"11\">short</text>"),
              std::string::npos);
    // A name with no space to break at is broken where the line ends.
    PlotPanel one;
    one.lines.push_back({std::string(60, 'x'), {1, 2}, {1.0, 2.0}});
    const std::string long_name = render_svg("t", {one});
    EXPECT_EQ(count(long_name, std::string(23, 'x') + "</text>"), 2u);
    EXPECT_EQ(count(long_name, ">" + std::string(14, 'x') + "</text>"), 1u);
}

TEST(Plot, ALegendTooTallForThePanelGoesBelowIt) {
    // Thirty long labels do not fit beside a 300 px panel: the legend goes below, across the
    // whole width, and the document grows to hold it.
    PlotPanel panel;
    for (int i = 0; i < 30; ++i) {
        panel.lines.push_back(
            {"a rather long label for pair number " + std::to_string(i), {1, 2}, {1.0, 2.0}});
    }
    const std::string svg = render_svg("t", {panel});
    EXPECT_NE(svg.find("<text x=\"104.0\" y=\"404.0\" font-size=\"11\">a rather long label for "
                       "pair number 0</text>"),
              std::string::npos)
        << svg.substr(0, 2000);
    EXPECT_NE(svg.find("height=\"980\""), std::string::npos); // 440 and 30 entries of 18 px
}

TEST(Plot, NothingToDraw) {
    PlotPanel panel;
    panel.lines.push_back({"zeros", {1, 2}, {0.0, 0.0}});
    EXPECT_NE(render_svg("t", {panel}).find("nothing to draw"), std::string::npos);
}

} // namespace
} // namespace tracediff

namespace tracediff {
namespace {

TEST(Plot, ASpikeSurvivesThinning) {
    PlotPanel panel;
    panel.log_y = false;
    PlotLine line{"spiky", {}, {}};
    for (std::int64_t s = 1; s <= 100000; ++s) {
        line.steps.push_back(s);
        line.values.push_back(s == 54321 ? 100.0 : 1.0);
    }
    panel.lines.push_back(line);
    const std::string svg = render_svg("t", {panel});
    // The spike is one point at the value 100, on the row of the tick "100" (83.6): among 147
    // steps in its pixel column, the highest is kept.
    EXPECT_EQ(count(svg, ",83.6"), 1u) << svg;
    EXPECT_EQ(count(svg, "y1=\"83.6\""), 1u); // the tick's grid line
}

TEST(Plot, ValuesNearTheLargestDoubleStayFinite) {
    PlotPanel panel;
    panel.log_y = false;
    panel.lines.push_back({"x", {1, 2, 3}, {1.7e308, -1.7e308, 1.0}});
    PlotPanel log_panel;
    log_panel.lines.push_back({"y", {1, 2}, {1.7e308, 1e-300}});
    const std::string svg = render_svg("t", {panel, log_panel});
    EXPECT_EQ(count(svg, "nan"), 0u) << svg;
    EXPECT_EQ(count(svg, "inf"), 0u) << svg;
    EXPECT_EQ(count(svg, "<polyline"), 2u);
}

TEST(Plot, DenormalValuesStayFinite) {
    // The smallest denormal, 5e-324, as a delta (log axis: 10^-324 is 0, no tick there) and
    // as a value beside 0 (linear axis: the range's half is 0).
    PlotPanel log_panel;
    log_panel.lines.push_back({"d", {1, 2}, {5e-324, 1e-3}});
    PlotPanel panel;
    panel.log_y = false;
    panel.lines.push_back({"x", {1, 2}, {5e-324, 0.0}});
    const std::string svg = render_svg("t", {log_panel, panel});
    EXPECT_EQ(count(svg, "nan"), 0u) << svg;
    EXPECT_EQ(count(svg, "inf"), 0u) << svg;
    EXPECT_EQ(count(svg, "<polyline"), 2u);
}

Trace trace_with(const std::string& path, double loss) {
    Trace t;
    t.path = path;
    t.fields.push_back({"loss", {{1, 2}, {loss, loss * 2}}});
    return t;
}

TEST(Plot, PairsAreCappedWithANote) {
    std::vector<Trace> traces;
    std::vector<std::string> labels;
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    for (std::size_t i = 0; i < 20; ++i) {
        std::string label = "t";
        label += std::to_string(i); // not "t" + ...: g++ 12 warns wrongly (-Wrestrict)
        traces.push_back(trace_with(label, 1.0 + static_cast<double>(i)));
        labels.push_back(label);
    }
    for (std::size_t i = 0; i < 20; ++i) {
        for (std::size_t j = i + 1; j < 20; ++j) {
            pairs.emplace_back(i, j);
        }
    }
    const std::vector<PlotPanel> panels = delta_panels(traces, labels, pairs, "loss");
    ASSERT_EQ(panels.size(), 2u);
    EXPECT_EQ(panels[0].title,
              "|Δ| of loss per step (the first 12 of 190 pairs; 178 left out, see --max-pairs)");
    ASSERT_EQ(panels[0].lines.size(), 12u);
    EXPECT_EQ(panels[0].lines[11].label, "t0 vs t12");
    // The first 12 pairs are t0 against t1 to t12: 13 traces are drawn, 7 left out.
    EXPECT_EQ(panels[1].title, "loss per step (the traces of those pairs; 7 of 20 left out)");
    EXPECT_EQ(panels[1].lines.size(), 13u);
    // All of them when asked; no note.
    const std::vector<PlotPanel> all = delta_panels(traces, labels, pairs, "loss", 1000);
    EXPECT_EQ(all[0].title, "|Δ| of loss per step");
    EXPECT_EQ(all[0].lines.size(), 190u);
    EXPECT_EQ(all[1].lines.size(), 20u);
}

} // namespace
} // namespace tracediff
