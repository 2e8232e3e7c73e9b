// CRC-32C (Castagnoli: reflected polynomial 0x82F63B78, initial value and final xor
// 0xFFFFFFFF), as TFRecord files use it, with the TFRecord mask. On x86-64 processors with
// SSE4.2 the crc32 instruction computes it; elsewhere slicing-by-8 tables (about 2 GB/s).
// Event-file records are tens of bytes, where a library call would be no faster.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tracediff {

// The standard CRC-32C of `size` bytes: "123456789" gives 0xE3069283.
std::uint32_t crc32c(const void* data, std::size_t size);

// The same with the tables only, whatever the processor (for tests).
std::uint32_t crc32c_tables(const void* data, std::size_t size);

// TFRecord's masked CRC: rotated right by 15 bits, plus 0xA282EAD8.
inline std::uint32_t mask_crc32c(std::uint32_t crc) {
    return ((crc >> 15) | (crc << 17)) + 0xA282EAD8U;
}

} // namespace tracediff
