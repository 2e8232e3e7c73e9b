#include "live_reader.hpp"

#include "tracediff/error.hpp"
#include "tracediff/io/followed_file.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/read/input_format.hpp"

#include <fmt/format.h>

#include <sys/stat.h>
#include <unistd.h>

#include "live_event_files.hpp"
#include "live_job.hpp"

namespace tracediff::app {

namespace {

constexpr std::size_t k_read_size = std::size_t{64} << 10;

// Reads with `read` until it returns 0, splitting what comes into whole lines.
template <typename Read>
void read_lines(const std::string& path, std::size_t side, Read&& read, LiveQueue& queue) {
    std::string pending;
    std::vector<char> buffer(k_read_size);
    std::size_t lines = 0;
    for (;;) {
        const std::size_t got = read(buffer.data(), buffer.size());
        if (got == 0) {
            break;
        }
        pending.append(buffer.data(), got);
        std::vector<LiveEvent> batch;
        std::size_t start = 0;
        for (std::size_t nl = pending.find('\n'); nl != std::string::npos;
             nl = pending.find('\n', start)) {
            batch.push_back({LiveEvent::Kind::line, side, pending.substr(start, nl - start)});
            start = nl + 1;
        }
        lines += batch.size();
        pending.erase(0, start);
        if (pending.size() > k_max_line_bytes) {
            throw Error(fmt::format("{}:{}: a line longer than {} MiB; is this a trace?",
                                    display_path(path), lines + 1, k_max_line_bytes >> 20));
        }
        queue.push(std::move(batch));
    }
    std::vector<LiveEvent> last;
    if (!pending.empty()) {
        last.push_back({LiveEvent::Kind::line, side, std::move(pending), false});
    }
    last.push_back({LiveEvent::Kind::end, side, ""});
    queue.push(std::move(last));
}

// Reads a trace with `read`: the records of a TensorBoard event file, or else lines.
void read_trace_bytes(const std::string& path, std::size_t side, LiveBytes read, LiveQueue& queue) {
    TraceHead head(std::move(read));
    if (head.is_event_file()) {
        read_event_records(
            path, side, [&](char* out, std::size_t n) { return head.read(out, n); }, queue);
        queue.push({{LiveEvent::Kind::end, side, ""}});
        return;
    }
    read_lines(
        path, side, [&](char* out, std::size_t n) { return head.read(out, n); }, queue);
}

void read_source(std::size_t side, const LiveSource& source, LiveQueue& queue) {
    if (source.follow) {
        if (wait_for_folder(source)) {
            follow_run_folder(side, source, queue);
            return;
        }
        FollowedFile file(source.path, source.idle_timeout, source.writer_done.get());
        read_trace_bytes(
            source.path, side, [&](char* out, std::size_t n) { return file.read(out, n); }, queue);
        return;
    }
    InputFile file(source.path);
    read_trace_bytes(
        source.path, side, [&](char* out, std::size_t n) { return file.read(out, n); }, queue);
}

} // namespace

void LiveQueue::push(std::vector<LiveEvent> events) {
    if (events.empty()) {
        return;
    }
    {
        const std::lock_guard lock(m_mutex);
        if (m_closed) {
            return;
        }
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
    return std::exchange(m_events, {});
}

void LiveQueue::close() {
    const std::lock_guard lock(m_mutex);
    m_closed = true;
    m_events.clear();
}

void start_reader(std::size_t side, LiveSource source, std::shared_ptr<LiveQueue> queue) {
    std::thread([side, source = std::move(source), queue = std::move(queue)] {
        try {
            read_source(side, source, *queue);
        } catch (const Error& e) {
            queue->push({{LiveEvent::Kind::error, side, e.what()}});
        } catch (const std::bad_alloc&) {
            queue->push({{LiveEvent::Kind::error, side, "out of memory"}});
        }
    }).detach();
}

bool is_stream(const std::string& path) {
    struct stat st {};
    const int result = path == "-" ? ::fstat(STDIN_FILENO, &st) : ::stat(path.c_str(), &st);
    return result == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode));
}

} // namespace tracediff::app
