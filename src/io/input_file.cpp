#include "tracediff/io/input_file.hpp"

#include "tracediff/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

namespace tracediff {

namespace {

constexpr std::size_t k_raw_buffer = std::size_t{256} << 10;
constexpr unsigned char k_gzip_magic[] = {0x1f, 0x8b};
constexpr unsigned char k_zstd_magic[] = {0x28, 0xb5, 0x2f, 0xfd};

[[noreturn]] void fail_open(const std::string& path, int error) {
    throw Error(fmt::format("cannot open '{}': {}", display_path(path), std::strerror(error)));
}

bool starts_with(const unsigned char* data, std::size_t size, const unsigned char* magic,
                 std::size_t magic_size) {
    return size >= magic_size && std::memcmp(data, magic, magic_size) == 0;
}

} // namespace

std::string display_path(const std::string& path) {
    return path == "-" ? "<stdin>" : path;
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
    std::string path;
    std::string display;
    int fd = -1;
    bool owns_fd = false;
    std::optional<std::uint64_t> regular_size;
    Compression compression = Compression::none;

    // Raw bytes read from the file and not yet used: [raw_pos, raw_end).
    std::unique_ptr<unsigned char[]> raw = std::make_unique<unsigned char[]>(k_raw_buffer);
    std::size_t raw_pos = 0;
    std::size_t raw_end = 0;
    bool eof = false;

    z_stream z{};
    bool z_ready = false;
    bool member_done = false;
    ZSTD_DCtx* zstd = nullptr;
    std::size_t zstd_hint = 1; // ZSTD_decompressStream's last answer: 0 when a frame is complete

    // Content read ahead by peek() and not yet returned by read(): [head_pos, head.size()).
    std::string head;
    std::size_t head_pos = 0;

    ~Impl() {
        if (z_ready) {
            inflateEnd(&z);
        }
        ZSTD_freeDCtx(zstd);
        if (owns_fd) {
            ::close(fd);
        }
    }

    // Appends raw bytes after raw_end; false at the end of the file.
    bool fill() {
        if (eof) {
            return false;
        }
        if (raw_pos == raw_end) {
            raw_pos = raw_end = 0;
        }
        for (;;) {
            const ssize_t got = ::read(fd, raw.get() + raw_end, k_raw_buffer - raw_end);
            if (got < 0) {
                if (errno == EINTR) {
                    continue;
                }
                throw Error(fmt::format("cannot read '{}': {}", display, std::strerror(errno)));
            }
            if (got == 0) {
                eof = true;
                return false;
            }
            raw_end += static_cast<std::size_t>(got);
            return true;
        }
    }

    [[noreturn]] void fail_corrupt(const char* reason) const {
        throw Error(
            fmt::format("{}: corrupt {} data: {}", display, compression_name(compression), reason));
    }

    [[noreturn]] void fail_truncated() const {
        throw Error(fmt::format("{}: truncated {} data: the file ends inside the compressed "
                                "stream",
                                display, compression_name(compression)));
    }

    std::size_t read_plain(char* out, std::size_t size) {
        if (raw_pos < raw_end) {
            const std::size_t n = std::min(size, raw_end - raw_pos);
            std::memcpy(out, raw.get() + raw_pos, n);
            raw_pos += n;
            return n;
        }
        if (eof) {
            return 0;
        }
        for (;;) {
            const ssize_t got = ::read(fd, out, size);
            if (got < 0) {
                if (errno == EINTR) {
                    continue;
                }
                throw Error(fmt::format("cannot read '{}': {}", display, std::strerror(errno)));
            }
            if (got == 0) {
                eof = true;
            }
            return static_cast<std::size_t>(got);
        }
    }

    std::size_t read_gzip(char* out, std::size_t size) {
        const auto limit = static_cast<uInt>(std::min<std::size_t>(size, 1U << 30));
        z.next_out = reinterpret_cast<Bytef*>(out);
        z.avail_out = limit;
        while (z.avail_out == limit) {
            if (raw_pos == raw_end) {
                fill();
            }
            const bool no_input = raw_pos == raw_end;
            if (member_done) {
                if (no_input) {
                    return 0; // the end, after a whole member
                }
                inflateReset(&z); // another member follows
                member_done = false;
            }
            if (no_input) {
                fail_truncated();
            }
            z.next_in = raw.get() + raw_pos;
            z.avail_in = static_cast<uInt>(raw_end - raw_pos);
            const int status = inflate(&z, Z_NO_FLUSH);
            raw_pos = raw_end - z.avail_in;
            if (status == Z_STREAM_END) {
                member_done = true;
            } else if (status == Z_NEED_DICT) {
                fail_corrupt("a preset dictionary is needed");
            } else if (status == Z_MEM_ERROR) {
                throw std::bad_alloc();
            } else if (status != Z_OK && status != Z_BUF_ERROR) {
                fail_corrupt(z.msg != nullptr ? z.msg : "inflate failed");
            }
        }
        return limit - z.avail_out;
    }

    std::size_t read_zstd(char* out, std::size_t size) {
        ZSTD_outBuffer output{out, size, 0};
        while (output.pos == 0) {
            if (raw_pos == raw_end) {
                fill();
            }
            ZSTD_inBuffer input{raw.get() + raw_pos, raw_end - raw_pos, 0};
            const bool no_input = input.size == 0;
            if (no_input && zstd_hint == 0) {
                return 0; // the end, after a whole frame
            }
            const std::size_t hint = ZSTD_decompressStream(zstd, &output, &input);
            raw_pos += input.pos;
            if (ZSTD_isError(hint) != 0) {
                fail_corrupt(ZSTD_getErrorName(hint));
            }
            zstd_hint = hint;
            if (no_input && output.pos == 0) {
                fail_truncated(); // no more input, yet the frame is not complete
            }
        }
        return output.pos;
    }
};

InputFile::InputFile(const std::string& path) : m_impl(std::make_unique<Impl>()) {
    Impl& m = *m_impl;
    m.path = path;
    m.display = display_path(path);
    if (path == "-") {
        m.fd = STDIN_FILENO;
    } else {
        m.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (m.fd < 0) {
            fail_open(path, errno);
        }
        m.owns_fd = true;
    }
    struct stat info {};
    if (::fstat(m.fd, &info) == 0) {
        if (S_ISDIR(info.st_mode)) {
            fail_open(path, EISDIR);
        }
        if (S_ISREG(info.st_mode)) {
            m.regular_size = static_cast<std::uint64_t>(info.st_size);
        }
    }
    // Enough bytes to recognise the compression: a pipe may hand them over in pieces.
    while (m.raw_end < sizeof(k_zstd_magic) && m.fill()) {
    }
    const unsigned char* head = m.raw.get();
    if (starts_with(head, m.raw_end, k_gzip_magic, sizeof(k_gzip_magic))) {
        m.compression = Compression::gzip;
        if (inflateInit2(&m.z, 16 + MAX_WBITS) != Z_OK) {
            throw std::bad_alloc();
        }
        m.z_ready = true;
    } else if (starts_with(head, m.raw_end, k_zstd_magic, sizeof(k_zstd_magic))) {
        m.compression = Compression::zstd;
        m.zstd = ZSTD_createDCtx();
        if (m.zstd == nullptr) {
            throw std::bad_alloc();
        }
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
    switch (m_impl->compression) {
    case Compression::gzip:
        return m_impl->read_gzip(out, size);
    case Compression::zstd:
        return m_impl->read_zstd(out, size);
    case Compression::none:
        break;
    }
    return m_impl->read_plain(out, size);
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
