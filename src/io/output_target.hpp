// Where a report goes: what kind of file an output path names, and writing to the kinds that
// are written through directly rather than through a temporary file.
#pragma once

#include <string>
#include <string_view>

namespace tracediff {

enum class OutputKind {
    standard_output, // "-" or /dev/stdout
    descriptor,      // /dev/stderr, /dev/fd/N, /proc/self/fd/N: an open file descriptor
    device,          // a character device (/dev/null) or a FIFO: opened and written
    atomic,          // a regular file or a new one: a temporary file, then a rename
};

struct OutputTarget {
    OutputKind kind = OutputKind::atomic;
    std::string path; // for device and atomic: the file to write (symbolic links followed)
    int fd = -1;      // for descriptor
};

// What `path` names. Throws Error when it is something a report cannot be written to (a
// folder, a socket, a block device) or a chain of symbolic links that does not end.
OutputTarget resolve_output_target(const std::string& path);

// write(2) until all of `text` is written; false (errno set) when it fails.
bool write_all(int fd, std::string_view text);

// Writes `text` to a descriptor or device target; false (errno set) when it fails.
bool write_through(const OutputTarget& target, std::string_view text);

} // namespace tracediff
