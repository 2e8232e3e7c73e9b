#include "live_event_files.hpp"

#include "tracediff/error.hpp"
#include "tracediff/io/followed_file.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/read/tfrecord.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>

#include "live_reader.hpp"

namespace tracediff::app {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::size_t k_header_bytes = 12; // a TFRecord's length and its CRC

LiveEvent event_of(LiveEvent::Kind kind, std::size_t side, std::string text,
                   std::uint64_t offset = 0) {
    LiveEvent event{kind, side, std::move(text)};
    event.offset = offset;
    return event;
}

bool starts_like_event_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char head[k_header_bytes];
    return in.read(head, sizeof head) && looks_like_tfrecord(std::string_view(head, sizeof head));
}

// The first event file of `folder` whose name comes after `after`'s, in name order.
std::optional<std::string> next_event_file(const std::string& folder, const std::string& after) {
    std::vector<std::string> later;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        if (entry.path().string() > after && entry.is_regular_file(ec)) {
            later.push_back(entry.path().string());
        }
    }
    std::sort(later.begin(), later.end());
    const auto first = std::find_if(later.begin(), later.end(), starts_like_event_file);
    return first == later.end() ? std::nullopt : std::optional(*first);
}

bool idle_for(const LiveSource& source, Clock::time_point since) {
    return source.idle_timeout &&
           std::chrono::duration<double>(Clock::now() - since).count() >= *source.idle_timeout;
}

bool writer_done(const LiveSource& source) {
    return source.writer_done != nullptr && source.writer_done->load();
}

} // namespace

TraceHead::TraceHead(LiveBytes read) : m_read(std::move(read)) {
    char buffer[k_header_bytes];
    while (m_head.size() < k_header_bytes && m_head.find('\n') == std::string::npos) {
        const std::size_t got = m_read(buffer, k_header_bytes - m_head.size());
        if (got == 0) {
            break;
        }
        m_head.append(buffer, got);
    }
    m_event_file = looks_like_tfrecord(m_head);
}

std::size_t TraceHead::read(char* out, std::size_t n) {
    if (m_handed < m_head.size()) {
        const std::size_t count = std::min(n, m_head.size() - m_handed);
        std::memcpy(out, m_head.data() + m_handed, count);
        m_handed += count;
        return count;
    }
    return m_read(out, n);
}

void read_event_records(const std::string& file, std::size_t side, const LiveBytes& read,
                        LiveQueue& queue) {
    queue.push({event_of(LiveEvent::Kind::event_file, side, file)});
    TfRecordReader records(read, display_path(file));
    std::string_view data;
    std::uint64_t offset = 0;
    while (records.next(data, offset)) {
        queue.push({event_of(LiveEvent::Kind::event_record, side, std::string(data), offset)});
    }
    if (records.truncation()) {
        queue.push({event_of(LiveEvent::Kind::event_cut, side, *records.truncation())});
    }
}

bool wait_for_folder(const LiveSource& source) {
    const Clock::time_point start = Clock::now();
    std::error_code ec;
    for (;;) {
        const bool done = writer_done(source);
        if (fs::exists(source.path, ec)) {
            return fs::is_directory(source.path, ec);
        }
        if (done || idle_for(source, start)) {
            throw Error(fmt::format("cannot open '{}': it was never created{}", source.path,
                                    done ? " (the command ended)"
                                         : fmt::format(" (waited {:g} s)", *source.idle_timeout)));
        }
        std::this_thread::sleep_for(FollowedFile::k_poll);
    }
}

void follow_run_folder(std::size_t side, const LiveSource& source, LiveQueue& queue) {
    const Clock::time_point start = Clock::now();
    std::string last; // the event file followed last
    for (;;) {
        const bool done = writer_done(source);
        const std::optional<std::string> next = next_event_file(source.path, last);
        if (next) {
            FollowedFile file(*next, source.idle_timeout, source.writer_done.get());
            file.end_when([&] { return next_event_file(source.path, *next).has_value(); });
            read_event_records(
                *next, side, [&](char* out, std::size_t n) { return file.read(out, n); }, queue);
            last = *next;
        } else if (!last.empty() || done || idle_for(source, start)) {
            break; // a file ends when a later one appears, the writer is done, or it idles
        } else {
            std::this_thread::sleep_for(FollowedFile::k_poll);
        }
    }
    if (last.empty()) {
        throw Error(fmt::format("{}: a folder without TensorBoard event files (tracediff reads a "
                                "folder as a TensorBoard run: the event files in it)",
                                source.path));
    }
    queue.push({event_of(LiveEvent::Kind::end, side, "")});
}

} // namespace tracediff::app
