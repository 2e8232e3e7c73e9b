// Writing TensorBoard event files for tests, by hand: the protobuf wire format and TFRecord
// framing with a byte-wise CRC-32C of its own, independent of the reader's code.
#pragma once

#include <bit>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace tracediff::testing::events {

inline std::uint32_t crc32c(const std::string& data) {
    std::uint32_t crc = 0xFFFFFFFFU;
    for (const char c : data) {
        crc ^= static_cast<unsigned char>(c);
        for (int k = 0; k < 8; ++k) {
            crc = (crc & 1U) != 0 ? (crc >> 1) ^ 0x82F63B78U : crc >> 1;
        }
    }
    return ~crc;
}

inline std::string le(std::uint64_t v, int bytes) {
    std::string out;
    for (int i = 0; i < bytes; ++i) {
        out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    }
    return out;
}

inline std::string varint(std::uint64_t v) {
    std::string out;
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7F) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
    return out;
}

// A field: key (number << 3 | wire type), then the payload (length-prefixed for wire type 2).
inline std::string field(int number, int wire, const std::string& payload) {
    std::string out = varint(static_cast<std::uint64_t>(number) << 3 | static_cast<unsigned>(wire));
    if (wire == 2) {
        out += varint(payload.size());
    }
    return out + payload;
}

inline std::uint32_t masked(std::uint32_t crc) {
    return ((crc >> 15) | (crc << 17)) + 0xA282EAD8U;
}

inline std::string record(const std::string& data) {
    const std::string length = le(data.size(), 8);
    return length + le(masked(crc32c(length)), 4) + data + le(masked(crc32c(data)), 4);
}

// Summary.Value payloads.
inline std::string simple_value(const std::string& tag, float v) {
    return field(1, 2, tag) + field(2, 5, le(std::bit_cast<std::uint32_t>(v), 4));
}
// A TensorProto (field 8): dtype 1 (DT_FLOAT) or 2 (DT_DOUBLE), then `rest`.
inline std::string tensor_value(const std::string& tag, int dtype, const std::string& rest) {
    return field(1, 2, tag) + field(8, 2, field(1, 0, varint(static_cast<unsigned>(dtype))) + rest);
}
inline std::string float_content(float v) {
    return field(2, 2, "") + field(4, 2, le(std::bit_cast<std::uint32_t>(v), 4));
}
inline std::string double_content(double v) {
    return field(2, 2, "") + field(4, 2, le(std::bit_cast<std::uint64_t>(v), 8));
}
inline std::string float_val(float v) {
    return field(5, 2, le(std::bit_cast<std::uint32_t>(v), 4)); // packed, one element
}
inline std::string double_val(double v) {
    return field(6, 2, le(std::bit_cast<std::uint64_t>(v), 8));
}
// A histogram value (field 5 of Summary.Value): not a scalar.
inline std::string histogram(const std::string& tag) {
    return field(1, 2, tag) + field(5, 2, field(1, 1, le(0, 8)));
}

// An Event record with a step and Summary values.
inline std::string event(std::int64_t step, const std::vector<std::string>& values) {
    std::string summary;
    for (const auto& v : values) {
        summary += field(1, 2, v);
    }
    return record(field(1, 1, le(std::bit_cast<std::uint64_t>(1.7e9), 8)) +
                  field(2, 0, varint(static_cast<std::uint64_t>(step))) + field(5, 2, summary));
}

inline std::string file_version() {
    return record(field(1, 1, le(std::bit_cast<std::uint64_t>(1.7e9), 8)) +
                  field(3, 2, "brain.Event:2"));
}

} // namespace tracediff::testing::events
