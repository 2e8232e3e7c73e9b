// Following a file while another program writes it (tracediff check --follow): reads what is
// there, then waits for more, until the writer is done.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

namespace tracediff {

class FollowedFile {
public:
    // The interval at which a file that does not grow is looked at again.
    static constexpr std::chrono::milliseconds k_poll{20};

    // Follows `path`, which need not exist yet. The file ends when `idle_timeout` seconds pass
    // without it growing (never, if nothing), or once `writer_done` is set and everything
    // written is read.
    FollowedFile(std::string path, std::optional<double> idle_timeout,
                 const std::atomic<bool>* writer_done);
    ~FollowedFile();
    FollowedFile(const FollowedFile&) = delete;
    FollowedFile& operator=(const FollowedFile&) = delete;

    // The file also ends, once what is written is read, when `ended` says so: it is asked
    // whenever the file has not grown since the last look (a run folder's next event file has
    // appeared, and TensorBoard writes no more to this one).
    void end_when(std::function<bool()> ended) { m_ended = std::move(ended); }

    // Reads up to `size` bytes, waiting until some are written; returns 0 only at the end.
    // Throws Error naming the file when it cannot be read, was never created, or was
    // rewritten rather than appended to: it shrank, another file took its name (device and
    // inode), or bytes already read changed (its first bytes, or the last ones read; a writer
    // that truncates and rewrites the file within one poll leaves it no smaller).
    std::size_t read(char* out, std::size_t size);

    // Bytes at the start of the file, and before the read offset, compared on every read.
    static constexpr std::size_t k_compared = 256;

private:
    bool open_if_there();
    void check_unchanged(std::size_t just_read);
    void note_read(const char* data, std::size_t size);

    // Whether the file still holds `kept` at byte `offset`.
    bool holds(const std::string& kept, std::size_t offset) const;

    std::string m_path;
    std::optional<double> m_idle_timeout;
    const std::atomic<bool>* m_writer_done;
    std::function<bool()> m_ended;
    int m_fd = -1;
    std::size_t m_offset = 0;
    std::size_t m_largest_size = 0; // the largest size the file had
    std::string m_head;             // its first bytes (k_compared at most)
    std::string m_tail;             // the bytes before m_offset (k_compared at most)
    std::chrono::steady_clock::time_point m_last_growth;
};

} // namespace tracediff
