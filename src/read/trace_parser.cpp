#include "tracediff/read/trace_parser.hpp"

#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/read/fast_line.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <limits>

#include "json_member.hpp"
#include "line_preparse.hpp"
#include "number_text.hpp"
#include "tolerant_line.hpp"
#include "trace_lines.hpp"

namespace tracediff {

namespace {

// The step member of a record that does not name one: the first default that it has, in any
// case.
std::string detect_step_key(const Json& record) {
    std::vector<std::string> keys;
    for (const auto& [key, value] : record.items()) {
        keys.push_back(key);
    }
    return default_step_key(keys);
}

// Whether a bare CR in the line is followed by the start of another record: CR line ends.
bool joined_by_cr(std::string_view line) {
    for (auto cr = line.find('\r'); cr != std::string_view::npos; cr = line.find('\r', cr + 1)) {
        const auto next = line.find_first_not_of(" \t\r", cr);
        if (next != std::string_view::npos && line[next] == '{') {
            return true;
        }
    }
    return false;
}

// An eval record the fast path has read: valid, without NaN tokens or members named twice.
Json last_eval_of(const std::string& line) {
    return std::get<TolerantRecord>(parse_tolerant_line(line)).value;
}

} // namespace

TraceParser::TraceParser(std::string path, ReadOptions options)
    : m_display(display_path(path)), m_options(std::move(options)),
      m_table(m_display, m_options.fields), m_step_key(m_options.step_key) {
    m_trace.path = std::move(path);
    m_record_values.resize(m_table.columns().size());
    m_record_decimals.resize(m_table.columns().size());
    start_fast_path();
}

// The fast path reads step records once the step member is known.
void TraceParser::start_fast_path() {
    if (m_options.fast_path && !m_step_key.empty() && !m_fast) {
        m_fast = std::make_unique<FastLineParser>(m_table.columns(), m_step_key);
        if (!m_fast->usable()) {
            m_fast.reset();
        }
    }
}

TraceParser::~TraceParser() = default;

void TraceParser::fail(const std::string& message) const {
    throw Error(fmt::format("{}:{}: {}", m_display, m_line_no, message));
}

void TraceParser::fail_malformed(std::size_t line_no, std::string_view text,
                                 const std::string& reason, std::size_t column) const {
    std::size_t caret = 0;
    const std::string shown = trace_lines::excerpt(text, column, &caret);
    // The first line made printable here: the excerpt (printable already) goes on lines of
    // its own.
    std::string message = printable(fmt::format("{}:{}: malformed JSON at column {}: {}", m_display,
                                                line_no, column, reason)) +
                          fmt::format("\n    {}", shown);
    if (caret > 0) {
        message += fmt::format("\n    {:>{}}", "^", caret);
    }
    throw Error(message, Error::Lines::several);
}

void TraceParser::add_line(std::string_view line) {
    add_trimmed_line(line, false);
}

void TraceParser::add_padded_line(std::string_view line) {
    add_trimmed_line(line, true);
}

void TraceParser::add_trimmed_line(std::string_view line, bool padded, std::size_t preparsed) {
    ++m_line_no;
    if (m_line_no == 1 && line.starts_with(trace_lines::k_bom)) {
        line.remove_prefix(trace_lines::k_bom.size());
    }
    line = trace_lines::trim(line);
    if (line.empty()) {
        return;
    }
    if (m_pending) {
        // The unparsable line was not the last one after all.
        fail_malformed(m_pending->line_no, m_pending->text, m_pending->reason, m_pending->column);
    }
    // The first step record takes the tolerant path, which notes its members for messages.
    if (m_fast && !m_table.empty() &&
        (preparsed == k_none ? try_fast(line, padded) : take_preparsed(preparsed))) {
        return;
    }
    add_tolerant(line);
}

void TraceParser::add_tolerant(std::string_view line) {
    std::variant<TolerantRecord, UnparsableLine> parsed;
    try {
        parsed = parse_tolerant_line(line);
    } catch (const LineError& e) {
        fail(e.message);
    }
    if (const auto* bad = std::get_if<UnparsableLine>(&parsed)) {
        if (joined_by_cr(line)) {
            // Records joined by a bare CR: never a record cut short, so an error wherever.
            fail("the file uses CR line ends; tracediff reads lines that end in LF or CR LF");
        }
        m_pending = Pending{m_line_no, std::string(line), bad->reason, bad->column};
        return;
    }
    handle_record(std::get<TolerantRecord>(parsed), line);
}

void TraceParser::handle_record(const TolerantRecord& parsed, std::string_view text) {
    const Json& record = parsed.value;
    if (!record.is_object()) {
        fail(fmt::format("expected a JSON object, found {}: {}", type_of(record, parsed.markers),
                         trace_lines::excerpt(text)));
    }
    ++m_records;
    std::string kind;
    if (const auto it = record.find("kind"); it != record.end()) {
        if (!it->is_string() || number_of(*it, parsed.markers)) {
            fail(fmt::format("'kind' must be a string, found {}",
                             describe_value(*it, parsed.markers)));
        }
        kind = it->get<std::string>();
    }
    if (m_step_key.empty() && (kind.empty() || kind == "step")) {
        m_step_key = detect_step_key(record);
        if (m_step_key.empty() && kind == "step") {
            m_step_key = "step"; // the trace format's
        }
        start_fast_path();
    }
    if (kind.empty() && !m_step_key.empty() && find_member(record, m_step_key) != nullptr) {
        kind = "step";
    }
    if (kind == "header") {
        // Non-finite numbers as numbers: never equal to a string that looks like a marker.
        handle_header(parsed.markers ? resolve_markers(record) : record);
    } else if (kind == "step") {
        handle_step(record, parsed.markers);
    } else {
        ++m_trace.ignored_kinds[kind.empty() ? "(no kind)" : kind];
        if (kind == "eval") {
            m_trace.last_eval = parsed.markers ? resolve_markers(record) : record;
            m_last_eval_line.clear();
        }
    }
}

void TraceParser::handle_header(const Json& record) {
    if (m_trace.header) {
        fail(fmt::format("a second header record (the first is on line {}); were two traces "
                         "concatenated?",
                         m_trace.header_line));
    }
    if (m_records > 1) {
        fail("a header record after other records; the header must be the first record");
    }
    m_trace.header = record;
    m_trace.header_line = m_line_no;
}

void TraceParser::handle_step(const Json& record, bool markers) {
    const Json* it = find_member(record, m_step_key);
    if (it == nullptr) {
        fail(fmt::format("step record has no '{}'", m_step_key));
    }
    std::int64_t step = 0;
    if (it->is_number_unsigned()) {
        const auto value = it->get<std::uint64_t>();
        if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            fail(fmt::format("'{}' is out of range: {}", m_step_key, value));
        }
        step = static_cast<std::int64_t>(value);
    } else if (it->is_number_integer()) {
        step = it->get<std::int64_t>();
        if (step < 0) {
            fail(fmt::format("'{}' must not be negative, found {}", m_step_key, step));
        }
    } else if (it->is_number_float() && std::fabs(it->get<double>()) >= 0x1p63 &&
               std::isfinite(it->get<double>())) {
        // An integer too large for 64 bits (2^64 and up) reaches here as a double.
        fail(fmt::format("'{}' is out of range: {}", m_step_key, describe_value(*it, markers)));
    } else {
        fail(fmt::format("'{}' must be a non-negative integer, found {}", m_step_key,
                         describe_value(*it, markers)));
    }
    if (m_table.empty()) {
        for (const auto& [key, value] : record.items()) {
            m_first_step_keys.push_back(key);
        }
    }
    const std::vector<std::string>& columns = m_table.columns();
    for (std::size_t f = 0; f < columns.size(); ++f) {
        const std::string& name = columns[f];
        double value = missing_value();
        std::int8_t decimals = -1;
        if (const Json* field = find_member(record, name); field != nullptr && !field->is_null()) {
            const auto number = number_of(*field, markers);
            if (!number) {
                fail(fmt::format("'{}' must be a number, found {}", name,
                                 describe_value(*field, markers)));
            }
            value = *number;
            decimals = field->is_number_float() ? shortest_decimals(value)
                       : field->is_number()     ? 0
                                                : -1;
        }
        m_record_values[f] = value;
        m_record_decimals[f] = decimals;
    }
    m_table.add(step, m_record_values.data(), m_record_decimals.data(), m_line_no);
}

std::optional<Trace> TraceParser::snapshot(std::size_t records) const {
    std::optional<Trace> trace = m_table.snapshot(m_trace, records);
    if (trace && !m_last_eval_line.empty()) {
        trace->last_eval = last_eval_of(m_last_eval_line);
    }
    return trace;
}

Trace TraceParser::finish() {
    if (m_pending) {
        m_trace.truncated_last_line = true;
        m_trace.warnings.push_back(
            fmt::format("{}:{}: ignoring truncated final record", m_display, m_pending->line_no));
        m_pending.reset();
    }
    if (m_table.empty()) {
        if (m_records == 0 && !m_trace.truncated_last_line) {
            throw Error(fmt::format("{}: no records: the file is empty", m_display));
        }
        if (!m_options.step_key.empty()) {
            throw Error(fmt::format("{}: no step records (a step record has \"kind\": \"step\" "
                                    "or a \"{}\" member)",
                                    m_display, m_options.step_key));
        }
        throw Error(fmt::format("{}: no step records (a step record has \"kind\": \"step\" "
                                "or a step member: {}; --step-key names another)",
                                m_display, fmt::join(k_default_step_keys, ", ")));
    }
    if (!m_last_eval_line.empty()) {
        m_trace.last_eval = last_eval_of(m_last_eval_line);
        m_last_eval_line.clear();
    }
    m_table.build(m_trace, fmt::format("the first step record, on line {}, has: {}",
                                       m_table.first_line(), fmt::join(m_first_step_keys, ", ")));
    return std::move(m_trace);
}

// With ReadOptions::threads = 2, the step records of the block's second half are read on the
// other thread while this one reads the first half (line_preparse.hpp).
void TraceParser::add_padded_lines(std::string_view block) {
    const std::size_t middle = m_options.threads > 1 && m_fast ? block.find('\n', block.size() / 2)
                                                               : std::string_view::npos;
    if (middle == std::string_view::npos || middle + 1 >= block.size()) {
        add_block_lines(block);
        return;
    }
    if (!m_preparse) {
        m_preparse = std::make_unique<LinePreparse>(m_table.columns(), m_step_key);
    }
    const std::string_view second = block.substr(middle + 1);
    m_preparse->start(second);
    try {
        add_block_lines(block.substr(0, middle + 1));
    } catch (...) {
        m_preparse->wait(); // it reads the caller's buffer
        throw;
    }
    m_preparse->wait();
    std::size_t pos = 0;
    for (std::size_t index = 0; pos < second.size(); ++index) {
        const std::size_t newline = second.find('\n', pos);
        const std::size_t end = newline == std::string_view::npos ? second.size() : newline;
        add_trimmed_line(second.substr(pos, end - pos), true, index);
        pos = end + 1;
    }
}

void TraceParser::add_block_lines(std::string_view block) {
    const char* const limit = block.data() + block.size();
    std::size_t pos = 0;
    while (pos < block.size()) {
        // Most step lines are shaped as the one before: read at once, without finding the
        // line's end first. Only once a step record has taken the tolerant path, and not
        // after a line that could not be parsed (it must be reported first).
        if (m_fast && !m_pending && !m_table.empty()) {
            std::int64_t step = 0;
            const char* const next = m_fast->parse_shaped_line(
                block.data() + pos, limit, step, m_record_values.data(), m_record_decimals.data());
            if (next != nullptr) {
                ++m_line_no;
                add_fast_step(step);
                pos = static_cast<std::size_t>(next - block.data());
                continue;
            }
        }
        const std::size_t newline = block.find('\n', pos);
        const std::size_t end = newline == std::string_view::npos ? block.size() : newline;
        add_trimmed_line(block.substr(pos, end - pos), true);
        pos = end + 1;
    }
}

// Reads the line on the fast path; not_fast when the tolerant path must read it. A line that
// is not `padded` is copied first: the fast path reads past the end of its input.
TraceParser::FastRead TraceParser::read_fast(std::string_view line, bool padded,
                                             std::int64_t& step) {
    std::string_view fast_line = line;
    if (!padded) {
        m_scratch.assign(line);
        m_scratch.append(k_line_padding, ' ');
        fast_line = std::string_view(m_scratch).substr(0, line.size());
    }
    switch (m_fast->parse_line(fast_line, step, m_record_values.data(), m_record_decimals.data())) {
    case FastLineParser::LineResult::step:
        return FastRead::step;
    case FastLineParser::LineResult::eval:
        return FastRead::eval;
    default:
        return FastRead::not_fast;
    }
}

bool TraceParser::take_preparsed(std::size_t index) {
    std::int64_t step = 0;
    const double* values = nullptr;
    const std::int8_t* decimals = nullptr;
    if (!m_preparse->step_of(index, step, values, decimals)) {
        return false;
    }
    ++m_records;
    ++m_fast_records;
    m_table.add(step, values, decimals, m_line_no);
    return true;
}

bool TraceParser::try_fast(std::string_view line, bool padded) {
    std::int64_t step = 0;
    const FastRead read = read_fast(line, padded, step);
    if (read == FastRead::not_fast) {
        return false;
    }
    if (read == FastRead::eval) {
        // As handle_record does, with the record parsed later (last_eval_of).
        ++m_records;
        ++m_trace.ignored_kinds["eval"];
        m_last_eval_line.assign(line);
        return true;
    }
    add_fast_step(step);
    return true;
}

void TraceParser::add_fast_step(std::int64_t step) {
    ++m_records;
    ++m_fast_records;
    m_table.add(step, m_record_values.data(), m_record_decimals.data(), m_line_no);
}

} // namespace tracediff
