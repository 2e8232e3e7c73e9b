// libFuzzer target: opening and decompressing a file (plain, gzip, zstd) and reading the
// trace in it, as `tracediff` does with a path. The bytes are handed over through a pipe-like
// memory file so that the real reading code runs.
#include "tracediff/error.hpp"
#include "tracediff/read/read_trace.hpp"
#include "tracediff/read/trace_parser.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <sys/mman.h>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const int fd = ::memfd_create("trace", 0);
    if (fd < 0) {
        std::abort();
    }
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::write(fd, data + done, size - done);
        if (n <= 0) {
            std::abort();
        }
        done += static_cast<std::size_t>(n);
    }
    const std::string path = "/proc/self/fd/" + std::to_string(fd);
    try {
        const tracediff::Trace t = tracediff::read_trace(path);
        (void)t;
    } catch (const tracediff::Error&) {
    }
    ::close(fd);
    return 0;
}
