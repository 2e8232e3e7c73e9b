#include "tracediff/read/tfrecord.hpp"

#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "crc32c.hpp"

namespace tracediff {

namespace {

constexpr std::size_t k_header_bytes = 12; // length and its CRC
constexpr std::size_t k_footer_bytes = 4;  // the data's CRC
constexpr std::size_t k_read_bytes = std::size_t{1} << 20;

std::uint64_t load_le64(const char* p) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) {
        v = v << 8 | static_cast<unsigned char>(p[i]);
    }
    return v;
}

// Reads exactly 4 bytes: a record's CRC may be the last bytes of the buffer.
std::uint32_t load_le32(const char* p) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) {
        v = v << 8 | static_cast<unsigned char>(p[i]);
    }
    return v;
}

} // namespace

bool looks_like_tfrecord(std::string_view head) {
    if (head.size() < k_header_bytes) {
        return false;
    }
    return mask_crc32c(crc32c(head.data(), 8)) == load_le32(head.data() + 8) &&
           load_le64(head.data()) <= k_max_tfrecord_bytes;
}

TfRecordReader::TfRecordReader(InputFile& input, std::string display)
    : m_source([&input](char* out, std::size_t n) { return input.read(out, n); }),
      m_display(std::move(display)) {}

TfRecordReader::TfRecordReader(ByteSource source, std::string display)
    : m_source(std::move(source)), m_display(std::move(display)) {}

void TfRecordReader::fail(std::uint64_t offset, const std::string& what) const {
    throw Error(fmt::format("{}: record at byte offset {}: {}", m_display, offset, what));
}

// Makes `bytes` bytes from m_begin available, reading as needed; false at the end of input.
bool TfRecordReader::ensure(std::size_t bytes) {
    while (m_end - m_begin < bytes && !m_eof) {
        if (m_begin > 0) {
            std::memmove(m_buffer.get(), m_buffer.get() + m_begin, m_end - m_begin);
            m_end -= m_begin;
            m_begin = 0;
        }
        const std::size_t want = std::max(bytes, m_end + k_read_bytes);
        if (m_capacity < want) {
            // Not zeroed: only the bytes read are ever looked at.
            auto bigger = std::make_unique_for_overwrite<char[]>(want);
            if (m_end > 0) {
                std::memcpy(bigger.get(), m_buffer.get(), m_end);
            }
            m_buffer = std::move(bigger);
            m_capacity = want;
        }
        const std::size_t got = m_source(m_buffer.get() + m_end, m_capacity - m_end);
        m_end += got;
        m_eof = got == 0;
    }
    return m_end - m_begin >= bytes;
}

bool TfRecordReader::next(std::string_view& data, std::uint64_t& offset) {
    offset = m_position;
    if (!ensure(k_header_bytes)) {
        if (m_end > m_begin) {
            m_truncation =
                fmt::format("{}: ignoring truncated final record at byte offset {} "
                            "({} of at least {} bytes)",
                            m_display, offset, m_end - m_begin, k_header_bytes + k_footer_bytes);
        }
        return false;
    }
    const char* header = m_buffer.get() + m_begin;
    const std::uint64_t length = load_le64(header);
    const std::uint32_t length_crc = mask_crc32c(crc32c(header, 8));
    if (length_crc != load_le32(header + 8)) {
        fail(offset, fmt::format("the CRC of its length does not match (stored {:#010x}, "
                                 "computed {:#010x}): the file is corrupt",
                                 load_le32(header + 8), length_crc));
    }
    if (length > k_max_tfrecord_bytes) {
        fail(offset, fmt::format("a record of {} bytes, larger than {} MiB", length,
                                 k_max_tfrecord_bytes >> 20));
    }
    const std::size_t total = k_header_bytes + static_cast<std::size_t>(length) + k_footer_bytes;
    if (!ensure(total)) {
        m_truncation =
            fmt::format("{}: ignoring truncated final record at byte offset {} ({} of {} bytes)",
                        m_display, offset, m_end - m_begin, total);
        return false;
    }
    const char* payload = m_buffer.get() + m_begin + k_header_bytes;
    const std::uint32_t data_crc = mask_crc32c(crc32c(payload, static_cast<std::size_t>(length)));
    const std::uint32_t stored = load_le32(payload + length);
    if (data_crc != stored) {
        fail(offset, fmt::format("the CRC of its data does not match (stored {:#010x}, "
                                 "computed {:#010x}): the file is corrupt",
                                 stored, data_crc));
    }
    data = std::string_view(payload, static_cast<std::size_t>(length));
    m_begin += total;
    m_position += total;
    return true;
}

} // namespace tracediff
