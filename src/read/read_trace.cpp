#include "tracediff/read/read_trace.hpp"

#include "tracediff/error.hpp"
#include "tracediff/io/file_identity.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/io/trace_path.hpp"
#include "tracediff/read/fast_line.hpp"
#include "tracediff/read/input_format.hpp"
#include "tracediff/read/trace_parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <memory>
#include <new>

#include "file_runs.hpp"
#include "format_list.hpp"
#include "line_feed.hpp"

namespace tracediff {

namespace {

// Content is handed on in chunks of whole lines of about this size.
constexpr std::size_t k_chunk = std::size_t{1} << 20;
// Records reserved ahead at most, judged by the file's size (the columns grow past it).
constexpr double k_max_reserved = 16.0 * 1024 * 1024;
// Bytes of the content a format sees to recognise it.
constexpr std::size_t k_head_bytes = std::size_t{64} << 10;

[[noreturn]] void fail_long_line(const std::string& path, std::size_t lines_read) {
    throw Error(fmt::format("{}:{}: a line longer than {} MiB; is this a trace?",
                            display_path(path), lines_read + 1, k_max_line_bytes >> 20));
}

// A buffer of content read from the input and not yet handed on, with k_line_padding spare
// bytes after it so that the fast path parses lines in place.
class LineBuffer {
public:
    // Moves the bytes not handed on yet to the front, and makes room for another chunk.
    void compact() {
        if (m_start > 0) {
            std::memmove(m_data.get(), m_data.get() + m_start, m_size - m_start);
            m_size -= m_start;
            m_start = 0;
        }
        if (m_size + k_chunk + k_line_padding > m_capacity) {
            // A line longer than a chunk: grow.
            const std::size_t capacity = 2 * m_size + k_chunk + k_line_padding;
            auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
            std::memcpy(bigger.get(), m_data.get(), m_size);
            m_data = std::move(bigger);
            m_capacity = capacity;
        }
    }

    // Reads the next chunk; false at the end of the input.
    bool fill(InputFile& input) {
        m_old_size = m_size;
        const std::size_t got = input.read(m_data.get() + m_size, k_chunk);
        m_size += got;
        std::memset(m_data.get() + m_size, 0, k_line_padding);
        return got > 0;
    }

    // The whole lines that the last chunk completed (ending with '\n'); empty if none. They
    // count as handed on.
    std::string_view take_lines() {
        // Only the new bytes can hold a newline: searching all of a long line again for every
        // chunk would take quadratic time.
        const std::string_view text(m_data.get(), m_size);
        const std::size_t newline = text.substr(m_old_size).rfind('\n');
        if (newline == std::string_view::npos) {
            return {};
        }
        const std::size_t end = m_old_size + newline + 1;
        m_start = end;
        return text.substr(0, end);
    }

    // What is left after the last newline.
    std::string_view rest() const { return std::string_view(m_data.get(), m_size).substr(m_start); }
    // Bytes not handed on yet.
    std::size_t pending() const { return m_size - m_start; }
    // Bytes handed on since the last compact().
    std::size_t taken() const { return m_start; }

private:
    std::size_t m_capacity = k_chunk + k_line_padding;
    std::unique_ptr<char[]> m_data = std::make_unique_for_overwrite<char[]>(m_capacity);
    std::size_t m_size = 0;     // bytes of content in the buffer
    std::size_t m_start = 0;    // first byte not yet handed on
    std::size_t m_old_size = 0; // m_size before the last fill
};

// Reserves room for the records of the whole file, judged by its first chunk, so that the
// columns do not grow by copying. Untouched reserved pages cost no memory.
void reserve_for_file(TraceParser& parser, std::size_t bytes_read, std::uint64_t file_size) {
    const std::size_t records = parser.step_records();
    if (records == 0) {
        return; // a first chunk without step records (blank lines, say) tells nothing
    }
    const double per_record = static_cast<double>(bytes_read) / static_cast<double>(records);
    // At most k_max_reserved: a sparse file of a terabyte must not reserve its guess at once.
    const double estimate = static_cast<double>(file_size) / per_record * 1.05 + 1024.0;
    parser.reserve(static_cast<std::size_t>(std::min(estimate, k_max_reserved)));
}

} // namespace

void feed_line_blocks(InputFile& input, const std::string& path, const LineFeed& feed) {
    LineBuffer buffer;
    bool sized = false;
    for (;;) {
        buffer.compact();
        if (buffer.pending() > k_max_line_bytes) {
            fail_long_line(path, feed.lines_read());
        }
        if (!buffer.fill(input)) {
            break;
        }
        const std::string_view lines = buffer.take_lines();
        if (lines.empty()) {
            continue; // no complete line yet
        }
        feed.block(lines);
        if (const auto file_size = input.plain_size(); !sized && feed.sized && file_size) {
            sized = true;
            feed.sized(buffer.taken(), *file_size);
        }
    }
    if (buffer.pending() > 0) {
        if (buffer.pending() > k_max_line_bytes) {
            fail_long_line(path, feed.lines_read());
        }
        feed.block(buffer.rest());
    }
}

void feed_lines(InputFile& input, const std::string& path, TraceParser& parser) {
    feed_line_blocks(input, path,
                     {[&](std::string_view block) { parser.add_padded_lines(block); },
                      [&] { return parser.lines_read(); },
                      [&](std::size_t bytes, std::uint64_t file_size) {
                          reserve_for_file(parser, bytes, file_size);
                      }});
}

Trace parse_trace(std::string_view text, const std::string& path, const ReadOptions& options) {
    TraceParser parser(path, options);
    std::string padded;
    padded.reserve(text.size() + k_line_padding);
    padded.append(text);
    padded.append(k_line_padding, '\0');
    // Blocks of about 1 MiB of whole lines, as read_trace hands them on.
    const std::string_view all = std::string_view(padded).substr(0, text.size());
    std::size_t pos = 0;
    while (pos < all.size()) {
        std::size_t end = all.size();
        if (all.size() - pos > k_chunk) {
            const std::size_t newline = all.find('\n', pos + k_chunk);
            end = newline == std::string_view::npos ? all.size() : newline + 1;
        }
        parser.add_padded_lines(all.substr(pos, end - pos));
        pos = end;
    }
    return parser.finish();
}

namespace {

// The files a trace path reads: a folder's event files, or the path itself (FILE of
// FILE#RUN, the run folder of FOLDER#RUN).
std::vector<std::string> files_read_by(const std::string& argument) {
    const std::string path = split_trace_path(argument).content_path();
    std::error_code ec;
    if (path != "-" && std::filesystem::is_directory(path, ec)) {
        return event_files_in(path);
    }
    return {path};
}

} // namespace

bool read_same_file(const std::string& a, const std::string& b) {
    const TracePath trace_a = split_trace_path(a);
    const TracePath trace_b = split_trace_path(b);
    if (trace_a.picks_run && trace_b.picks_run && trace_a.run != trace_b.run) {
        return false; // two runs of one file, or of two
    }
    if (same_file(trace_a.file, trace_b.file)) {
        return true;
    }
    const std::vector<std::string> files_a = files_read_by(a);
    const std::vector<std::string> files_b = files_read_by(b);
    return std::any_of(files_a.begin(), files_a.end(), [&](const std::string& x) {
        return std::any_of(files_b.begin(), files_b.end(),
                           [&](const std::string& y) { return same_file(x, y); });
    });
}

namespace {

Trace read_file_or_folder(const std::string& path, const ReadOptions& options) {
    const InputFormat* named = options.format.empty() ? nullptr : &format_named(options.format);
    std::error_code ec;
    if (path != "-" && std::filesystem::is_directory(path, ec) &&
        (named == nullptr || named == &k_tensorboard_format)) {
        Trace trace = read_tensorboard_run(path, options);
        trace.format = std::string(k_tensorboard_format.name);
        return trace;
    }
    InputFile input(path);
    return read_trace(input, path, options);
}

} // namespace

Trace read_trace(const std::string& path, const ReadOptions& options) {
    refuse_nul_byte(path); // before the path is looked at as a folder
    const TracePath source = split_trace_path(path);
    if (!source.picks_run) {
        return read_file_or_folder(path, options);
    }
    if (source.run.empty()) {
        throw Error(
            fmt::format("{}: no run after '#' (FILE#RUN picks the run RUN out of FILE)", path));
    }
    ReadOptions picked = options;
    picked.run = source.run;
    Trace trace = read_file_or_folder(source.file, picked);
    trace.path = path;
    return trace;
}

Trace read_trace(InputFile& input, const std::string& path, const ReadOptions& options) {
    const InputFormat& format = !options.format.empty()
                                    ? format_named(options.format)
                                    : recognise_format(input.peek(k_head_bytes), path, options);
    if (!options.run.empty() && &format != &k_csv_format && &format != &k_tsv_format) {
        refuse_run_of_single_run_format(display_path(path), options.run, std::string(format.name));
    }
    try {
        Trace trace = format.read(input, path, options);
        trace.format = std::string(format.name);
        return trace;
    } catch (const std::bad_alloc&) {
        const auto size = input.plain_size();
        throw Error(fmt::format("{}: out of memory reading {}", display_path(path),
                                size ? "a file of " + describe_size(*size) : "it"));
    }
}

} // namespace tracediff
