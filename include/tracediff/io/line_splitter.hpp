// Bytes that arrive in pieces (from a pipe, a followed file) cut into blocks of whole lines:
// how a live check reads its traces as they are written, and hands them to the reader in
// blocks, as a whole file is read.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tracediff {

class LineSplitter {
public:
    // `path` names the input in messages; a line may hold at most `max_line_bytes` bytes;
    // `padding` bytes are readable after every block handed on (the reader's fast path parses
    // lines where they lie).
    LineSplitter(std::string path, std::size_t max_line_bytes, std::size_t padding = 0);

    // Takes the next piece of the input and returns the whole lines it completes, as one block
    // (each line with its '\n'; empty when it completes none), valid until the next call.
    // Throws Error "PATH:LINE: a line longer than N MiB; is this a trace?" once the line being
    // read is longer than the limit.
    std::string_view add(std::string_view piece);

    // The same in two halves, for a reader that reads straight into the splitter's buffer:
    // room for up to `n` bytes of the next piece (valid until the next call), then the number
    // of bytes put there.
    char* room(std::size_t n);
    std::string_view commit(std::size_t got);

    // At the end of the input: the last line, when it has no '\n' (empty when the input ended
    // with one), with the padding after it.
    std::string_view finish();

    // Moves out the buffer that holds the block the last call returned, at its front, with
    // zeros for the padding after it; the splitter goes on in `next` (a buffer to reuse, of any
    // size and content), the bytes after the block copied to its front. So a block is handed
    // on without a copy of its lines.
    std::string take(std::string next);

private:
    void drop_handed_on();

    std::string m_path;
    std::size_t m_max_line_bytes;
    std::size_t m_padding;
    std::string m_data;       // the bytes not handed on yet follow the block handed on last
    std::size_t m_size = 0;   // bytes of input in m_data; m_padding more are readable
    std::size_t m_handed = 0; // bytes at the front of m_data handed on by the last call
    std::size_t m_lines = 0;  // lines handed on
};

} // namespace tracediff
