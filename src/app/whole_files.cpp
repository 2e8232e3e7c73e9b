#include "whole_files.hpp"

#include "tracediff/read/read_trace.hpp"

#include <algorithm>

namespace tracediff::app {

WholeFiles::WholeFiles(LiveCheck& live, LiveQueue& queue) : m_live(live), m_queue(queue) {}

WholeFiles::~WholeFiles() {
    for (const auto& file : m_files) {
        if (file->thread.joinable()) {
            file->thread.join();
        }
    }
}

void WholeFiles::start(std::size_t side, const std::string& path, const ReadOptions& options) {
    auto file = std::make_unique<File>();
    File* const f = file.get();
    f->side = side;
    m_live.hold();
    m_files.push_back(std::move(file));
    f->thread = std::thread([this, f, path, options] {
        try {
            f->trace = read_trace(path, options);
        } catch (...) {
            f->error = std::current_exception();
        }
        m_queue.push({{LiveEvent::Kind::file_read, f->side, ""}});
    });
}

bool WholeFiles::pending() const {
    return std::any_of(m_files.begin(), m_files.end(),
                       [](const auto& file) { return !file->given; });
}

void WholeFiles::arrived(std::size_t side, double seconds) {
    for (const auto& file : m_files) {
        if (file->side == side && !file->given) {
            give(*file, seconds);
        }
    }
    release_if_all_given(seconds);
}

void WholeFiles::end(std::size_t side, double seconds) {
    if (pending()) {
        m_ended.push_back(side);
    } else {
        m_live.end(side, seconds);
    }
}

void WholeFiles::wait_for_all(double seconds) {
    for (const auto& file : m_files) {
        if (!file->given) {
            give(*file, seconds);
        }
    }
    release_if_all_given(seconds);
}

void WholeFiles::give(File& file, double seconds) {
    file.thread.join();
    file.given = true;
    if (file.error) {
        std::rethrow_exception(file.error);
    }
    m_live.end_with(file.side, std::move(*file.trace), seconds);
    file.trace.reset();
}

void WholeFiles::release_if_all_given(double seconds) {
    if (m_files.empty() || pending()) {
        return;
    }
    m_live.release(seconds);
    for (const std::size_t side : m_ended) {
        if (!m_live.done()) {
            m_live.end(side, seconds);
        }
    }
    m_ended.clear();
}

} // namespace tracediff::app
