// Bytes that arrive in pieces (from a pipe, a followed file) cut into whole lines: how a live
// check reads its traces line by line as they are written.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tracediff {

class LineSplitter {
public:
    // `path` names the input in messages; a line may hold at most `max_line_bytes` bytes.
    LineSplitter(std::string path, std::size_t max_line_bytes);

    // Takes the next piece of the input; appends to `lines` each line it completes, without its
    // '\n'. Throws Error "PATH:LINE: a line longer than N MiB; is this a trace?" once the line
    // being read is longer than the limit.
    void add(std::string_view piece, std::vector<std::string>& lines);

    // At the end of the input: the last line, when it has no '\n' (nothing when the input
    // ended with one).
    std::optional<std::string> finish();

private:
    std::string m_path;
    std::size_t m_max_line_bytes;
    std::string m_pending; // the bytes after the last '\n'
    std::size_t m_lines = 0;
};

} // namespace tracediff
