#include "decompress.hpp"

#include "tracediff/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <new>
#include <zlib.h>
#include <zstd.h>

namespace tracediff {

namespace {

[[noreturn]] void fail_corrupt(const RawFile& file, const char* format, const char* reason) {
    throw Error(fmt::format("{}: corrupt {} data: {}", file.display(), format, reason));
}

[[noreturn]] void fail_truncated(const RawFile& file, const char* format) {
    throw Error(fmt::format("{}: truncated {} data: the file ends inside the compressed stream",
                            file.display(), format));
}

class GzipReader final : public Decompressor {
public:
    explicit GzipReader(RawFile& file) : m_file(file) {
        if (inflateInit2(&m_z, 16 + MAX_WBITS) != Z_OK) {
            throw std::bad_alloc();
        }
    }
    ~GzipReader() override { inflateEnd(&m_z); }
    GzipReader(const GzipReader&) = delete;
    GzipReader& operator=(const GzipReader&) = delete;

    std::size_t read(char* out, std::size_t size) override {
        const auto limit = static_cast<uInt>(std::min<std::size_t>(size, 1U << 30));
        m_z.next_out = reinterpret_cast<Bytef*>(out);
        m_z.avail_out = limit;
        while (m_z.avail_out == limit) {
            if (m_file.available() == 0) {
                m_file.fill();
            }
            const bool no_input = m_file.available() == 0;
            if (m_member_done) {
                if (no_input) {
                    return 0; // the end, after a whole member
                }
                inflateReset(&m_z); // another member follows
                m_member_done = false;
            }
            if (no_input) {
                fail_truncated(m_file, "gzip");
            }
            inflate_some();
        }
        return limit - m_z.avail_out;
    }

private:
    void inflate_some() {
        m_z.next_in = const_cast<Bytef*>(m_file.data());
        m_z.avail_in = static_cast<uInt>(m_file.available());
        const int status = inflate(&m_z, Z_NO_FLUSH);
        m_file.consume(m_file.available() - m_z.avail_in);
        if (status == Z_STREAM_END) {
            m_member_done = true;
        } else if (status == Z_NEED_DICT) {
            fail_corrupt(m_file, "gzip", "a preset dictionary is needed");
        } else if (status == Z_MEM_ERROR) {
            throw std::bad_alloc();
        } else if (status != Z_OK && status != Z_BUF_ERROR) {
            fail_corrupt(m_file, "gzip", m_z.msg != nullptr ? m_z.msg : "inflate failed");
        }
    }

    RawFile& m_file;
    z_stream m_z{};
    bool m_member_done = false;
};

class ZstdReader final : public Decompressor {
public:
    explicit ZstdReader(RawFile& file) : m_file(file), m_ctx(ZSTD_createDCtx()) {
        if (m_ctx == nullptr) {
            throw std::bad_alloc();
        }
    }
    ~ZstdReader() override { ZSTD_freeDCtx(m_ctx); }
    ZstdReader(const ZstdReader&) = delete;
    ZstdReader& operator=(const ZstdReader&) = delete;

    std::size_t read(char* out, std::size_t size) override {
        ZSTD_outBuffer output{out, size, 0};
        while (output.pos == 0) {
            if (m_file.available() == 0) {
                m_file.fill();
            }
            ZSTD_inBuffer input{m_file.data(), m_file.available(), 0};
            const bool no_input = input.size == 0;
            if (no_input && m_hint == 0) {
                return 0; // the end, after a whole frame
            }
            const std::size_t hint = ZSTD_decompressStream(m_ctx, &output, &input);
            m_file.consume(input.pos);
            if (ZSTD_isError(hint) != 0) {
                fail_corrupt(m_file, "zstd", ZSTD_getErrorName(hint));
            }
            m_hint = hint;
            if (no_input && output.pos == 0) {
                fail_truncated(m_file, "zstd"); // no more input, yet the frame is not complete
            }
        }
        return output.pos;
    }

private:
    RawFile& m_file;
    ZSTD_DCtx* m_ctx;
    std::size_t m_hint = 1; // ZSTD_decompressStream's last answer: 0 when a frame is complete
};

} // namespace

std::unique_ptr<Decompressor> make_gzip_reader(RawFile& file) {
    return std::make_unique<GzipReader>(file);
}

std::unique_ptr<Decompressor> make_zstd_reader(RawFile& file) {
    return std::make_unique<ZstdReader>(file);
}

} // namespace tracediff
