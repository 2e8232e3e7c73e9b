#include "tracediff/read/fast_line.hpp"

#include <array>
#include <limits>
#include <simdjson.h>
#include <string_view>
#include <utility>

namespace tracediff {

static_assert(k_line_padding >= simdjson::SIMDJSON_PADDING);

namespace {

namespace od = simdjson::ondemand;

// Only printable ASCII without backslashes takes the fast path. That rules out escapes (so raw
// keys and strings are what they say), control characters inside strings (which simdjson does
// not reject but JSON forbids), tabs, and every question of UTF-8 validity.
bool plain_ascii(std::string_view line) {
    // Byte-wide operations so that the compiler vectorizes the loop.
    std::uint8_t bad = 0;
    for (const char c : line) {
        const auto b = static_cast<std::uint8_t>(c);
        bad |= static_cast<std::uint8_t>(static_cast<std::uint8_t>(b - 0x20) > 0x5E) |
               static_cast<std::uint8_t>(b == '\\');
    }
    return bad == 0;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// True when a number token is an integer in JSON's sense: no fraction and no exponent.
bool is_integer_token(std::string_view token) {
    for (const char c : token) {
        if (c == '.' || c == 'e' || c == 'E') {
            return false;
        }
        if (c != '-' && !is_digit(c)) {
            break; // white space or a structural character after the number
        }
    }
    return true;
}

// Checks a number token (and the white space after it) against JSON's grammar without
// converting it. Returns false when the token is not a number, or when only a conversion can
// tell whether it is readable (an exponent, or more digits than a finite double has, where
// the tolerant path reports an overflow).
bool plain_number_token(std::string_view token) {
    std::size_t i = 0;
    const std::size_t n = token.size();
    if (i < n && token[i] == '-') {
        ++i;
    }
    if (i >= n || !is_digit(token[i])) {
        return false;
    }
    const std::size_t int_start = i;
    if (token[i] == '0') {
        ++i;
    } else {
        while (i < n && is_digit(token[i])) {
            ++i;
        }
    }
    if (i - int_start > 300) {
        return false;
    }
    if (i < n && token[i] == '.') {
        ++i;
        const std::size_t frac_start = i;
        while (i < n && is_digit(token[i])) {
            ++i;
        }
        if (i == frac_start) {
            return false;
        }
    }
    for (; i < n; ++i) {
        const char c = token[i];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
            return false; // an exponent, or not a number
        }
    }
    return true;
}

// True when the number's mantissa has more than 19 significant digits. simdjson 3.0's
// on-demand get_double reads some of those wrongly (0.000199999990000000474974513 as
// 3.9e-10; found by fuzzing, see tests/fuzz/trace_reader/), so the tolerant path reads them.
bool more_than_19_significant_digits(std::string_view token) {
    int digits = 0;
    bool leading = true;
    for (const char c : token) {
        if (c == 'e' || c == 'E') {
            break;
        }
        if (c < '0' || c > '9') {
            continue; // sign, decimal point, or the white space after the token
        }
        if (leading && c == '0') {
            continue;
        }
        leading = false;
        if (++digits > 19) {
            return true;
        }
    }
    return false;
}

// A requested numeric member, read as nlohmann/json reads it and converts it to double: an
// integer that fits int64 or uint64 is read as that integer and converted (so "-0" is +0.0);
// anything else is read as a correctly rounded double.
bool read_number(od::value& v, double& out) {
    if (is_integer_token(v.raw_json_token())) {
        std::int64_t i = 0;
        if (v.get_int64().get(i) == simdjson::SUCCESS) {
            out = static_cast<double>(i);
            return true;
        }
        std::uint64_t u = 0;
        if (v.get_uint64().get(u) == simdjson::SUCCESS) {
            out = static_cast<double>(u);
            return true;
        }
    }
    if (more_than_19_significant_digits(v.raw_json_token())) {
        return false;
    }
    double d = 0.0;
    if (v.get_double().get(d) != simdjson::SUCCESS) {
        return false; // includes numbers too large for a double, an error on the tolerant path
    }
    out = d;
    return true;
}

// Consumes a member the caller does not need, validating it. Arrays and objects are not
// skipped: on-demand skipping would not validate what is inside them.
bool skip_value(od::value& v) {
    od::json_type type{};
    if (v.type().get(type) != simdjson::SUCCESS) {
        return false;
    }
    switch (type) {
    case od::json_type::string: {
        std::string_view s;
        return v.get_string().get(s) == simdjson::SUCCESS;
    }
    case od::json_type::number: {
        if (plain_number_token(v.raw_json_token())) {
            return true; // valid, and no conversion needed to know it is finite
        }
        double d = 0.0;
        return v.get_double().get(d) == simdjson::SUCCESS;
    }
    case od::json_type::boolean: {
        bool b = false;
        return v.get_bool().get(b) == simdjson::SUCCESS;
    }
    case od::json_type::null: {
        bool is_null = false;
        return v.is_null().get(is_null) == simdjson::SUCCESS && is_null;
    }
    default:
        return false;
    }
}

} // namespace

struct FastLineParser::Impl {
    od::parser parser;
    std::vector<std::string> fields;
    bool usable = true;

    // Block mode: one document stream over many lines.
    od::parser stream_parser;
    od::document_stream stream;
    od::document_stream::iterator it;
    std::string_view block;
    bool streaming = false;
};

FastLineParser::FastLineParser(const std::vector<std::string>& fields)
    : m_impl(std::make_unique<Impl>()) {
    m_impl->fields = fields;
    // Bits 0 and 1 of the seen-mask are "kind" and "step"; fields take the bits above.
    if (fields.size() > 62) {
        m_impl->usable = false;
    }
    for (const auto& name : fields) {
        if (name == "kind" || name == "step" || !plain_ascii(name) ||
            name.find('"') != std::string::npos) {
            m_impl->usable = false;
        }
    }
}

FastLineParser::~FastLineParser() = default;

bool FastLineParser::usable() const {
    return m_impl->usable;
}

namespace {

// Reads every member of a step record; false when the tolerant path must read it.
bool read_step_object(od::object& object, const std::vector<std::string>& fields,
                      std::int64_t& step, double* values) {
    constexpr std::uint64_t k_kind = 1;
    constexpr std::uint64_t k_step = 2;
    std::uint64_t seen = 0;
    // The other members' names: the tolerant path rejects a record that names a member twice.
    constexpr std::size_t k_max_other = 32;
    std::array<std::string_view, k_max_other> others;
    std::size_t other_count = 0;
    for (auto member_result : object) {
        od::field member;
        if (std::move(member_result).get(member) != simdjson::SUCCESS) {
            return false;
        }
        const od::raw_json_string key = member.key();
        od::value& v = member.value();
        if (key.unsafe_is_equal("step")) {
            if ((seen & k_step) != 0) {
                return false; // a repeated member: the tolerant path keeps the last one
            }
            seen |= k_step;
            const std::string_view token = v.raw_json_token();
            if (token.empty() || !is_digit(token.front())) {
                return false;
            }
            std::uint64_t u = 0;
            if (v.get_uint64().get(u) != simdjson::SUCCESS ||
                u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                return false;
            }
            step = static_cast<std::int64_t>(u);
            continue;
        }
        if (key.unsafe_is_equal("kind")) {
            if ((seen & k_kind) != 0) {
                return false;
            }
            seen |= k_kind;
            // No backslash in the line, so the raw string is the string itself.
            od::raw_json_string kind;
            if (v.get_raw_json_string().get(kind) != simdjson::SUCCESS ||
                !kind.unsafe_is_equal("step")) {
                return false; // headers, other kinds and bad kinds take the tolerant path
            }
            continue;
        }
        bool requested = false;
        for (std::size_t f = 0; f < fields.size(); ++f) {
            if (!key.unsafe_is_equal(fields[f])) {
                continue;
            }
            const std::uint64_t bit = std::uint64_t{4} << f;
            if ((seen & bit) != 0) {
                return false;
            }
            seen |= bit;
            requested = true;
            od::json_type type{};
            if (v.type().get(type) != simdjson::SUCCESS) {
                return false;
            }
            if (type == od::json_type::number) {
                if (!read_number(v, values[f])) {
                    return false;
                }
            } else if (type == od::json_type::null) {
                bool is_null = false;
                if (v.is_null().get(is_null) != simdjson::SUCCESS || !is_null) {
                    return false;
                }
                values[f] = missing_value();
            } else {
                return false; // not a number: the tolerant path reports it
            }
            break;
        }
        if (!requested) {
            // No backslash in the line, so the name ends at the next quote (simdjson has
            // checked that the string is closed).
            if (other_count == k_max_other) {
                return false;
            }
            const char* name = key.raw();
            const char* end = name;
            while (*end != '"') {
                ++end;
            }
            const std::string_view other(name, static_cast<std::size_t>(end - name));
            for (std::size_t i = 0; i < other_count; ++i) {
                if (others[i] == other) {
                    return false; // named twice: the tolerant path reports it
                }
            }
            others[other_count++] = other;
            if (!skip_value(v)) {
                return false;
            }
        }
    }
    if ((seen & k_step) == 0) {
        return false;
    }
    for (std::size_t f = 0; f < fields.size(); ++f) {
        if ((seen & (std::uint64_t{4} << f)) == 0) {
            values[f] = missing_value();
        }
    }
    return true;
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

} // namespace

bool FastLineParser::parse_step(std::string_view line, std::int64_t& step, double* values) {
    if (!m_impl->usable || !plain_ascii(line)) {
        return false;
    }
    const simdjson::padded_string_view input(line.data(), line.size(),
                                             line.size() + k_line_padding);
    od::document doc;
    if (m_impl->parser.iterate(input).get(doc) != simdjson::SUCCESS) {
        return false;
    }
    od::object object;
    if (doc.get_object().get(object) != simdjson::SUCCESS ||
        !read_step_object(object, m_impl->fields, step, values)) {
        return false;
    }
    // The object must be the whole document: nothing may follow its closing brace.
    const char* location = nullptr;
    return doc.current_location().get(location) == simdjson::OUT_OF_BOUNDS;
}

bool FastLineParser::begin_block(std::string_view block) {
    Impl& m = *m_impl;
    m.streaming = false;
    // simdjson indexes a whole batch at once (about 4 bytes per input byte): blocks are
    // bounded by the reader's chunks, except where one line is longer than a chunk.
    constexpr std::size_t k_max_block = std::size_t{16} << 20;
    if (!m.usable || block.empty() || block.size() > k_max_block) {
        return false;
    }
    // One batch for the whole block.
    if (m.stream_parser.iterate_many(block.data(), block.size(), block.size() + k_line_padding)
            .get(m.stream) != simdjson::SUCCESS) {
        return false;
    }
    m.block = block;
    m.it = m.stream.begin();
    m.streaming = true;
    return true;
}

FastLineParser::StreamResult FastLineParser::stream_step(std::string_view line,
                                                         std::size_t line_end, std::int64_t& step,
                                                         double* values) {
    Impl& m = *m_impl;
    if (!m.streaming) {
        return StreamResult::stopped;
    }
    const auto stop = [&m] {
        m.streaming = false;
        return StreamResult::stopped;
    };
    const auto line_start = static_cast<std::size_t>(line.data() - m.block.data());
    // Find the document that starts where the line starts, past those of lines read elsewhere.
    for (;;) {
        if (!(m.it != m.stream.end())) {
            return stop();
        }
        const std::size_t index = m.it.current_index();
        if (index == line_start) {
            break;
        }
        if (index > line_start) {
            return stop(); // no document starts at this line
        }
        ++m.it;
    }
    if (!plain_ascii(line)) {
        return StreamResult::not_fast;
    }
    od::document_reference doc;
    if ((*m.it).get(doc) != simdjson::SUCCESS) {
        return stop();
    }
    od::object object;
    if (doc.get_object().get(object) != simdjson::SUCCESS ||
        !read_step_object(object, m.fields, step, values)) {
        // Another kind of record, or something wrong: the tolerant path reads the line. The
        // stream then skips the rest of this document, or ends if it cannot.
        return StreamResult::not_fast;
    }
    // The document must end on this line: the next token the stream indexed must lie beyond
    // the end of the line, with only white space before it. (Any non-blank byte after the
    // closing brace would start a token.) At the end of the indexed tokens the stream cannot
    // tell: it leaves an incomplete last document unindexed. Then the line is parsed alone.
    const char* location = nullptr;
    if (doc.current_location().get(location) != simdjson::SUCCESS) {
        return stop();
    }
    const auto next = static_cast<std::size_t>(location - m.block.data());
    if (next < line_end || next > m.block.size()) {
        return stop();
    }
    for (std::size_t i = line_end; i < next; ++i) {
        if (!is_space(m.block[i])) {
            return stop();
        }
    }
    return StreamResult::step;
}

} // namespace tracediff
