// The bytes of a file, FIFO or standard input as they are, through one buffer: what the
// decompressors and InputFile read from.
#pragma once

#include "tracediff/io/input_file.hpp"

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tracediff {

class RawFile {
public:
    // Takes `fd`; closes it at the end when `owns` is set. `display` names it in messages.
    RawFile(int fd, bool owns, std::string display);
    // The same, for a pipe, FIFO or standard input that is read as it is written: each read
    // first waits (poll) for bytes as `wait` says, and the file ends when they do not come.
    RawFile(int fd, bool owns, std::string display, const StreamWait& wait);
    // Reads `bytes` as if a file held them: the seam that lets tests feed every reader from
    // memory. `display` names them in messages.
    RawFile(std::string bytes, std::string display);
    // The same, handing the bytes over in pieces: each read returns at most the next of
    // `pieces` (sizes; round and round), as a pipe hands over what its writer wrote.
    RawFile(std::string bytes, std::string display, std::vector<std::size_t> pieces);
    ~RawFile();
    RawFile(const RawFile&) = delete;
    RawFile& operator=(const RawFile&) = delete;

    const std::string& display() const { return m_display; }
    int fd() const { return m_fd; }

    // Appends bytes to the buffer; false at the end of the file.
    bool fill();

    // The bytes in the buffer not yet used, and marking `n` of them used.
    const unsigned char* data() const { return m_buffer.get() + m_pos; }
    std::size_t available() const { return m_end - m_pos; }
    void consume(std::size_t n) { m_pos += n; }

    // Reads up to `size` bytes as they are: from the buffer first, then from the file.
    // Returns 0 only at the end.
    std::size_t read(char* out, std::size_t size);

private:
    std::size_t read_source(void* out, std::size_t size);
    bool wait_for_bytes(std::chrono::steady_clock::time_point idle_since);

    static constexpr std::size_t k_buffer_size = std::size_t{256} << 10;

    int m_fd = -1;
    bool m_owns = false;
    std::string m_display;
    std::unique_ptr<unsigned char[]> m_buffer =
        std::make_unique_for_overwrite<unsigned char[]>(k_buffer_size);
    std::size_t m_pos = 0; // bytes [m_pos, m_end) are not yet used
    std::size_t m_end = 0;
    bool m_eof = false;
    std::optional<std::string> m_memory; // the bytes read instead of m_fd
    std::size_t m_memory_pos = 0;
    std::vector<std::size_t> m_pieces; // the sizes the bytes in memory are handed over in
    std::size_t m_next_piece = 0;
    std::optional<StreamWait> m_wait; // how a stream waits for bytes; nothing for a blocking read
};

} // namespace tracediff
