#include "fast_record.hpp"

#include "tracediff/read/step_table.hpp"

#include <array>
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
bool read_number(od::value& v, double& out, std::int8_t& decimals) {
    const std::string_view token = v.raw_json_token();
    if (is_integer_token(token)) {
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
    if (more_than_19_significant_digits(token)) {
        return false;
    }
    double d = 0.0;
    if (v.get_double().get(d) != simdjson::SUCCESS) {
        return false; // includes numbers too large for a double, an error on the tolerant path
    }
    out = d;
    decimals = written_decimals(token);
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

// Reads the members of one step record. Every read_* returns false when the tolerant path
// must read the line instead.
class StepObjectReader {
public:
    StepObjectReader(const std::vector<std::string>& fields, const std::string& step_key,
                     std::int64_t& step, double* values, std::int8_t* decimals)
        : m_fields(fields), m_step_key(step_key), m_step(step), m_values(values),
          m_decimals(decimals) {}

    bool read(od::object& object) {
        for (auto member_result : object) {
            od::field member;
            if (std::move(member_result).get(member) != simdjson::SUCCESS) {
                return false;
            }
            if (!read_member(member.key(), member.value())) {
                return false;
            }
        }
        if ((m_seen & k_step) == 0) {
            return false;
        }
        for (std::size_t f = 0; f < m_fields.size(); ++f) {
            if ((m_seen & field_bit(f)) == 0) {
                m_values[f] = missing_value();
                m_decimals[f] = -1;
            }
        }
        return true;
    }

private:
    // Bits 0 and 1 of the seen-mask are "kind" and "step"; fields take the bits above.
    static constexpr std::uint64_t k_kind = 1;
    static constexpr std::uint64_t k_step = 2;
    static std::uint64_t field_bit(std::size_t f) { return std::uint64_t{4} << f; }

    // Notes a member; false when it was seen before (the tolerant path reports or resolves it).
    bool first_time(std::uint64_t bit) {
        if ((m_seen & bit) != 0) {
            return false;
        }
        m_seen |= bit;
        return true;
    }

    bool read_member(const od::raw_json_string& key, od::value& v) {
        if (key.unsafe_is_equal(m_step_key)) {
            return first_time(k_step) && read_step(v);
        }
        if (key.unsafe_is_equal("kind")) {
            return first_time(k_kind) && read_kind(v);
        }
        for (std::size_t f = 0; f < m_fields.size(); ++f) {
            if (key.unsafe_is_equal(m_fields[f])) {
                return first_time(field_bit(f)) && read_field(v, m_values[f], m_decimals[f]);
            }
        }
        return read_other(key, v);
    }

    bool read_step(od::value& v) {
        const std::string_view token = v.raw_json_token();
        if (token.empty() || !is_digit(token.front())) {
            return false;
        }
        std::uint64_t u = 0;
        if (v.get_uint64().get(u) != simdjson::SUCCESS ||
            u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            return false;
        }
        m_step = static_cast<std::int64_t>(u);
        return true;
    }

    static bool read_kind(od::value& v) {
        // No backslash in the line, so the raw string is the string itself.
        od::raw_json_string kind;
        // Headers, other kinds and bad kinds take the tolerant path.
        return v.get_raw_json_string().get(kind) == simdjson::SUCCESS &&
               kind.unsafe_is_equal("step");
    }

    static bool read_field(od::value& v, double& out, std::int8_t& decimals) {
        od::json_type type{};
        if (v.type().get(type) != simdjson::SUCCESS) {
            return false;
        }
        if (type == od::json_type::number) {
            return read_number(v, out, decimals);
        }
        if (type == od::json_type::null) {
            bool is_null = false;
            out = missing_value();
            decimals = -1;
            return v.is_null().get(is_null) == simdjson::SUCCESS && is_null;
        }
        return false; // not a number: the tolerant path reports it
    }

    // A member that was not requested: validated and skipped, unless it is named twice.
    bool read_other(const od::raw_json_string& key, od::value& v) {
        if (m_other_count == k_max_other) {
            return false;
        }
        // No backslash in the line, so the name ends at the next quote (simdjson has checked
        // that the string is closed).
        const char* name = key.raw();
        const char* end = name;
        while (*end != '"') {
            ++end;
        }
        const std::string_view other(name, static_cast<std::size_t>(end - name));
        for (std::size_t i = 0; i < m_other_count; ++i) {
            if (m_others[i] == other) {
                return false; // named twice: the tolerant path reports it
            }
        }
        m_others[m_other_count++] = other;
        return skip_value(v);
    }

    const std::vector<std::string>& m_fields;
    const std::string& m_step_key;
    std::int64_t& m_step;
    double* m_values;
    std::int8_t* m_decimals;
    std::uint64_t m_seen = 0;
    // The other members' names: the tolerant path rejects a record that names a member twice.
    static constexpr std::size_t k_max_other = 32;
    std::array<std::string_view, k_max_other> m_others;
    std::size_t m_other_count = 0;
};

} // namespace

bool read_step_object(od::object& object, const std::vector<std::string>& fields,
                      const std::string& step_key, std::int64_t& step, double* values,
                      std::int8_t* decimals) {
    return StepObjectReader(fields, step_key, step, values, decimals).read(object);
}

} // namespace tracediff
