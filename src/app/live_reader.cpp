#include "live_reader.hpp"

#include "tracediff/error.hpp"
#include "tracediff/io/followed_file.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/io/line_splitter.hpp"
#include "tracediff/io/output_file.hpp"
#include "tracediff/read/fast_line.hpp"
#include "tracediff/read/input_format.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <sys/stat.h>
#include <unistd.h>

#include "live_event_files.hpp"
#include "live_job.hpp"

namespace tracediff::app {

namespace {

// At most this much is read at once; a pipe gives what it holds, so the check sees each line
// as soon as it is written, and bigger pieces as a fast writer runs ahead. As much as a pipe
// holds by default: each block keeps the buffer it was read into.
constexpr std::size_t k_read_size = std::size_t{64} << 10;

// Writes `n` bytes to standard error, as far as it takes them.
void echo_to_stderr(const char* data, std::size_t n) {
    while (n > 0) {
        const ssize_t written = ::write(STDERR_FILENO, data, n);
        if (written < 0 && errno == EINTR) {
            continue;
        }
        if (written <= 0) {
            return; // standard error is gone: the check goes on without the echo
        }
        data += written;
        n -= static_cast<std::size_t>(written);
    }
}

// Reads with `read` until it returns 0 (echoing what comes to standard error, with `echo`),
// and hands on the whole lines of each read at once, padded, as LiveEvent::Kind::lines, in the
// buffer they were read into (the next read goes to one the check is done with,
// LiveQueue::spare): the check parses them where they lie.
template <typename Read>
void read_lines(const std::string& path, std::size_t side, Read&& read, bool echo,
                LiveQueue& queue) {
    LineSplitter splitter(path, k_max_line_bytes, k_line_padding);
    const auto hand_on = [&](std::string_view lines) {
        if (!lines.empty()) {
            LiveEvent e{LiveEvent::Kind::lines, side, splitter.take(queue.spare())};
            e.length = lines.size();
            queue.push({std::move(e)});
        }
    };
    for (;;) {
        char* out = splitter.room(k_read_size);
        const std::size_t got = read(out, k_read_size);
        if (got == 0) {
            break;
        }
        if (echo) {
            echo_to_stderr(out, got);
        }
        hand_on(splitter.commit(got));
    }
    hand_on(splitter.finish());
    queue.push({{LiveEvent::Kind::end, side, ""}});
}

// Reads a trace with `read`: the records of a TensorBoard event file (never echoed: they are
// not text), or else lines.
void read_trace_bytes(const std::string& path, std::size_t side, LiveBytes read, bool echo,
                      LiveQueue& queue) {
    TraceHead head(std::move(read));
    if (head.is_event_file()) {
        read_event_records(
            path, side, [&](char* out, std::size_t n) { return head.read(out, n); }, queue);
        queue.push({{LiveEvent::Kind::end, side, ""}});
        return;
    }
    read_lines(
        path, side, [&](char* out, std::size_t n) { return head.read(out, n); }, echo, queue);
}

void read_source(std::size_t side, const LiveSource& source, LiveQueue& queue) {
    if (source.follow) {
        if (wait_for_folder(source)) {
            follow_run_folder(side, source, queue);
            return;
        }
        FollowedFile file(source.path, source.idle_timeout, source.writer_done.get());
        read_trace_bytes(
            source.path, side, [&](char* out, std::size_t n) { return file.read(out, n); },
            source.echo, queue);
        return;
    }
    InputFile file(source.path, StreamWait{source.idle_timeout, source.writer_done.get()});
    try {
        read_trace_bytes(
            source.path, side, [&](char* out, std::size_t n) { return file.read(out, n); },
            source.echo, queue);
    } catch (const Error& e) {
        if (!source.echo) {
            throw;
        }
        // The command's output: what it writes after an error is still drained and echoed,
        // or the command would block on a full pipe while it is stopped or finishes.
        queue.push({{LiveEvent::Kind::error, side, e.what()}});
        std::vector<char> buffer(k_read_size);
        for (std::size_t got = 0; (got = file.read(buffer.data(), buffer.size())) > 0;) {
            echo_to_stderr(buffer.data(), got);
        }
    }
}

} // namespace

void LiveQueue::push(std::vector<LiveEvent> events) {
    if (events.empty()) {
        return;
    }
    std::size_t bytes = 0;
    for (const LiveEvent& e : events) {
        bytes += e.kind == LiveEvent::Kind::lines ? e.length : e.text.size();
    }
    {
        std::unique_lock lock(m_mutex);
        // Only text waits for room: an end or the command's exit never blocks (the command's
        // waiter may push its exit while the check unwinds and pops no more).
        m_room.wait(lock, [&] { return m_closed || bytes == 0 || m_bytes <= k_max_queued_bytes; });
        if (m_closed) {
            return;
        }
        m_bytes += bytes;
        if (m_events.empty()) {
            m_events = std::move(events);
        } else {
            m_events.insert(m_events.end(), std::make_move_iterator(events.begin()),
                            std::make_move_iterator(events.end()));
        }
    }
    m_ready.notify_one();
}

std::vector<LiveEvent> LiveQueue::pop_all() {
    std::unique_lock lock(m_mutex);
    m_ready.wait(lock, [this] { return !m_events.empty(); });
    m_bytes = 0;
    m_room.notify_all();
    return std::exchange(m_events, {});
}

void LiveQueue::recycle(std::string text) {
    const std::lock_guard lock(m_mutex);
    // A block grown for a long line is let go.
    if (m_spare.size() < k_max_spare && text.capacity() <= k_max_spare_bytes && !m_closed) {
        m_spare.push_back(std::move(text));
    }
}

std::string LiveQueue::spare() {
    const std::lock_guard lock(m_mutex);
    if (m_spare.empty()) {
        return {};
    }
    std::string text = std::move(m_spare.back());
    m_spare.pop_back();
    return text;
}

void LiveQueue::close() {
    {
        const std::lock_guard lock(m_mutex);
        m_closed = true;
        m_events.clear();
        m_bytes = 0;
        m_spare.clear();
    }
    m_room.notify_all();
}

void start_reader(std::size_t side, LiveSource source, std::shared_ptr<LiveQueue> queue) {
    // A signal to tracediff is handled on the main thread, which stops the command before
    // anything else is reported (child_process.cpp).
    with_interrupts_blocked([&] {
        std::thread([side, source = std::move(source), queue = std::move(queue)] {
            try {
                read_source(side, source, *queue);
            } catch (const Error& e) {
                queue->push({{LiveEvent::Kind::error, side, e.what()}});
            } catch (const std::bad_alloc&) {
                queue->push({{LiveEvent::Kind::error, side, "out of memory"}});
            }
        }).detach();
    });
}

bool is_stream(const std::string& path) {
    struct stat st {};
    const int result = path == "-" ? ::fstat(STDIN_FILENO, &st) : ::stat(path.c_str(), &st);
    return result == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode));
}

} // namespace tracediff::app
