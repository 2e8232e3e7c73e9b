#include "crc32c.hpp"

#include <array>
#include <cstring>
#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace tracediff {

namespace {

// kTables[0] is the byte-wise table; kTables[s][b] is the CRC of byte b followed by s zeros.
using Tables = std::array<std::array<std::uint32_t, 256>, 8>;

constexpr Tables make_tables() {
    Tables t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k) {
            c = (c & 1U) != 0 ? (c >> 1) ^ 0x82F63B78U : c >> 1;
        }
        t[0][i] = c;
    }
    for (std::size_t s = 1; s < 8; ++s) {
        for (std::size_t i = 0; i < 256; ++i) {
            t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xFFU];
        }
    }
    return t;
}

constexpr Tables k_tables = make_tables();

std::uint32_t load_le32(const unsigned char* p) {
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
           static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) std::uint32_t crc32c_sse42(const void* data, std::size_t size) {
    const auto* p = static_cast<const unsigned char*>(data);
    std::uint64_t crc = 0xFFFFFFFFU;
    for (; size >= 8; size -= 8, p += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, p, 8);
        crc = _mm_crc32_u64(crc, word);
    }
    auto crc32 = static_cast<std::uint32_t>(crc);
    for (; size > 0; --size, ++p) {
        crc32 = _mm_crc32_u8(crc32, *p);
    }
    return ~crc32;
}

bool have_sse42() {
    static const bool have = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("sse4.2") != 0;
    }();
    return have;
}
#endif

} // namespace

std::uint32_t crc32c(const void* data, std::size_t size) {
#if defined(__x86_64__)
    if (have_sse42()) {
        return crc32c_sse42(data, size);
    }
#endif
    return crc32c_tables(data, size);
}

std::uint32_t crc32c_tables(const void* data, std::size_t size) {
    const auto* p = static_cast<const unsigned char*>(data);
    std::uint32_t crc = 0xFFFFFFFFU;
    for (; size >= 8; size -= 8, p += 8) {
        const std::uint32_t lo = load_le32(p) ^ crc;
        const std::uint32_t hi = load_le32(p + 4);
        crc = k_tables[7][lo & 0xFFU] ^ k_tables[6][(lo >> 8) & 0xFFU] ^
              k_tables[5][(lo >> 16) & 0xFFU] ^ k_tables[4][lo >> 24] ^ k_tables[3][hi & 0xFFU] ^
              k_tables[2][(hi >> 8) & 0xFFU] ^ k_tables[1][(hi >> 16) & 0xFFU] ^
              k_tables[0][hi >> 24];
    }
    for (; size > 0; --size, ++p) {
        crc = k_tables[0][(crc ^ *p) & 0xFFU] ^ (crc >> 8);
    }
    return ~crc;
}

} // namespace tracediff
