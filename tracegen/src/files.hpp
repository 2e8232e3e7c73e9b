#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace tracegen {

// A problem with what the user asked for or handed in (bad init file, ...): exit code 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Writes the file whole or not at all: the content goes to a temporary file in the same
// folder, which is then renamed over the target. Throws std::runtime_error on failure.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

// Init files: the parameters as little-endian float32, in the order of the flat parameter
// vector, with nothing before or after them.
std::vector<std::uint8_t> encode_params(std::span<const float> params);
std::vector<float> decode_params(std::span<const std::uint8_t> bytes);

// Reads an init file and checks that it holds exactly `expected_count` parameters; throws
// UsageError otherwise.
std::vector<float> read_init_file(const std::filesystem::path& path, std::size_t expected_count);

} // namespace tracegen
