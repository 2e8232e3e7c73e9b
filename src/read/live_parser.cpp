#include "tracediff/read/live_parser.hpp"

#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/read/input_format.hpp"
#include "tracediff/read/line_record_parser.hpp"
#include "tracediff/read/trace_parser.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "format_list.hpp"
#include "tensorboard_events.hpp"

namespace tracediff {

namespace {

// What a trainer may print before its first step record: beyond this, the input is not a
// trace of a format read live.
constexpr std::size_t k_max_waiting_bytes = std::size_t{16} << 20;

constexpr std::string_view k_live_formats =
    "JSON Lines, TensorBoard event files, or a trainer's output: text with --pattern, "
    "megatron-log, torchtitan-log, nanogpt-log, mllog";

constexpr std::string_view k_tensorboard = "tensorboard";

bool is_json_format(std::string_view name) {
    return name == "jsonl" || name == "trace";
}

} // namespace

LiveParser::LiveParser(std::string path, ReadOptions options)
    : m_path(std::move(path)), m_options(std::move(options)) {
    if (!m_options.format.empty()) {
        start(m_options.format);
    }
}

LiveParser::~LiveParser() = default;

void LiveParser::start(const std::string& format) {
    if (format == k_tensorboard) {
        m_format = format; // its reader starts with its first file (add_event_file)
        return;
    }
    if (is_json_format(format)) {
        m_trace = std::make_unique<TraceParser>(m_path, m_options);
        m_trace->reserve(m_reserve);
    } else {
        m_lines = make_line_record_parser(format, m_path, m_options);
        if (!m_lines) {
            throw Error(fmt::format("--from {}: {} logs are read whole from regular files; a "
                                    "live check (standard input, a FIFO, --follow, -- COMMAND) "
                                    "reads {}",
                                    format, format, k_live_formats));
        }
    }
    m_format = is_json_format(format) ? "jsonl" : format;
}

// The format of the input, as reading it whole would find it: the first non-blank line is
// recognised by any format (JSON Lines, a trainer's step record, a text log's pattern; a format
// read whole only is refused); after a first line that is none of them, only a trainer's step
// record decides (a config dict or a line of numbers a trainer prints later does not). Lines
// before wait.
void LiveParser::choose(std::string_view line) {
    const std::size_t line_no = m_waiting.size() + 1;
    const std::size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) {
        return; // blank
    }
    if (m_first_line_seen) {
        // Behind a first line of its own, as in the head of the file: a line of two numbers
        // is a torchtitan loss file only as the first line.
        const std::string_view format = stdout_format_of(".\n" + std::string(line) + "\n");
        if (!format.empty()) {
            start(std::string(format));
        }
        return; // another line a trainer prints: wait for a record
    }
    m_first_line_seen = true;
    const std::size_t last = line.find_last_not_of(" \t\r");
    if (first == last && (line[first] == '{' || line[first] == '[')) {
        throw Error(fmt::format("{}:{}: a JSON document (trainer_state.json, golden values) is "
                                "read whole from a regular file; a live check (standard input, a "
                                "FIFO, --follow, -- COMMAND) reads {}",
                                display_path(m_path), line_no, k_live_formats));
    }
    const InputFormat* format = nullptr;
    try {
        format = &recognise_format(std::string(line) + "\n", m_path, m_options);
    } catch (const Error&) {
        if (line[first] == '{') {
            start("jsonl"); // the parser says what is wrong with the line
        }
        return; // a banner: wait for a trainer's step record
    }
    if (!is_json_format(format->name) &&
        !make_line_record_parser(format->name, m_path, m_options)) {
        throw Error(fmt::format("{}:{}: {} logs are read whole from regular files; a live check "
                                "(standard input, a FIFO, --follow, -- COMMAND) reads {}",
                                display_path(m_path), line_no, format->name, k_live_formats));
    }
    start(std::string(format->name));
}

void LiveParser::add_line(std::string_view line, bool terminated) {
    if (m_format.empty()) {
        choose(line);
        if (m_format.empty()) {
            m_waiting_bytes += line.size() + 1;
            if (m_waiting_bytes > k_max_waiting_bytes) {
                throw Error(fmt::format("{}: no line of the first {} MiB is a step record of a "
                                        "format a live check reads ({})",
                                        display_path(m_path), k_max_waiting_bytes >> 20,
                                        k_live_formats));
            }
            m_waiting.emplace_back(line);
            return;
        }
        std::vector<std::string> waiting = std::move(m_waiting);
        m_waiting.clear();
        for (const std::string& w : waiting) {
            add_line(w);
        }
    }
    if (m_trace) {
        m_trace->add_line(line);
    } else if (m_format == k_tensorboard) {
        throw Error(fmt::format("{}: not a TensorBoard event file: its first bytes are no TFRecord "
                                "header (--from tensorboard)",
                                display_path(m_path)));
    } else {
        m_lines->add_line(line, terminated);
    }
}

void LiveParser::add_lines(std::string_view block) {
    // Line by line while the format is chosen, and for the line formats.
    while (!block.empty() && !m_trace) {
        const std::size_t newline = block.find('\n');
        const bool terminated = newline != std::string_view::npos;
        add_line(block.substr(0, terminated ? newline : block.size()), terminated);
        block.remove_prefix(terminated ? newline + 1 : block.size());
    }
    if (!block.empty()) {
        m_trace->add_padded_lines(block);
    }
}

void LiveParser::add_event_file(const std::string& file) {
    if (m_format.empty()) {
        if (!m_waiting.empty()) {
            throw Error(fmt::format("{}: lines of text, then TensorBoard event records",
                                    display_path(m_path)));
        }
        start(std::string(k_tensorboard));
    }
    if (m_format != k_tensorboard) {
        throw Error(fmt::format("{}: a TensorBoard event file, not {} (--from {})",
                                display_path(file), m_format, m_options.format));
    }
    if (!m_events) {
        m_events = std::make_unique<EventReader>(m_path, m_options, std::make_shared<EventFiles>());
    }
    m_events->files().paths.push_back(file);
}

void LiveParser::add_event_record(std::string_view data, std::uint64_t offset) {
    m_events->add_record(data, m_events->files().paths.size() - 1, offset);
}

void LiveParser::add_event_truncation(const std::string& warning) {
    m_events->note_truncation(warning);
}

// The step records so far of the parser the format chose; null before it is known.
const StepTable* LiveParser::table_or_null() const {
    return m_trace    ? &m_trace->table()
           : m_lines  ? &m_lines->table()
           : m_events ? &m_events->table()
                      : nullptr;
}

const StepTable& LiveParser::table() const {
    return *table_or_null();
}

void LiveParser::reserve(std::size_t records) {
    m_reserve = records;
    if (m_trace) {
        m_trace->reserve(records);
    }
}

std::size_t LiveParser::step_records() const {
    return table_or_null() != nullptr ? table_or_null()->size() : 0;
}

std::optional<Trace> LiveParser::snapshot(std::size_t records) const {
    return m_trace    ? m_trace->snapshot(records)
           : m_lines  ? m_lines->snapshot(records)
           : m_events ? m_events->snapshot(records)
                      : std::nullopt;
}

Trace LiveParser::finish() {
    if (m_format == k_tensorboard) {
        if (!m_events) { // nothing was written: says so as the whole-file read does
            m_events =
                std::make_unique<EventReader>(m_path, m_options, std::make_shared<EventFiles>());
            m_events->files().paths.push_back(m_path);
        }
        // As the whole-file read names the input: a run folder as given, a file displayed.
        const std::vector<std::string>& files = m_events->files().paths;
        return m_events->finish(files.size() == 1 && files[0] == m_path ? display_path(m_path)
                                                                        : m_path);
    }
    if (m_format.empty()) {
        const bool only_blank =
            std::all_of(m_waiting.begin(), m_waiting.end(), [](const std::string& l) {
                return l.find_first_not_of(" \t\r") == std::string::npos;
            });
        if (!only_blank) {
            throw Error(fmt::format("{}: no line is a step record of a format a live check reads "
                                    "({}); {} lines read",
                                    display_path(m_path), k_live_formats, m_waiting.size()));
        }
        start("jsonl"); // says the input is empty, as reading the file whole would
        for (const std::string& w : m_waiting) {
            m_trace->add_line(w);
        }
    }
    return m_trace ? m_trace->finish() : m_lines->finish();
}

} // namespace tracediff
