// libFuzzer target: fuzz input placed across the reader's 1 MiB chunk boundary.
//
// The trace_reader target's inputs (at most 64 KiB) never reach the point where read_trace
// hands its first block of lines on and starts the next. Here the input is wrapped: valid step
// records fill the text up to a point near 1 MiB chosen by the input's first two bytes, the
// rest of the input follows, then a few more records. The text is read twice: from a file with
// read_trace (the chunked reader and the fast path), and from memory with the tolerant path
// only. Both must give the same trace, or the same error.
#include "tracediff/error.hpp"
#include "tracediff/read/read_trace.hpp"
#include "tracediff/read/trace_parser.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <sys/mman.h>
#include <unistd.h>

#include "same_trace.hpp"

namespace {

constexpr std::size_t k_boundary = std::size_t{1} << 20;

// Records up to about `bytes` bytes, then the input, then three records. The filler records
// carry a string of up to 60,000 bytes each, so that a megabyte is a few dozen lines and
// fuzzing stays fast; the last one is cut to end at `bytes` (or just past it).
std::string wrap(std::string_view input, std::size_t bytes) {
    std::string text;
    text.reserve(bytes + input.size() + 256);
    for (std::int64_t step = 1; text.size() < bytes; ++step) {
        std::string line =
            "{\"step\": " + std::to_string(step) + ", \"loss\": 0." + std::to_string(step);
        const std::size_t room = bytes - text.size();
        const std::size_t fixed = line.size() + std::string_view(", \"note\": \"\"}\n").size();
        if (room > fixed) {
            line += ", \"note\": \"" +
                    std::string(std::min<std::size_t>(room - fixed, 60000), 'n') + "\"";
        }
        text += line + "}\n";
    }
    text.append(input);
    for (int i = 0; i < 3; ++i) {
        text += "\n{\"step\": " + std::to_string(900000 + i) + ", \"loss\": 1.5}";
    }
    return text + "\n";
}

tracediff::ReadOptions options(bool fast) {
    tracediff::ReadOptions o;
    o.format = "jsonl";
    o.fields = {{"loss", true}, {"lr", false}};
    o.fast_path = fast;
    return o;
}

tracediff::fuzz::Outcome read_file(const std::string& text, const std::string& path, int fd) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n =
            ::pwrite(fd, text.data() + done, text.size() - done, static_cast<off_t>(done));
        if (n <= 0) {
            std::abort();
        }
        done += static_cast<std::size_t>(n);
    }
    return tracediff::fuzz::outcome_of([&] { return tracediff::read_trace(path, options(true)); });
}

tracediff::fuzz::Outcome read_tolerant(const std::string& text, const std::string& path) {
    return tracediff::fuzz::outcome_of(
        [&] { return tracediff::parse_trace(text, path, options(false)); });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) {
        return 0;
    }
    // The input starts up to 64 KiB before the boundary.
    const std::size_t back = (std::size_t{data[0]} << 8 | data[1]) % (std::size_t{64} << 10);
    const std::string text = wrap(
        std::string_view(reinterpret_cast<const char*>(data) + 2, size - 2), k_boundary - back);
    const int fd = ::memfd_create("trace", 0);
    if (fd < 0) {
        std::abort();
    }
    const std::string path = "/proc/self/fd/" + std::to_string(fd);
    const tracediff::fuzz::Outcome fast = read_file(text, path, fd);
    ::close(fd);
    tracediff::fuzz::expect_same(fast, read_tolerant(text, path));
    return 0;
}
