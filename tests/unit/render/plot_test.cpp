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

TEST(Plot, NothingToDraw) {
    PlotPanel panel;
    panel.lines.push_back({"zeros", {1, 2}, {0.0, 0.0}});
    EXPECT_NE(render_svg("t", {panel}).find("nothing to draw"), std::string::npos);
}

} // namespace
} // namespace tracediff
