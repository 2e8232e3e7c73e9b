#include "tracediff/read/trace_parser.hpp"

#include "tracediff/error.hpp"
#include "tracediff/read/fast_line.hpp"
#include "tracediff/io/input_file.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <memory>
#include <numeric>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_set>

namespace tracediff {

namespace {

// Python's json module writes the bare tokens NaN, Infinity and -Infinity, which JSON does not
// allow. Before parsing, each such token outside a string is replaced by a string that starts
// with a NUL character; such strings are then read back as the non-finite number.
const std::string k_nan_marker("\0NaN", 4);
const std::string k_inf_marker("\0Infinity", 9);
const std::string k_neg_inf_marker("\0-Infinity", 10);

constexpr std::string_view k_bom = "\xEF\xBB\xBF";
constexpr std::size_t k_excerpt_bytes = 60;

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_blank(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_blank(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

// Returns the line with non-finite tokens replaced, or nothing when it has none.
std::optional<std::string> replace_nonfinite_tokens(std::string_view line) {
    std::optional<std::string> out;
    bool in_string = false;
    std::size_t copied = 0; // bytes of `line` already copied to `out`
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (in_string) {
            if (c == '\\') {
                ++i; // skip the escaped character
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        if (c == '"') {
            in_string = true;
            continue;
        }
        std::string_view token;
        const char* replacement = nullptr;
        const std::string_view rest = line.substr(i);
        if (rest.starts_with("NaN")) {
            token = "NaN";
            replacement = "\"\\u0000NaN\"";
        } else if (rest.starts_with("Infinity")) {
            token = "Infinity";
            replacement = "\"\\u0000Infinity\"";
        } else if (rest.starts_with("-Infinity")) {
            token = "-Infinity";
            replacement = "\"\\u0000-Infinity\"";
        } else {
            continue;
        }
        if (!out) {
            out.emplace();
            out->reserve(line.size() + 32);
        }
        out->append(line.substr(copied, i - copied));
        out->append(replacement);
        i += token.size() - 1;
        copied = i + 1;
    }
    if (out) {
        out->append(line.substr(copied));
    }
    return out;
}

// What a line holds outside its strings, counted in one pass before the JSON parser sees it:
// the deepest nesting of arrays and objects, and the members of all its objects (colons).
// nlohmann::ordered_json recurses for each level and looks up each member among the ones
// before it, so both must be bounded.
struct LineShape {
    std::size_t max_depth = 0;
    std::size_t members = 0;
};

LineShape shape_of(std::string_view line) {
    LineShape shape;
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (in_string) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            shape.max_depth = std::max(shape.max_depth, ++depth);
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        } else if (c == ':') {
            ++shape.members;
        }
    }
    return shape;
}

// The number a JSON value stands for, including the non-finite markers; nothing otherwise.
std::optional<double> as_number(const Json& value, bool markers) {
    if (value.is_number()) {
        return value.get<double>();
    }
    if (markers && value.is_string()) {
        const auto& s = value.get_ref<const std::string&>();
        if (s == k_nan_marker) {
            return std::numeric_limits<double>::quiet_NaN();
        }
        if (s == k_inf_marker) {
            return std::numeric_limits<double>::infinity();
        }
        if (s == k_neg_inf_marker) {
            return -std::numeric_limits<double>::infinity();
        }
    }
    return std::nullopt;
}

// A JSON value as it appears in the file, shortened for a message.
std::string describe(const Json& value, bool markers) {
    if (markers && value.is_string()) {
        const auto& s = value.get_ref<const std::string&>();
        if (!s.empty() && s.front() == '\0') {
            return s.substr(1);
        }
    }
    std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
    if (text.size() > 40) {
        text = text.substr(0, 37) + "...";
    }
    return text;
}

// The start of a line, safe to print: control and non-ASCII bytes as \xNN.
// Also maps a 1-based byte column to its position in the excerpt (0 when cut off).
std::string excerpt(std::string_view line, std::size_t column, std::size_t* caret) {
    std::string out;
    *caret = 0;
    const std::size_t n = std::min(line.size(), k_excerpt_bytes);
    for (std::size_t i = 0; i < n; ++i) {
        if (i + 1 == column) {
            *caret = out.size() + 1;
        }
        const auto byte = static_cast<unsigned char>(line[i]);
        if (byte < 0x20 || byte >= 0x7f) {
            out += fmt::format("\\x{:02X}", byte);
        } else {
            out += line[i];
        }
    }
    if (line.size() > n) {
        out += "...";
    } else if (column == line.size() + 1) {
        *caret = out.size() + 1; // the error is at the end of the line
    }
    return out;
}

// nlohmann's messages read "[json.exception.parse_error.101] parse error at line 1, column 9:
// syntax error while parsing value - invalid literal; last read: '...'". Keep the part that
// says what is wrong; the line itself is shown separately.
std::string excerpt_for_message(std::string_view line) {
    std::size_t unused = 0;
    return excerpt(line, 0, &unused);
}

std::string parse_error_reason(const std::string& what) {
    std::string reason = what;
    if (const auto dash = reason.find(" - "); dash != std::string::npos) {
        reason = reason.substr(dash + 3);
    } else if (const auto colon = reason.find("] "); colon != std::string::npos) {
        reason = reason.substr(colon + 2);
    }
    if (const auto last = reason.find("; last read"); last != std::string::npos) {
        reason = reason.substr(0, last);
    }
    return reason;
}

std::string json_type_name(const Json& value, bool markers) {
    if (value.is_string() && as_number(value, markers)) {
        return "number";
    }
    return value.type_name();
}

} // namespace

const FieldSeries& Trace::field(const std::string& name) const {
    for (const auto& f : fields) {
        if (f.name == name) {
            return f;
        }
    }
    throw std::out_of_range("field was not read: " + name);
}

std::string Trace::header_string(const char* key) const {
    if (!header) {
        return {};
    }
    const auto it = header->find(key);
    if (it == header->end() || !it->is_string()) {
        return {};
    }
    return it->get<std::string>();
}

std::string display_path(const std::string& path) {
    return path == "-" ? "<stdin>" : path;
}

TraceParser::TraceParser(std::string path, ReadOptions options)
    : m_path(std::move(path)), m_display(display_path(m_path)), m_options(std::move(options)) {
    m_trace.path = m_path;
    m_values.resize(m_options.fields.size());
    if (m_options.fast_path) {
        std::vector<std::string> names;
        for (const auto& f : m_options.fields) {
            names.push_back(f.name);
        }
        m_fast = std::make_unique<FastLineParser>(names);
        if (!m_fast->usable()) {
            m_fast.reset();
        }
        m_fast_values.resize(names.size());
    }
}

TraceParser::~TraceParser() = default;

void TraceParser::reserve(std::size_t records) {
    m_steps.reserve(records);
    for (auto& v : m_values) {
        v.reserve(records);
    }
}

void TraceParser::fail(const std::string& message) const {
    throw Error(fmt::format("{}:{}: {}", m_display, m_line_no, message));
}

void TraceParser::fail_malformed(std::size_t line_no, std::string_view text,
                                 const std::string& reason, std::size_t column) const {
    std::size_t caret = 0;
    const std::string shown = excerpt(text, column, &caret);
    std::string message = fmt::format("{}:{}: malformed JSON at column {}: {}\n    {}", m_display,
                                      line_no, column, reason, shown);
    if (caret > 0) {
        message += fmt::format("\n    {:>{}}", "^", caret);
    }
    throw Error(message);
}

void TraceParser::add_line(std::string_view line) {
    add_trimmed_line(line, false);
}

void TraceParser::add_padded_line(std::string_view line) {
    add_trimmed_line(line, true);
}

void TraceParser::add_padded_lines(std::string_view block) {
    m_in_block = m_fast && m_fast->begin_block(block);
    std::size_t pos = 0;
    while (pos < block.size()) {
        const std::size_t newline = block.find('\n', pos);
        const std::size_t end = newline == std::string_view::npos ? block.size() : newline;
        m_block_line_end = end;
        add_trimmed_line(block.substr(pos, end - pos), true);
        pos = end + 1;
    }
    m_in_block = false;
}

bool TraceParser::try_fast(std::string_view line, bool padded) {
    std::int64_t step = 0;
    bool read = false;
    if (m_in_block) {
        switch (m_fast->stream_step(line, m_block_line_end, step, m_fast_values.data())) {
        case FastLineParser::StreamResult::step:
            read = true;
            break;
        case FastLineParser::StreamResult::not_fast:
            return false;
        case FastLineParser::StreamResult::stopped:
            m_in_block = false;
            break;
        }
    }
    if (!read) {
        std::string_view fast_line = line;
        if (!padded) {
            m_scratch.assign(line);
            m_scratch.append(k_line_padding, ' ');
            fast_line = std::string_view(m_scratch).substr(0, line.size());
        }
        read = m_fast->parse_step(fast_line, step, m_fast_values.data());
    }
    if (!read) {
        return false;
    }
    ++m_records;
    ++m_fast_records;
    for (std::size_t f = 0; f < m_values.size(); ++f) {
        m_values[f].push_back(m_fast_values[f]);
    }
    m_steps.push_back(step);
    note_step_line();
    return true;
}

void TraceParser::add_trimmed_line(std::string_view line, bool padded) {
    ++m_line_no;
    if (m_line_no == 1 && line.starts_with(k_bom)) {
        line.remove_prefix(k_bom.size());
    }
    line = trim(line);
    if (line.empty()) {
        return;
    }
    if (m_pending) {
        // The unparsable line was not the last one after all.
        fail_malformed(m_pending->line_no, m_pending->text, m_pending->reason, m_pending->column);
    }

    // The first step record takes the tolerant path, which notes its members for messages.
    if (m_fast && !m_steps.empty() && try_fast(line, padded)) {
        return;
    }

    if (line.size() > k_max_line_bytes) {
        fail(fmt::format("a line longer than {} MiB; is this a trace?", k_max_line_bytes >> 20));
    }
    const LineShape shape = shape_of(line);
    if (shape.max_depth > k_max_nesting) {
        fail(fmt::format("arrays and objects nested deeper than {} levels", k_max_nesting));
    }
    if (shape.members > k_max_members) {
        fail(fmt::format("more than {} object members in one line", k_max_members));
    }

    Json record;
    try {
        auto rewritten = replace_nonfinite_tokens(line);
        m_markers = rewritten.has_value();
        if (m_markers && line.find("\\u0000") != std::string_view::npos) {
            // A string of the file could be taken for a non-finite marker.
            fail("a line with both a bare NaN or Infinity token and the escape \\u0000 "
                 "cannot be read unambiguously");
        }
        // A member named twice would silently lose one of its values: note it while parsing.
        // Sets, not lists: a hostile line with millions of members must not take quadratic time.
        std::vector<std::unordered_set<std::string>> keys_at_depth;
        std::string duplicate;
        const Json::parser_callback_t note_duplicates = [&](int depth, Json::parse_event_t event,
                                                            Json& parsed) {
            const auto d = static_cast<std::size_t>(depth);
            if (event == Json::parse_event_t::object_start) {
                keys_at_depth.resize(d + 2);
                keys_at_depth[d + 1] = {}; // not clear(): that costs the old bucket count
            } else if (event == Json::parse_event_t::key && duplicate.empty()) {
                const auto& key = parsed.get_ref<const std::string&>();
                if (!keys_at_depth[d].insert(key).second) {
                    duplicate = key;
                }
            }
            return true;
        };
        record = Json::parse(m_markers ? std::string_view(*rewritten) : line, note_duplicates);
        if (!duplicate.empty()) {
            fail(fmt::format("the member '{}' appears twice in one object", duplicate));
        }
    } catch (const Json::parse_error& e) {
        // Columns are counted in the text that was parsed; with non-finite tokens replaced they
        // may be off by a few, which only moves the caret.
        const std::size_t column = e.byte == 0 ? 1 : e.byte;
        m_pending = Pending{m_line_no, std::string(line), parse_error_reason(e.what()), column};
        return;
    } catch (const Json::exception& e) {
        // Valid syntax but a value the parser cannot hold, such as a number too large for a
        // double. That is never a truncated write, so it is an error wherever it stands.
        fail(fmt::format("unreadable value: {}", parse_error_reason(e.what())));
    }
    if (const auto nul = line.find('\0'); nul != std::string_view::npos) {
        // nlohmann/json takes a NUL byte outside a string for the end of the text and ignores
        // what follows it (one inside a string is an error already).
        m_pending = Pending{m_line_no, std::string(line), "NUL byte", nul + 1};
        return;
    }
    handle_record(record, line);
}

void TraceParser::handle_record(const Json& record, std::string_view text) {
    if (!record.is_object()) {
        fail(fmt::format("expected a JSON object, found {}: {}", json_type_name(record, m_markers),
                         excerpt_for_message(text)));
    }
    ++m_records;
    std::string kind;
    if (const auto it = record.find("kind"); it != record.end()) {
        if (!it->is_string()) {
            fail(fmt::format("'kind' must be a string, found {}", describe(*it, m_markers)));
        }
        kind = it->get<std::string>();
    } else if (record.contains("step")) {
        kind = "step";
    }

    if (kind == "header") {
        if (m_trace.header) {
            fail(fmt::format("a second header record (the first is on line {}); were two "
                             "traces concatenated?",
                             m_trace.header_line));
        }
        if (m_records > 1) {
            fail("a header record after other records; the header must be the first record");
        }
        m_trace.header = record;
        m_trace.header_line = m_line_no;
    } else if (kind == "step") {
        handle_step(record);
    } else {
        ++m_trace.ignored_kinds[kind.empty() ? "(no kind)" : kind];
        if (kind == "eval") {
            m_trace.last_eval = record;
        }
    }
}

void TraceParser::handle_step(const Json& record) {
    const auto it = record.find("step");
    if (it == record.end()) {
        fail("step record has no 'step'");
    }
    std::int64_t step = 0;
    if (it->is_number_unsigned()) {
        const auto value = it->get<std::uint64_t>();
        if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            fail(fmt::format("'step' is out of range: {}", value));
        }
        step = static_cast<std::int64_t>(value);
    } else if (it->is_number_integer()) {
        step = it->get<std::int64_t>();
        if (step < 0) {
            fail(fmt::format("'step' must not be negative, found {}", step));
        }
    } else {
        fail(fmt::format("'step' must be a non-negative integer, found {}",
                         describe(*it, m_markers)));
    }

    if (m_steps.empty()) {
        for (const auto& [key, value] : record.items()) {
            m_first_step_keys.push_back(key);
        }
    }
    for (std::size_t f = 0; f < m_options.fields.size(); ++f) {
        const std::string& name = m_options.fields[f].name;
        double value = missing_value();
        if (const auto field = record.find(name); field != record.end() && !field->is_null()) {
            const auto number = as_number(*field, m_markers);
            if (!number) {
                fail(fmt::format("'{}' must be a number, found {}", name,
                                 describe(*field, m_markers)));
            }
            value = *number;
        }
        m_values[f].push_back(value);
    }
    m_steps.push_back(step);
    note_step_line();
}

void TraceParser::note_step_line() {
    if (m_line_marks.empty() || m_line_no != m_last_step_line + 1) {
        m_line_marks.push_back({m_steps.size() - 1, m_line_no});
    }
    m_last_step_line = m_line_no;
}

std::size_t TraceParser::line_of(std::size_t record) const {
    const auto it =
        std::upper_bound(m_line_marks.begin(), m_line_marks.end(), record,
                         [](std::size_t r, const LineMark& mark) { return r < mark.record; });
    const LineMark& mark = *(it - 1); // the first mark is record 0
    return mark.line + (record - mark.record);
}

Trace TraceParser::finish() {
    if (m_pending) {
        m_trace.truncated_last_line = true;
        m_trace.warnings.push_back(
            fmt::format("{}:{}: ignoring truncated final record", m_display, m_pending->line_no));
        m_pending.reset();
    }
    if (m_steps.empty()) {
        if (m_records == 0 && !m_trace.truncated_last_line) {
            throw Error(fmt::format("{}: no records: the file is empty", m_display));
        }
        throw Error(fmt::format("{}: no step records (a step record has \"kind\": \"step\" "
                                "or a \"step\" member)",
                                m_display));
    }
    const std::size_t first_step_line = m_line_marks.front().line;
    const std::size_t n = m_steps.size();

    // Records are in file order, so record indices order them by line too. Usually the steps
    // are strictly increasing already, and the columns become the series without a copy.
    bool strictly_increasing = true;
    for (std::size_t i = 1; i < n; ++i) {
        if (m_steps[i] <= m_steps[i - 1]) {
            strictly_increasing = false;
            break;
        }
    }

    // `kept`: the records that survive, ordered by step; empty means all of them, in order.
    std::vector<std::size_t> kept;
    if (!strictly_increasing) {
        // Order the records by step, keeping file order among records of the same step.
        kept.resize(n);
        std::iota(kept.begin(), kept.end(), std::size_t{0});
        if (!std::is_sorted(m_steps.begin(), m_steps.end())) {
            std::stable_sort(kept.begin(), kept.end(),
                             [&](std::size_t x, std::size_t y) { return m_steps[x] < m_steps[y]; });
        }
        // Of the records that share a step, the one written last wins.
        std::size_t out = 0;
        std::size_t first_repeat = n; // record index of the earliest repeat
        for (std::size_t i = 0; i < n; ++i) {
            const bool last_of_step = i + 1 == n || m_steps[kept[i + 1]] != m_steps[kept[i]];
            if (last_of_step) {
                kept[out++] = kept[i];
                continue;
            }
            ++m_trace.duplicate_records;
            const std::size_t repeat = kept[i + 1];
            if (repeat < first_repeat) {
                first_repeat = repeat;
                m_trace.first_duplicate_step = m_steps[kept[i]];
            }
        }
        kept.resize(out);
        kept.shrink_to_fit();
        if (m_trace.duplicate_records > 0) {
            m_trace.warnings.push_back(fmt::format(
                "{}:{}: step {} appears more than once; the last record of each step "
                "wins ({} earlier {} replaced)",
                m_display, line_of(first_repeat), m_trace.first_duplicate_step,
                m_trace.duplicate_records, m_trace.duplicate_records == 1 ? "record" : "records"));
        }
    }
    const bool identity = kept.empty();
    const std::size_t count = identity ? n : kept.size();
    const auto record_at = [&](std::size_t i) {
        return identity ? i : kept[i];
    };
    m_trace.step_records = count;

    for (std::size_t f = 0; f < m_options.fields.size(); ++f) {
        FieldSeries fs;
        fs.name = m_options.fields[f].name;
        std::vector<double>& values = m_values[f];
        std::size_t first_without = n; // record index
        for (std::size_t i = 0; i < count; ++i) {
            const std::size_t r = record_at(i);
            if (is_missing_value(values[r])) {
                ++fs.records_without;
                first_without = std::min(first_without, r);
            }
        }
        const bool last_field = f + 1 == m_options.fields.size();
        if (identity && fs.records_without == 0) {
            // The columns as they are: the last field takes the step column itself.
            if (last_field) {
                fs.series.steps = std::move(m_steps);
            } else {
                fs.series.steps = m_steps;
            }
            fs.series.values = std::move(values);
        } else {
            const std::size_t present = count - fs.records_without;
            fs.series.steps.reserve(present);
            fs.series.values.reserve(present);
            for (std::size_t i = 0; i < count; ++i) {
                const std::size_t r = record_at(i);
                if (!is_missing_value(values[r])) {
                    fs.series.steps.push_back(m_steps[r]);
                    fs.series.values.push_back(values[r]);
                }
            }
            std::vector<double>().swap(values);
        }
        if (fs.records_without > 0) {
            fs.first_line_without = line_of(first_without);
        }
        if (fs.series.empty() && m_options.fields[f].required) {
            throw Error(fmt::format("{}: no step record has the field '{}' (the first step "
                                    "record, on line {}, has: {})",
                                    m_display, fs.name, first_step_line,
                                    fmt::join(m_first_step_keys, ", ")));
        }
        if (!fs.series.empty() && fs.records_without > 0) {
            m_trace.warnings.push_back(
                fmt::format("{}:{}: skipped {} step {} without '{}' (this line is the first)",
                            m_display, fs.first_line_without, fs.records_without,
                            fs.records_without == 1 ? "record" : "records", fs.name));
        }
        m_trace.fields.push_back(std::move(fs));
    }
    return std::move(m_trace);
}

Trace parse_trace(std::string_view text, const std::string& path, const ReadOptions& options) {
    TraceParser parser(path, options);
    std::string padded;
    padded.reserve(text.size() + k_line_padding);
    padded.append(text);
    padded.append(k_line_padding, '\0');
    // Blocks of about 1 MiB of whole lines, as read_trace hands them on.
    const std::string_view all = std::string_view(padded).substr(0, text.size());
    constexpr std::size_t k_block = std::size_t{1} << 20;
    std::size_t pos = 0;
    while (pos < all.size()) {
        std::size_t end = all.size();
        if (all.size() - pos > k_block) {
            const std::size_t newline = all.find('\n', pos + k_block);
            end = newline == std::string_view::npos ? all.size() : newline + 1;
        }
        parser.add_padded_lines(all.substr(pos, end - pos));
        pos = end;
    }
    return parser.finish();
}

Trace read_trace(const std::string& path, const ReadOptions& options) {
    InputFile input(path);

    // Read in bounded chunks and hand complete lines to the parser. The buffer keeps
    // k_line_padding spare bytes after its content so the fast path parses lines in place.
    constexpr std::size_t k_chunk = std::size_t{1} << 20;
    TraceParser parser(path, options);
    std::size_t capacity = k_chunk + k_line_padding;
    auto buffer = std::make_unique<char[]>(capacity);
    std::size_t size = 0;  // bytes of content in buffer
    std::size_t start = 0; // first byte of buffer not yet handed on
    bool estimated = false;
    for (;;) {
        if (start > 0) {
            std::memmove(buffer.get(), buffer.get() + start, size - start);
            size -= start;
            start = 0;
        }
        if (size > k_max_line_bytes) {
            throw Error(fmt::format("{}:{}: a line longer than {} MiB; is this a trace?",
                                    display_path(path), parser.lines_read() + 1,
                                    k_max_line_bytes >> 20));
        }
        if (size + k_chunk + k_line_padding > capacity) {
            // A line longer than a chunk: grow.
            const std::size_t new_capacity = 2 * size + k_chunk + k_line_padding;
            auto bigger = std::make_unique<char[]>(new_capacity);
            std::memcpy(bigger.get(), buffer.get(), size);
            buffer = std::move(bigger);
            capacity = new_capacity;
        }
        const std::size_t got = input.read(buffer.get() + size, k_chunk);
        const std::size_t old_size = size;
        size += got;
        std::memset(buffer.get() + size, 0, k_line_padding);
        if (got == 0) {
            break;
        }
        // Only the new bytes can hold a newline: searching all of a long line again for every
        // chunk would take quadratic time.
        const std::string_view text(buffer.get(), size);
        const std::size_t new_newline = text.substr(old_size).rfind('\n');
        if (new_newline == std::string_view::npos) {
            continue; // no complete line yet
        }
        const std::size_t last_newline = old_size + new_newline;
        const std::string_view block = text.substr(0, last_newline + 1);
        parser.add_padded_lines(block);
        start = last_newline + 1;
        if (const auto file_size = input.plain_size(); !estimated && file_size) {
            // Reserve room for the records of the whole file, judged by the first chunk, so
            // the columns do not grow by copying. Untouched reserved pages cost no memory.
            // A first chunk without step records (blank lines, say) tells nothing.
            estimated = true;
            if (const std::size_t records = parser.step_records(); records > 0) {
                const double per_record = static_cast<double>(start) / static_cast<double>(records);
                const auto expected = static_cast<std::size_t>(
                    static_cast<double>(*file_size) / per_record * 1.05 + 1024.0);
                parser.reserve(expected);
            }
        }
    }
    if (start < size) {
        if (size - start > k_max_line_bytes) {
            throw Error(fmt::format("{}:{}: a line longer than {} MiB; is this a trace?",
                                    display_path(path), parser.lines_read() + 1,
                                    k_max_line_bytes >> 20));
        }
        parser.add_padded_lines(std::string_view(buffer.get(), size).substr(start));
    }
    return parser.finish();
}

} // namespace tracediff
