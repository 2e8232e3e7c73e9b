// Handing fuzz input to the real reading code as a file: a memory file named by its
// /proc/self/fd path, read with read_trace as tracediff reads a path.
#pragma once

#include "tracediff/error.hpp"
#include "tracediff/read/read_trace.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <sys/mman.h>
#include <unistd.h>

namespace tracediff::fuzz {

// Reads `size` bytes as a file with `options`; a clean Error is a fine outcome.
inline void read_as_file(const std::uint8_t* data, std::size_t size, const ReadOptions& options) {
    const int fd = ::memfd_create("log", 0);
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
    try {
        const Trace t = read_trace("/proc/self/fd/" + std::to_string(fd), options);
        // Whatever was read is well formed: steps sorted and unique.
        for (const auto& f : t.fields) {
            for (std::size_t i = 1; i < f.series.steps.size(); ++i) {
                if (f.series.steps[i] <= f.series.steps[i - 1]) {
                    std::abort();
                }
            }
        }
    } catch (const Error&) {
    }
    ::close(fd);
}

inline ReadOptions options_for(const char* format, std::vector<FieldRequest> fields) {
    ReadOptions options;
    options.format = format;
    options.fields = std::move(fields);
    return options;
}

} // namespace tracediff::fuzz
