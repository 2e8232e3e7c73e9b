#include "tracediff/io/input_file.hpp"

#include "tracediff/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <iterator>
#include <sys/stat.h>
#include <unistd.h>

#include "decompress.hpp"
#include "raw_file.hpp"

namespace tracediff {

namespace {

constexpr unsigned char k_gzip_magic[] = {0x1f, 0x8b};
constexpr unsigned char k_zstd_magic[] = {0x28, 0xb5, 0x2f, 0xfd};

[[noreturn]] void fail_open(const std::string& path, int error) {
    throw Error(fmt::format("cannot open '{}': {}", display_path(path), std::strerror(error)));
}

bool starts_with(const unsigned char* data, std::size_t size, const unsigned char* magic,
                 std::size_t magic_size) {
    return size >= magic_size && std::memcmp(data, magic, magic_size) == 0;
}

bool g_stdin_closed = false;

} // namespace

void protect_standard_streams() {
    for (int fd = 0; fd <= 2; ++fd) {
        if (::fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
            const int opened = ::open("/dev/null", O_RDONLY);
            if (opened != fd && opened >= 0) {
                ::close(opened); // fd was taken meanwhile: nothing to protect
            }
            g_stdin_closed = g_stdin_closed || fd == 0;
        }
    }
}

void replace_standard_input(int fd) {
    const bool replaced = ::dup2(fd, STDIN_FILENO) == STDIN_FILENO;
    const int error = errno;
    ::close(fd);
    if (!replaced) {
        throw Error(fmt::format("cannot read the command's output: {}", std::strerror(error)));
    }
    g_stdin_closed = false;
}

std::string describe_size(std::uint64_t bytes) {
    if (bytes < 1024) {
        return fmt::format("{} bytes", bytes);
    }
    const char* units[] = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double scaled = static_cast<double>(bytes) / 1024.0;
    std::size_t unit = 0;
    while (scaled >= 1024.0 && unit + 1 < std::size(units)) {
        scaled /= 1024.0;
        ++unit;
    }
    return fmt::format("{} bytes ({:.1f} {})", bytes, scaled, units[unit]);
}

std::string display_path(const std::string& path) {
    return path == "-" ? "<stdin>" : path;
}

void refuse_nul_byte(const std::string& path) {
    if (path.find('\0') != std::string::npos) {
        throw Error(fmt::format("cannot open '{}': a path cannot hold a NUL byte", path));
    }
}

const char* compression_name(Compression compression) {
    switch (compression) {
    case Compression::gzip:
        return "gzip";
    case Compression::zstd:
        return "zstd";
    case Compression::none:
        break;
    }
    return "plain";
}

struct InputFile::Impl {
    std::optional<RawFile> file;
    std::optional<std::uint64_t> regular_size;
    Compression compression = Compression::none;
    std::unique_ptr<Decompressor> decompressor; // null for plain content

    // Content read ahead by peek() and not yet returned by read(): [head_pos, head.size()).
    std::string head;
    std::size_t head_pos = 0;
};

namespace {

// Opens `path` ("-" is standard input) and notes the size of a regular file. `flags` are
// added to open(2)'s.
int open_input(const std::string& path, std::optional<std::uint64_t>& regular_size, int flags = 0) {
    int fd = STDIN_FILENO;
    if (path == "-" && (g_stdin_closed || ::fcntl(STDIN_FILENO, F_GETFD) < 0)) {
        throw Error("cannot read standard input ('-'): it is closed");
    }
    if (path != "-") {
        fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | flags);
        if (fd < 0) {
            fail_open(path, errno);
        }
    }
    struct stat info {};
    if (::fstat(fd, &info) == 0) {
        if (S_ISDIR(info.st_mode)) {
            if (path != "-") {
                ::close(fd);
            }
            fail_open(path, EISDIR);
        }
        if (S_ISREG(info.st_mode)) {
            regular_size = static_cast<std::uint64_t>(info.st_size);
        }
    }
    return fd;
}

} // namespace

InputFile::InputFile(const std::string& path) : m_impl(std::make_unique<Impl>()) {
    refuse_nul_byte(path);
    const int fd = open_input(path, m_impl->regular_size);
    m_impl->file.emplace(fd, path != "-", display_path(path));
    recognise_compression();
}

InputFile::InputFile(const std::string& path, const StreamWait& wait)
    : m_impl(std::make_unique<Impl>()) {
    refuse_nul_byte(path);
    // Without O_NONBLOCK, opening a FIFO waits for a writer, however long that takes; reads
    // wait in poll(2) instead (raw_file.cpp), for at most the idle timeout.
    const int fd = open_input(path, m_impl->regular_size, O_NONBLOCK);
    m_impl->file.emplace(fd, path != "-", display_path(path), wait);
    recognise_compression();
}

InputFile::InputFile(InMemoryFile file) : m_impl(std::make_unique<Impl>()) {
    m_impl->file.emplace(std::move(file.bytes), display_path(file.path));
    recognise_compression();
}

InputFile::InputFile(InMemoryFile file, std::vector<std::size_t> pieces)
    : m_impl(std::make_unique<Impl>()) {
    m_impl->file.emplace(std::move(file.bytes), display_path(file.path), std::move(pieces));
    recognise_compression();
}

void InputFile::recognise_compression() {
    Impl& m = *m_impl;
    RawFile& file = *m.file;
    // Enough bytes to recognise the compression: a pipe may hand them over in pieces.
    while (file.available() < sizeof(k_zstd_magic) && file.fill()) {
    }
    if (starts_with(file.data(), file.available(), k_gzip_magic, sizeof(k_gzip_magic))) {
        m.compression = Compression::gzip;
        m.decompressor = make_gzip_reader(file);
    } else if (starts_with(file.data(), file.available(), k_zstd_magic, sizeof(k_zstd_magic))) {
        m.compression = Compression::zstd;
        m.decompressor = make_zstd_reader(file);
    }
}

InputFile::~InputFile() = default;

std::size_t InputFile::read(char* out, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    Impl& m = *m_impl;
    if (m.head_pos < m.head.size()) {
        const std::size_t n = std::min(size, m.head.size() - m.head_pos);
        std::memcpy(out, m.head.data() + m.head_pos, n);
        m.head_pos += n;
        return n;
    }
    return read_content(out, size);
}

std::string_view InputFile::peek(std::size_t size) {
    Impl& m = *m_impl;
    if (m.head_pos > 0) {
        m.head.erase(0, m.head_pos);
        m.head_pos = 0;
    }
    while (m.head.size() < size) {
        const std::size_t have = m.head.size();
        m.head.resize(size);
        const std::size_t got = read_content(m.head.data() + have, size - have);
        m.head.resize(have + got);
        if (got == 0) {
            break;
        }
    }
    return std::string_view(m.head).substr(0, std::min(size, m.head.size()));
}

std::size_t InputFile::read_content(char* out, std::size_t size) {
    if (m_impl->decompressor) {
        return m_impl->decompressor->read(out, size);
    }
    return m_impl->file->read(out, size);
}

Compression InputFile::compression() const {
    return m_impl->compression;
}

std::optional<std::uint64_t> InputFile::plain_size() const {
    if (m_impl->compression != Compression::none) {
        return std::nullopt;
    }
    return m_impl->regular_size;
}

} // namespace tracediff
