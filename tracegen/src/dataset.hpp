#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tracegen {

inline constexpr std::size_t glyph_side = 8;
inline constexpr std::size_t glyph_pixels = glyph_side * glyph_side;
inline constexpr std::size_t glyph_classes = 10;

// Samples stored row by row: sample i has pixels[i * glyph_pixels .. + glyph_pixels).
struct Dataset {
    std::size_t count = 0;
    std::vector<float> pixels;
    std::vector<std::uint8_t> labels;

    const float* sample(std::size_t i) const { return pixels.data() + i * glyph_pixels; }
};

struct GlyphData {
    Dataset train;
    Dataset validation;
    std::string name; // e.g. "glyphs8x8-v1:seed=7:train=6400:val=1000"
};

// Ten digit-like 8x8 glyphs, each sample a class template shifted by up to one pixel,
// scaled in brightness, with some stroke pixels dropped and Gaussian noise added. The
// seed alone decides every sample.
GlyphData make_glyph_data(std::uint64_t seed, std::size_t train_count,
                          std::size_t validation_count);

} // namespace tracegen
