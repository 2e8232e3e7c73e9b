// Opening a trace: a file, a FIFO or standard input, plain or compressed.
//
// The compression is recognised by the first bytes of the content, never by the file's name:
// 1f 8b is gzip (read with zlib, concatenated members too), 28 b5 2f fd is zstd (read with
// libzstd, concatenated frames too); anything else is read as it is.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tracediff {

// How a path is named in messages: "<stdin>" for "-", otherwise the path itself.
std::string display_path(const std::string& path);

// Throws Error "cannot open 'PATH': a path cannot hold a NUL byte": the system would open the
// path cut at the NUL, another file (a manifest's "a.csv\u0000junk", Python's 'a.csv\x00junk').
void refuse_nul_byte(const std::string& path);

// Opens /dev/null in place of each of file descriptors 0, 1 and 2 that is closed, so that no
// file opened later takes its number (two readers of one file, a report on standard output),
// and notes that standard input was closed: "-" is then an error. Read-only, so that writing
// to a closed standard output still fails. The command line calls it first thing.
void protect_standard_streams();

// Puts `fd` in place of standard input (and closes `fd`): what '-' reads from now on, even
// when tracediff started with standard input closed. Throws Error when it cannot.
void replace_standard_input(int fd);

// A file size for messages: "68719476736 bytes (64.0 GiB)", or "12 bytes" when small.
std::string describe_size(std::uint64_t bytes);

enum class Compression { none, gzip, zstd };

// The name of a compression for messages: "plain", "gzip" or "zstd".
const char* compression_name(Compression compression);

// Bytes that stand for a file's content (plain or compressed), and the path that names them in
// messages: how tests feed every reader from memory.
struct InMemoryFile {
    std::string path;
    std::string bytes;
};

// How a read from a pipe, a FIFO or standard input waits for bytes while a live check reads
// it: the input ends when no byte has come for `idle_timeout` seconds, or once `writer_done`
// is set and the bytes written by then are read. With neither, it waits as long as a writer
// keeps the pipe open.
struct StreamWait {
    std::optional<double> idle_timeout;
    const std::atomic<bool>* writer_done = nullptr;
};

class InputFile {
public:
    // Opens `path` ("-" is standard input) and reads its first bytes to recognise the
    // compression. Throws Error "cannot open 'PATH': REASON" when the path cannot be read
    // (missing, no permission, a directory).
    explicit InputFile(const std::string& path);
    // The same, for a pipe, FIFO or standard input read as it is written: every read waits
    // for bytes as `wait` says (poll(2), never a blocking read), and a FIFO is opened without
    // waiting for a writer, so an input that no writer ever opens ends at the idle timeout too.
    InputFile(const std::string& path, const StreamWait& wait);
    // Reads `file.bytes` as the content of a file at `file.path`.
    explicit InputFile(InMemoryFile file);
    // The same, with the bytes handed over as a pipe hands over what its writer wrote: each
    // read of the file returns at most the next of `pieces` (sizes), which then go round again.
    InputFile(InMemoryFile file, std::vector<std::size_t> pieces);
    ~InputFile();
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    // Reads up to `size` bytes of the (decompressed) content into `out`; returns 0 only at the
    // end. Throws Error naming the file when it cannot be read or its compressed data is
    // corrupt or cut short.
    std::size_t read(char* out, std::size_t size);

    // The first `size` bytes of the (decompressed) content, or all of it when it is shorter,
    // without consuming them: read() still returns them. For recognising a format.
    std::string_view peek(std::size_t size);

    Compression compression() const;

    // The size in bytes of a plain regular file; nothing for anything else (a hint only).
    std::optional<std::uint64_t> plain_size() const;

private:
    void recognise_compression();
    std::size_t read_content(char* out, std::size_t size);

    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace tracediff
