#include "fast_record.hpp"

#include "tracediff/read/step_table.hpp"

#include <limits>
#include <utility>

#include "fast_tokens.hpp"
#include "number_text.hpp"

namespace tracediff {

namespace {

using namespace fast_tokens;

// A requested numeric member, read as nlohmann/json reads it and converts it to double: an
// integer that fits int64 or uint64 is read as that integer and converted (so "-0" is +0.0);
// anything else is read as a correctly rounded double. `decimals` is how many decimals the
// token has.
bool read_number(od::value& v, std::string_view token, double& out, std::int8_t& decimals) {
    const NumberShape shape = scan_number(token);
    if (!shape.valid) {
        return false;
    }
    if (shape.integer) {
        decimals = 0;
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
    if (shape.significant > 19) {
        return false;
    }
    double d = 0.0;
    if (v.get_double().get(d) != simdjson::SUCCESS) {
        return false; // includes numbers too large for a double, an error on the tolerant path
    }
    out = d;
    decimals = shape.exponent ? written_decimals(token) : static_cast<std::int8_t>(shape.decimals);
    return true;
}

// Validates a number the caller does not need. Without an exponent and with at most 300
// digits before the point it is finite, and no conversion is needed to know it.
bool valid_number(od::value& v, std::string_view token) {
    const NumberShape shape = scan_number(token);
    if (!shape.valid) {
        return false;
    }
    if (!shape.exponent && shape.int_digits <= 300) {
        return true;
    }
    // get_double tells whether the number overflows, but not for every mantissa over 19
    // digits (read_number).
    double d = 0.0;
    return shape.significant <= 19 && v.get_double().get(d) == simdjson::SUCCESS;
}

// Validates a member the caller does not need. Arrays and objects are not skipped: on-demand
// skipping would not validate what is inside them.
bool skip_value(od::value& v, std::string_view token) {
    switch (token.front()) {
    case '"': {
        // Consumed, not left to the object's iteration: simdjson 3.0 skips a string followed
        // by ':' as a key ("s":"a":1), and would then lose count of the object's depth.
        od::raw_json_string raw;
        return v.get_raw_json_string().get(raw) == simdjson::SUCCESS &&
               plain_string_length(raw.raw()) != std::string_view::npos;
    }
    case 't':
    case 'f': {
        bool b = false;
        return v.get_bool().get(b) == simdjson::SUCCESS;
    }
    case 'n': {
        bool is_null = false;
        return v.is_null().get(is_null) == simdjson::SUCCESS && is_null;
    }
    default:
        return (token.front() == '-' || is_digit(token.front())) && valid_number(v, token);
    }
}

// A requested field: a number, or null for none.
bool read_field(od::value& v, std::string_view token, double& out, std::int8_t& decimals) {
    if (token.front() == 'n') {
        bool is_null = false;
        out = missing_value();
        decimals = -1;
        return v.is_null().get(is_null) == simdjson::SUCCESS && is_null;
    }
    return read_number(v, token, out, decimals); // false for a string, true, ...
}

std::vector<std::string> known_names(const std::vector<std::string>& fields,
                                     const std::string& step_key) {
    std::vector<std::string> names{"kind", step_key};
    names.insert(names.end(), fields.begin(), fields.end());
    return names;
}

} // namespace

StepObjectReader::StepObjectReader(const std::vector<std::string>& fields,
                                   const std::string& step_key)
    : m_fields(fields.size()), m_keys(known_names(fields, step_key)) {}

FastRecord StepObjectReader::read(od::object& object, std::int64_t& step, double* values,
                                  std::int8_t* decimals) {
    if (m_keys.forget_if_full()) {
        m_order.clear();
    }
    m_seen.fill(0);
    m_eval = false;
    m_step = &step;
    m_values = values;
    m_decimals = decimals;
    if (!read_members(object)) {
        return FastRecord::not_fast;
    }
    if (m_eval) {
        return FastRecord::eval;
    }
    if (!seen(k_step)) {
        return FastRecord::not_fast;
    }
    for (std::size_t f = 0; f < m_fields; ++f) {
        if (!seen(k_first_field + f)) {
            values[f] = missing_value();
            decimals[f] = -1;
        }
    }
    return FastRecord::step;
}

bool StepObjectReader::read_members(od::object& object) {
    std::size_t position = 0;
    for (auto member_result : object) {
        if (member_result.error() != simdjson::SUCCESS) {
            return false;
        }
        // The field where it lies: moving it out (get) costs a stalled load on every member.
        od::field&& member = std::move(member_result).value_unsafe();
        // Mostly the name the last record had at this place.
        const char* raw = member.key().raw();
        const std::size_t id = position < m_order.size() && m_keys.matches(raw, m_order[position])
                                   ? m_order[position]
                                   : learn_key(raw, position);
        ++position;
        if (id == KeyTable::k_none || !first_time(id)) {
            return false; // not plain, too many names, or named twice
        }
        if (!read_member(id, member.value())) {
            return false;
        }
    }
    m_order.resize(position);
    return true;
}

// The id of the key at `raw`, the member's `position` in the record, when it is not the name
// the last record had there; noted for the next record.
std::size_t StepObjectReader::learn_key(const char* raw, std::size_t position) {
    const std::size_t id = m_keys.find_or_add(raw);
    if (id != KeyTable::k_none) {
        if (position < m_order.size()) {
            m_order[position] = static_cast<std::uint8_t>(id);
        } else {
            m_order.push_back(static_cast<std::uint8_t>(id));
        }
    }
    return id;
}

bool StepObjectReader::read_member(std::size_t id, od::value& v) {
    const std::string_view token = v.raw_json_token();
    if (token.empty()) {
        return false;
    }
    if (id >= k_first_field && id < k_first_field + m_fields) {
        const std::size_t f = id - k_first_field;
        return read_field(v, token, m_values[f], m_decimals[f]);
    }
    if (id == k_step) {
        return read_step(v);
    }
    if (id == k_kind) {
        return read_kind(v);
    }
    return skip_value(v, token);
}

bool StepObjectReader::read_step(od::value& v) {
    const std::string_view token = v.raw_json_token();
    if (!is_digit(token.front())) {
        return false;
    }
    std::uint64_t u = 0;
    if (v.get_uint64().get(u) != simdjson::SUCCESS ||
        u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return false;
    }
    *m_step = static_cast<std::int64_t>(u);
    return true;
}

// "step" and "eval" take the fast path; headers, other kinds and bad kinds the tolerant one.
// A raw string equal to one of them has no escape.
bool StepObjectReader::read_kind(od::value& v) {
    od::raw_json_string kind;
    if (v.get_raw_json_string().get(kind) != simdjson::SUCCESS) {
        return false;
    }
    if (std::memcmp(kind.raw(), "step\"", 5) == 0) {
        return true;
    }
    m_eval = std::memcmp(kind.raw(), "eval\"", 5) == 0;
    return m_eval;
}

} // namespace tracediff
