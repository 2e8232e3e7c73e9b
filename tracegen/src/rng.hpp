#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace tracegen {

// Separate random streams for separate purposes, so that e.g. changing the number of
// epochs never changes the initial weights.
enum class Stream : std::uint64_t { init = 1, shuffle = 2, data = 3 };

// xoshiro256** seeded through SplitMix64. Every number it produces is defined by integer
// arithmetic and the deterministic functions of detmath.hpp, so a seed gives the same
// sequence on every platform and standard library (unlike std::normal_distribution).
class Rng {
public:
    Rng(std::uint64_t seed, Stream stream);

    std::uint64_t next_u64();
    // Uniform in [0, 1), 53 random bits.
    double uniform();
    // Uniform integer in [0, bound), without modulo bias. bound must be > 0.
    std::uint64_t below(std::uint64_t bound);
    // Standard normal by the Box-Muller transform (one value per two uniforms).
    double normal();
    // Fisher-Yates shuffle.
    void shuffle(std::span<std::uint32_t> items);

private:
    std::uint64_t m_s[4];
};

// One step of SplitMix64: advances state and returns the mixed output.
std::uint64_t splitmix64(std::uint64_t& state);

} // namespace tracegen
