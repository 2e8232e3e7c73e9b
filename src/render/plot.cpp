#include "tracediff/render/plot.hpp"

#include "tracediff/compare/align.hpp"
#include "tracediff/compare/stats.hpp"
#include "tracediff/render/numbers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace tracediff {

namespace {

constexpr double k_width = 960;
constexpr double k_panel_height = 300;
constexpr double k_left = 80;   // room for the y tick labels
constexpr double k_right = 200; // room for the legend
constexpr double k_top = 50;    // room for the document title
constexpr double k_gap = 70;    // between panels: the panel title and the x tick labels
constexpr double k_plot_width = k_width - k_left - k_right;
// The legend: 11 px text, about 6 px a character; its lines 14 px apart, entries 4 px more.
constexpr double k_char_width = 6.2;
constexpr double k_legend_line = 14;
constexpr double k_legend_entry_gap = 4;
constexpr double k_legend_text_x = 38; // from the legend's left: past the colour swatch

// Colour-blind-safe colours (Okabe and Ito), then greys.
constexpr const char* k_palette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00",
                                     "#56B4E9", "#000000", "#F0E442", "#999999", "#666666"};

bool drawable(double v, bool log_y) {
    return std::isfinite(v) && (!log_y || v > 0);
}

// Maps data to pixels inside one panel.
struct Axes {
    double x0 = 0;
    double x1 = 1;
    double y0 = 0; // in log10 units on a log axis
    double y1 = 1;
    bool log_y = true;
    double top = 0; // pixel row of the panel's top edge

    double px(double step) const { return k_left + (step - x0) / (x1 - x0) * k_plot_width; }
    double py(double v) const {
        const double y = log_y ? std::log10(v) : v;
        // In halves when the range of values near the largest double overflows (halves of
        // denormals, 5e-324 / 2, would be 0).
        const double span = y1 - y0;
        const double fraction =
            std::isfinite(span) ? (y - y0) / span : (y / 2 - y0 / 2) / (y1 / 2 - y0 / 2);
        return top + k_panel_height - fraction * k_panel_height;
    }
};

// Round numbers for a linear axis: about five ticks at 1, 2 or 5 times a power of ten.
std::vector<double> linear_ticks(double lo, double hi) {
    const double span = hi - lo;
    const double raw = std::isfinite(span) ? span / 5 : hi / 5 - lo / 5; // near the largest double
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    double step = power;
    for (const double m : {1.0, 2.0, 5.0, 10.0}) {
        if (raw <= m * power) {
            step = m * power;
            break;
        }
    }
    std::vector<double> ticks;
    for (double t = std::ceil(lo / step) * step; std::isfinite(t) && t <= hi + step * 1e-9;
         t += step) {
        ticks.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
    }
    return ticks;
}

std::string tick_label(double v) {
    return fmt::format("{:g}", v);
}

// At most two points per pixel column (the lowest and the highest), so that a million-step
// line stays a few thousand points without losing its envelope.
std::vector<std::pair<double, double>> thin(const std::vector<std::pair<double, double>>& points) {
    const std::size_t limit = static_cast<std::size_t>(k_plot_width) * 2;
    if (points.size() <= limit) {
        return points;
    }
    std::vector<std::pair<double, double>> out;
    std::size_t i = 0;
    while (i < points.size()) {
        const double column = std::floor(points[i].first);
        std::size_t lo = i;
        std::size_t hi = i;
        std::size_t j = i;
        for (; j < points.size() && std::floor(points[j].first) == column; ++j) {
            if (points[j].second > points[lo].second) { // larger pixel row = lower value
                lo = j;
            }
            if (points[j].second < points[hi].second) {
                hi = j;
            }
        }
        out.push_back(points[std::min(lo, hi)]);
        if (lo != hi) {
            out.push_back(points[std::max(lo, hi)]);
        }
        i = j;
    }
    return out;
}

std::string polyline(const std::vector<std::pair<double, double>>& points, const char* colour) {
    std::string out = fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"1.2\" "
                                  "points=\"",
                                  colour);
    for (std::size_t i = 0; i < points.size(); ++i) {
        out += fmt::format("{}{:.1f},{:.1f}", i == 0 ? "" : " ", points[i].first, points[i].second);
    }
    return out + "\"/>\n";
}

// The smallest and largest drawable value of the panel; lo > hi when there is none.
std::pair<double, double> value_range(const PlotPanel& panel) {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    for (const auto& line : panel.lines) {
        for (const double v : line.values) {
            if (drawable(v, panel.log_y)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        }
    }
    return {lo, hi};
}

// Sets the y range of `axes` around [lo, hi] and returns its ticks: value and label.
std::vector<std::pair<double, std::string>> y_ticks(Axes& axes, double lo, double hi) {
    std::vector<std::pair<double, std::string>> ticks;
    if (axes.log_y) {
        const int e0 = static_cast<int>(std::floor(std::log10(lo)));
        const int e1 = std::max(static_cast<int>(std::ceil(std::log10(hi))), e0 + 1);
        axes.y0 = e0;
        axes.y1 = e1;
        for (int e = e0; e <= e1; ++e) {
            // 1e309 is not a double, and 1e-324 is 0
            if (std::isfinite(std::pow(10.0, e)) && std::pow(10.0, e) > 0) {
                ticks.emplace_back(std::pow(10.0, e), fmt::format("1e{}", e));
            }
        }
        return ticks;
    }
    const double span = std::isfinite(hi - lo) ? hi - lo : hi / 2 - lo / 2; // then a narrower pad
    const double pad = hi > lo ? span * 0.05 : std::max(std::fabs(hi) * 0.05, 1.0);
    constexpr double k_largest = std::numeric_limits<double>::max();
    axes.y0 = std::max(lo - pad, -k_largest); // values near the largest double stay finite
    axes.y1 = std::min(hi + pad, k_largest);
    for (const double t : linear_ticks(axes.y0, axes.y1)) {
        ticks.emplace_back(t, tick_label(t));
    }
    return ticks;
}

// Grid lines with their labels on both axes, and the y axis title.
std::string grid(const Axes& axes, const std::vector<std::pair<double, std::string>>& ticks,
                 const std::string& y_label) {
    const double top = axes.top;
    std::string out;
    for (const auto& [t, label] : ticks) {
        const double y = axes.py(t);
        out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" "
                           "stroke=\"#dddddd\"/>\n",
                           k_left, y, k_left + k_plot_width, y);
        out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" "
                           "text-anchor=\"end\">{}</text>\n",
                           k_left - 6, y + 4, label);
    }
    for (const double t : linear_ticks(axes.x0, axes.x1)) {
        const double x = axes.px(t);
        out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" "
                           "stroke=\"#dddddd\"/>\n",
                           x, top, x, top + k_panel_height);
        out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" "
                           "text-anchor=\"middle\">{}</text>\n",
                           x, top + k_panel_height + 16, tick_label(t));
    }
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"12\" text-anchor=\"middle\" "
                       "transform=\"rotate(-90 {:.1f} {:.1f})\">{}</text>\n",
                       18.0, top + k_panel_height / 2, 18.0, top + k_panel_height / 2,
                       xml_escape(y_label));
    return out;
}

// `text` in lines of at most `width` characters, broken at spaces (a word longer than a line is
// broken where the line ends): a label is drawn whole, never cut.
std::vector<std::string> wrap(const std::string& text, std::size_t width) {
    std::vector<std::string> lines;
    std::string line;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t space = std::min(text.find(' ', start), text.size());
        std::string word = text.substr(start, space - start);
        start = space + 1;
        while (!word.empty()) {
            const std::size_t room =
                line.empty() ? width : width - std::min(width, line.size() + 1);
            if (word.size() <= room) {
                line += (line.empty() ? "" : " ") + word;
                break;
            }
            if (!line.empty()) {
                lines.push_back(std::move(line));
                line.clear();
                continue;
            }
            lines.push_back(word.substr(0, width));
            word.erase(0, width);
        }
    }
    if (!line.empty() || lines.empty()) {
        lines.push_back(std::move(line));
    }
    return lines;
}

// Where a panel's legend goes: beside the panel while its entries fit there, else below it,
// across the whole width, where it adds `extra_height` to the panel.
struct LegendLayout {
    bool below = false;
    std::vector<std::vector<std::string>> entries; // each entry's lines
    double extra_height = 0;
};

LegendLayout legend_layout(const PlotPanel& panel) {
    const auto lines_of = [&panel](double width_px) {
        std::vector<std::vector<std::string>> out;
        const auto chars = static_cast<std::size_t>((width_px - k_legend_text_x) / k_char_width);
        for (const auto& line : panel.lines) {
            out.push_back(wrap(line.label, chars));
        }
        return out;
    };
    const auto height_of = [](const std::vector<std::vector<std::string>>& entries) {
        double h = 0;
        for (const auto& e : entries) {
            h += static_cast<double>(e.size()) * k_legend_line + k_legend_entry_gap;
        }
        return h;
    };
    LegendLayout layout;
    layout.entries = lines_of(k_right - 14);
    if (height_of(layout.entries) <= k_panel_height) {
        return layout;
    }
    layout.below = true;
    layout.entries = lines_of(k_width - k_left - 20);
    layout.extra_height = height_of(layout.entries) + 10;
    return layout;
}

// The legend of a panel whose box starts at `top`: a colour swatch and the whole label of each
// line, beside the panel or below it (legend_layout).
std::string draw_legend(const LegendLayout& layout, double top) {
    const double x = layout.below ? k_left : k_left + k_plot_width + 14;
    double y = layout.below ? top + k_panel_height + 34 : top + 14;
    std::string out;
    for (std::size_t index = 0; index < layout.entries.size(); ++index) {
        const char* colour = k_palette[index % std::size(k_palette)];
        out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" "
                           "stroke=\"{}\" stroke-width=\"2\"/>\n",
                           x, y - 4, x + 18, y - 4, colour);
        for (const auto& line : layout.entries[index]) {
            out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\">{}</text>\n",
                               x + k_legend_text_x - 14, y, xml_escape(line));
            y += k_legend_line;
        }
        y += k_legend_entry_gap;
    }
    return out;
}

// One line of the panel: its drawable runs (a step that is not drawable breaks the line).
std::string draw_line(const Axes& axes, const PlotLine& line, std::size_t index) {
    const char* colour = k_palette[index % std::size(k_palette)];
    std::string out;
    std::vector<std::pair<double, double>> run;
    for (std::size_t i = 0; i <= line.values.size(); ++i) {
        const bool end = i == line.values.size();
        if (!end && drawable(line.values[i], axes.log_y)) {
            run.emplace_back(axes.px(static_cast<double>(line.steps[i])), axes.py(line.values[i]));
            continue;
        }
        if (run.size() == 1) {
            out += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"1.5\" fill=\"{}\"/>\n",
                               run[0].first, run[0].second, colour);
        } else if (run.size() > 1) {
            out += polyline(thin(run), colour);
        }
        run.clear();
    }
    return out;
}

std::string render_panel(const PlotPanel& panel, double top, double x0, double x1) {
    Axes axes;
    axes.top = top;
    axes.x0 = x0;
    axes.x1 = x1;
    axes.log_y = panel.log_y;
    std::string out = fmt::format("<g class=\"panel\">\n<text x=\"{:.1f}\" y=\"{:.1f}\" "
                                  "font-size=\"15\" font-weight=\"bold\">{}</text>\n",
                                  k_left, top - 12, xml_escape(panel.title));
    out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
                       "fill=\"none\" stroke=\"#444444\"/>\n",
                       k_left, top, k_plot_width, k_panel_height);
    const auto [lo, hi] = value_range(panel);
    if (!(lo <= hi)) {
        return out + fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"13\">nothing to "
                                 "draw</text>\n</g>\n",
                                 k_left + 20, top + k_panel_height / 2);
    }
    out += grid(axes, y_ticks(axes, lo, hi), panel.y_label);
    for (std::size_t l = 0; l < panel.lines.size(); ++l) {
        out += draw_line(axes, panel.lines[l], l);
    }
    return out + draw_legend(legend_layout(panel), top) + "</g>\n";
}

} // namespace

std::string render_svg(const std::string& title, const std::vector<PlotPanel>& panels) {
    double x0 = std::numeric_limits<double>::infinity();
    double x1 = -std::numeric_limits<double>::infinity();
    for (const auto& panel : panels) {
        for (const auto& line : panel.lines) {
            if (!line.steps.empty()) {
                x0 = std::min(x0, static_cast<double>(line.steps.front()));
                x1 = std::max(x1, static_cast<double>(line.steps.back()));
            }
        }
    }
    if (!(x0 <= x1)) {
        x0 = 0;
        x1 = 1;
    }
    if (x1 == x0) {
        x1 = x0 + 1;
    }
    // Each panel below the one before, with room for a legend that went below a panel.
    std::vector<double> tops;
    double height = k_top + 20;
    for (const auto& panel : panels) {
        tops.push_back(height);
        height += k_panel_height + k_gap + legend_layout(panel).extra_height;
    }
    height -= 10;
    std::string out = fmt::format(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0:.0f}\" height=\"{1:.0f}\" "
        "viewBox=\"0 0 {0:.0f} {1:.0f}\" font-family=\"sans-serif\">\n"
        "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        "<text x=\"{2:.1f}\" y=\"24\" font-size=\"17\" font-weight=\"bold\">{3}</text>\n",
        k_width, height, k_left, xml_escape(title));
    for (std::size_t p = 0; p < panels.size(); ++p) {
        out += render_panel(panels[p], tops[p], x0, x1);
    }
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"12\" "
                       "text-anchor=\"middle\">step</text>\n",
                       k_left + k_plot_width / 2, height - 8);
    return out + "</svg>\n";
}

} // namespace tracediff
