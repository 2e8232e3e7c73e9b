#include "rng.hpp"

#include <bit>
#include <cmath>
#include <utility>

#include "detmath.hpp"

namespace tracegen {

std::uint64_t splitmix64(std::uint64_t& state) {
    state += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

Rng::Rng(std::uint64_t seed, Stream stream) {
    // Mix the stream number into the seed, then fill the 256-bit state from SplitMix64,
    // which never yields the all-zero state xoshiro must avoid in practice.
    std::uint64_t state = seed ^ (static_cast<std::uint64_t>(stream) * 0xd1b54a32d192ed03ULL);
    for (std::uint64_t& word : m_s) {
        word = splitmix64(state);
    }
}

std::uint64_t Rng::next_u64() {
    const std::uint64_t result = std::rotl(m_s[1] * 5, 7) * 9;
    const std::uint64_t t = m_s[1] << 17;
    m_s[2] ^= m_s[0];
    m_s[3] ^= m_s[1];
    m_s[1] ^= m_s[2];
    m_s[0] ^= m_s[3];
    m_s[2] ^= t;
    m_s[3] = std::rotl(m_s[3], 45);
    return result;
}

double Rng::uniform() {
    return static_cast<double>(next_u64() >> 11) * 0x1.0p-53;
}

std::uint64_t Rng::below(std::uint64_t bound) {
    // Reject the top sliver of the 64-bit range that would make some residues more likely.
    const std::uint64_t limit = (~std::uint64_t{0}) - ((~std::uint64_t{0}) % bound);
    std::uint64_t value = next_u64();
    while (value >= limit) {
        value = next_u64();
    }
    return value % bound;
}

double Rng::normal() {
    // u1 lies in (0, 1] so its logarithm is finite.
    const double u1 = static_cast<double>((next_u64() >> 11) + 1) * 0x1.0p-53;
    const double u2 = uniform();
    return std::sqrt(-2.0 * det_log(u1)) * det_cos(2.0 * pi * u2);
}

void Rng::shuffle(std::span<std::uint32_t> items) {
    for (std::size_t i = items.size(); i > 1; --i) {
        const std::size_t j = static_cast<std::size_t>(below(i));
        std::swap(items[i - 1], items[j]);
    }
}

} // namespace tracegen
