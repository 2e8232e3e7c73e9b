// TFRecord framing, the container of TensorBoard event files: records one after another, each
//   u64 length | u32 masked CRC-32C of the 8 length bytes | data | u32 masked CRC-32C of data
// (little-endian). Every CRC is checked: a mismatch is corruption, an error naming the byte
// offset of the record. An input that ends inside a record was cut short (a writer still
// appending, a copy taken mid-write): the reader stops there and says so. A live check reads
// an event file as it grows through a byte source that waits for more (a followed file): a
// record cut at the end then waits for its rest.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tracediff {

class InputFile;

// Records longer than this are refused: no event is that large.
inline constexpr std::uint64_t k_max_tfrecord_bytes = std::uint64_t{256} << 20;

// True when `head` starts with a TFRecord header whose length CRC matches.
bool looks_like_tfrecord(std::string_view head);

class TfRecordReader {
public:
    // Reads up to n bytes into out; 0 only at the end of the input.
    using ByteSource = std::function<std::size_t(char* out, std::size_t n)>;

    // `display` names the input in messages.
    TfRecordReader(InputFile& input, std::string display);
    TfRecordReader(ByteSource source, std::string display);

    // The next record's data (valid until the next call) and the byte offset of its header;
    // false at the end of the input, or where it ends inside a record (see truncation()).
    // Throws Error on a CRC mismatch or an oversized record.
    bool next(std::string_view& data, std::uint64_t& offset);

    // When the input ended inside a record: the warning, "PATH: ignoring truncated final
    // record at byte offset N (M of K bytes)".
    const std::optional<std::string>& truncation() const { return m_truncation; }

private:
    bool ensure(std::size_t bytes);
    [[noreturn]] void fail(std::uint64_t offset, const std::string& what) const;

    ByteSource m_source;
    std::string m_display;
    std::unique_ptr<char[]> m_buffer;
    std::size_t m_capacity = 0;
    std::size_t m_begin = 0;      // first byte not yet handed out
    std::size_t m_end = 0;        // end of the bytes read
    std::uint64_t m_position = 0; // file offset of m_buffer[m_begin]
    bool m_eof = false;
    std::optional<std::string> m_truncation;
};

} // namespace tracediff
