#include "files.hpp"

#include <fmt/format.h>

#include <bit>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <system_error>

namespace tracegen {

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
    std::filesystem::path temp = path;
    temp += ".tmp";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out) {
            throw std::runtime_error(
                fmt::format("cannot write '{}': {}", temp.string(), std::strerror(errno)));
        }
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        out.close();
        if (!out) {
            std::error_code ignored;
            std::filesystem::remove(temp, ignored);
            throw std::runtime_error(fmt::format("writing '{}' failed", temp.string()));
        }
    }
    std::error_code error;
    std::filesystem::rename(temp, path, error);
    if (error) {
        std::error_code ignored;
        std::filesystem::remove(temp, ignored);
        throw std::runtime_error(fmt::format("cannot rename '{}' to '{}': {}", temp.string(),
                                             path.string(), error.message()));
    }
}

std::vector<std::uint8_t> encode_params(std::span<const float> params) {
    std::vector<std::uint8_t> bytes;
    bytes.reserve(params.size() * 4);
    for (const float value : params) {
        const auto bits = std::bit_cast<std::uint32_t>(value);
        for (int shift = 0; shift < 32; shift += 8) {
            bytes.push_back(static_cast<std::uint8_t>(bits >> shift));
        }
    }
    return bytes;
}

std::vector<float> decode_params(std::span<const std::uint8_t> bytes) {
    std::vector<float> params(bytes.size() / 4);
    for (std::size_t i = 0; i < params.size(); ++i) {
        std::uint32_t bits = 0;
        for (std::size_t b = 0; b < 4; ++b) {
            bits |= std::uint32_t{bytes[4 * i + b]} << (8 * b);
        }
        params[i] = std::bit_cast<float>(bits);
    }
    return params;
}

std::vector<float> read_init_file(const std::filesystem::path& path, std::size_t expected_count) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw UsageError(
            fmt::format("cannot open init file '{}': {}", path.string(), std::strerror(errno)));
    }
    const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in),
                                          std::istreambuf_iterator<char>()};
    if (in.bad()) {
        throw UsageError(fmt::format("cannot read init file '{}'", path.string()));
    }
    const std::size_t expected_bytes = expected_count * 4;
    if (bytes.size() != expected_bytes) {
        throw UsageError(
            fmt::format("init file '{}' has {} bytes, but this network has {} parameters and needs "
                        "exactly {} bytes (float32 each); was it written for another network?",
                        path.string(), bytes.size(), expected_count, expected_bytes));
    }
    return decode_params(bytes);
}

} // namespace tracegen
