// What the live-reading fuzz targets share: cutting an input into the pieces a pipe or a
// followed file would hand over, from a seed the input chooses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace tracediff::fuzz {

// An input split into the seed that chooses its pieces (its first two bytes) and the text.
struct SeededText {
    std::uint64_t seed = 0;
    std::string_view text;
};

inline SeededText seeded(const std::uint8_t* data, std::size_t size) {
    if (size < 2) {
        return {0, {reinterpret_cast<const char*>(data), size}};
    }
    return {static_cast<std::uint64_t>(data[0]) << 8 | data[1],
            {reinterpret_cast<const char*>(data) + 2, size - 2}};
}

// Piece sizes that add up to at least `total`: mostly a few bytes (a line cut anywhere, a
// "\r\n" split), sometimes hundreds or thousands (several lines at once). splitmix64.
inline std::vector<std::size_t> pieces_for(std::uint64_t seed, std::size_t total) {
    std::vector<std::size_t> pieces;
    std::uint64_t state = seed * 0x9e3779b97f4a7c15ULL + total;
    std::size_t sum = 0;
    while (sum < total || pieces.empty()) {
        state += 0x9e3779b97f4a7c15ULL;
        std::uint64_t z = state;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        z ^= z >> 31;
        const std::size_t kind = z % 8;
        const std::size_t size = kind < 5   ? 1 + (z >> 8) % 8
                                 : kind < 7 ? 1 + (z >> 8) % 300
                                            : 1 + (z >> 8) % 5000;
        pieces.push_back(size);
        sum += size;
    }
    return pieces;
}

} // namespace tracediff::fuzz
