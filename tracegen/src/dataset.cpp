#include "dataset.hpp"

#include <fmt/format.h>

#include <array>
#include <string_view>

#include "rng.hpp"

namespace tracegen {
namespace {

// '#' is ink, '.' is paper.
constexpr std::array<std::array<std::string_view, glyph_side>, glyph_classes> templates = {{
    {"..####..", ".#....#.", ".#...##.", ".#..#.#.", ".#.#..#.", ".##...#.", ".#....#.",
     "..####.."},
    {"...##...", "..###...", "...##...", "...##...", "...##...", "...##...", "...##...",
     "..####.."},
    {"..####..", ".#....#.", "......#.", ".....#..", "...##...", "..#.....", ".#......",
     ".######."},
    {"..####..", ".#....#.", "......#.", "...###..", "......#.", "......#.", ".#....#.",
     "..####.."},
    {".....#..", "....##..", "...#.#..", "..#..#..", ".#...#..", ".######.", ".....#..",
     ".....#.."},
    {".######.", ".#......", ".#......", ".#####..", "......#.", "......#.", ".#....#.",
     "..####.."},
    {"...###..", "..#.....", ".#......", ".#####..", ".#....#.", ".#....#.", ".#....#.",
     "..####.."},
    {".######.", "......#.", ".....#..", "....#...", "...#....", "...#....", "...#....",
     "...#...."},
    {"..####..", ".#....#.", ".#....#.", "..####..", ".#....#.", ".#....#.", ".#....#.",
     "..####.."},
    {"..####..", ".#....#.", ".#....#.", ".#....#.", "..#####.", "......#.", ".....#..",
     "..###..."},
}};

constexpr double drop_probability = 0.12;
constexpr double noise_sigma = 0.25;
constexpr double min_brightness = 0.6;

void draw_sample(Rng& rng, float* pixels, std::uint8_t& label) {
    const auto cls = static_cast<std::size_t>(rng.below(glyph_classes));
    const int dx = static_cast<int>(rng.below(3)) - 1;
    const int dy = static_cast<int>(rng.below(3)) - 1;
    const double brightness = min_brightness + (1.0 - min_brightness) * rng.uniform();
    label = static_cast<std::uint8_t>(cls);
    for (int y = 0; y < static_cast<int>(glyph_side); ++y) {
        for (int x = 0; x < static_cast<int>(glyph_side); ++x) {
            // Pixel (x, y) shows the template pixel (x - dx, y - dy), paper outside.
            const int tx = x - dx;
            const int ty = y - dy;
            bool ink =
                tx >= 0 && ty >= 0 && tx < static_cast<int>(glyph_side) &&
                ty < static_cast<int>(glyph_side) &&
                templates[cls][static_cast<std::size_t>(ty)][static_cast<std::size_t>(tx)] == '#';
            // Draw the random numbers for every pixel so that the stream does not depend
            // on the glyph's shape.
            const bool dropped = rng.uniform() < drop_probability;
            const double noise = noise_sigma * rng.normal();
            if (dropped) {
                ink = false;
            }
            const double value = (ink ? brightness : 0.0) + noise;
            pixels[static_cast<std::size_t>(y) * glyph_side + static_cast<std::size_t>(x)] =
                static_cast<float>(value);
        }
    }
}

Dataset make_split(Rng& rng, std::size_t count) {
    Dataset data;
    data.count = count;
    data.pixels.resize(count * glyph_pixels);
    data.labels.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
        draw_sample(rng, data.pixels.data() + i * glyph_pixels, data.labels[i]);
    }
    return data;
}

} // namespace

GlyphData make_glyph_data(std::uint64_t seed, std::size_t train_count,
                          std::size_t validation_count) {
    Rng rng(seed, Stream::data);
    GlyphData data;
    data.train = make_split(rng, train_count);
    data.validation = make_split(rng, validation_count);
    data.name =
        fmt::format("glyphs8x8-v1:seed={}:train={}:val={}", seed, train_count, validation_count);
    return data;
}

} // namespace tracegen
