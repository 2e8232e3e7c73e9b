// Reading line-based content in blocks: the JSON Lines, CSV and text readers share it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace tracediff {

class InputFile;

struct LineFeed {
    // Gets blocks of whole lines of about 1 MiB: every line ends with '\n' except a last line
    // at the end of the input; k_line_padding (fast_line.hpp) bytes after the block are
    // readable.
    std::function<void(std::string_view block)> block;
    // Lines handed on so far, for the message about a line over k_max_line_bytes.
    std::function<std::size_t()> lines_read;
    // Optional: called once after the first block, with the bytes handed on so far and the
    // size of the whole (plain, regular) file, to reserve room.
    std::function<void(std::size_t bytes, std::uint64_t file_size)> sized{};
};

// Hands the content of `input` on in blocks. Throws Error "PATH:LINE: a line longer than
// 64 MiB; ..." for a line over the limit.
void feed_line_blocks(InputFile& input, const std::string& path, const LineFeed& feed);

} // namespace tracediff
