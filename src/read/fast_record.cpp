#include "fast_record.hpp"

#include "tracediff/read/read_options.hpp" // k_max_line_bytes
#include "tracediff/read/step_table.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>
#include <string_view>
#include <system_error>

#include "fast_tokens.hpp"
#include "number_text.hpp"

namespace tracediff {

namespace {

using namespace fast_tokens;

const char* skip_space(const char* p, const char* end) {
    while (p < end && is_space(*p)) {
        ++p;
    }
    return p;
}

// Where a literal (`word`, e.g. "true") that starts at `p` ends; nullptr when it is not there.
const char* literal_end(const char* p, const char* end, std::string_view word) {
    if (static_cast<std::size_t>(end - p) < word.size() ||
        std::memcmp(p, word.data(), word.size()) != 0) {
        return nullptr;
    }
    return p + word.size();
}

bool starts_number(char c) {
    return c == '-' || is_digit(c);
}

// A requested numeric member, read as nlohmann/json reads it and converts it to double: an
// integer that fits int64 or uint64 is read as that integer and converted (so "-0" is +0.0);
// anything else is read as a correctly rounded double (std::from_chars, as strtod reads it).
// `decimals` is how many decimals the token has. Returns the token's end, nullptr when the
// tolerant path must read the member.
const char* convert(const NumberToken& t, double& out, std::int8_t& decimals) {
    const NumberShape& shape = t.shape;
    if (!shape.valid) {
        return nullptr;
    }
    if (shape.integer) {
        decimals = 0;
        std::int64_t i = 0;
        if (std::from_chars(t.begin, t.end, i).ec == std::errc()) {
            out = static_cast<double>(i);
            return t.end;
        }
        std::uint64_t u = 0;
        if (*t.begin != '-' && std::from_chars(t.begin, t.end, u).ec == std::errc()) {
            out = static_cast<double>(u);
            return t.end;
        }
    }
    // Mantissas of up to 19 significant digits, which one 64-bit integer holds; longer ones
    // are rare in logs and left to the tolerant path.
    if (shape.significant > 19) {
        return nullptr;
    }
    // Out of range is an overflow (an error on the tolerant path) or an underflow: both are
    // left to the tolerant path.
    if (std::from_chars(t.begin, t.end, out).ec != std::errc()) {
        return nullptr;
    }
    decimals =
        shape.exponent
            ? written_decimals(std::string_view(t.begin, static_cast<std::size_t>(t.end - t.begin)))
            : static_cast<std::int8_t>(shape.decimals);
    return t.end;
}

// The value of a PlainNumber without a point and of at most 18 digits, which int64 holds
// whatever they are. "-0" is 0, as an integer.
std::int64_t small_integer(const char* p, const PlainNumber& n) {
    const auto value =
        static_cast<std::int64_t>(append_digits(0, p + (n.negative ? 1 : 0), n.int_digits));
    return n.negative ? -value : value;
}

#if defined(__x86_64__)
// Whether x87 arithmetic is what exact_quotient takes it to be: 64-bit significands (so not
// emulated in doubles, as under Valgrind: looked at once), and, in the control word, looked at
// each time as any code may change it, precision control at 64 bits and rounding to nearest.
bool extended_precision_rounds_to_nearest() {
    static const bool extended = [] {
        volatile std::uint64_t largest = ~std::uint64_t{0} >> 1; // 2^63 - 1: 63 bits
        // Through memory: an emulation may keep more in a register than it stores.
        volatile long double stored = static_cast<long double>(largest);
        return stored != 0x1p63L;
    }();
    std::uint16_t control = 0;
    __asm__ volatile("fnstcw %0" : "=m"(control));
    return extended && (control & 0xF00) == 0x300;
}
#endif

// A PlainNumber with a point, at most 19 significant digits and at most 22 decimals (27 where
// long double is x87's), as a double when that is exact by construction; false when it cannot
// be (from_chars reads it then). Its digits without the point make an integer D and the value
// is D / 10^decimals:
// - D at most 2^53 (always so with 15 digits or fewer) and 10^decimals up to 10^22 are exact
//   doubles, so their quotient is the correctly rounded value, the one strtod gives (the first
//   case of every exact reader, after Clinger);
// - D below 2^63 and 10^decimals up to 10^27 are exact in x87's extended precision (64-bit
//   significands): their quotient there is rounded once, to 64 bits, then again to a double's
//   53. The second rounding gives the correctly rounded value unless the first landed exactly
//   halfway between two doubles (its last 11 bits 10000000000), which is left to from_chars:
//   had the exact quotient been on the other side of a halfway point, that point, a 64-bit
//   number, would have been the nearer one to round to. Only on x86-64 (on i386 doubles may
//   be computed in x87 registers too), and only while x87 works as this takes it to.
bool exact_quotient(const char* p, const PlainNumber& n, double& out) {
    static constexpr double k_powers_of_ten[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const char* const q = p + (n.negative ? 1 : 0);
    const std::uint64_t digits =
        append_digits(append_digits(0, q, n.int_digits), q + n.int_digits + 1, n.fraction);
    if (digits <= (std::uint64_t{1} << 53) && n.fraction <= 22) {
        const double value =
            static_cast<double>(digits) / k_powers_of_ten[static_cast<std::size_t>(n.fraction)];
        out = n.negative ? -value : value;
        return true;
    }
#if defined(__x86_64__)
    if (extended_precision_rounds_to_nearest()) {
        static constexpr long double k_extended_powers_of_ten[] = {
            1e0L,  1e1L,  1e2L,  1e3L,  1e4L,  1e5L,  1e6L,  1e7L,  1e8L,  1e9L,
            1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L,
            1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L};
        if (digits >= (std::uint64_t{1} << 63) || n.fraction > 27) {
            return false;
        }
        const long double quotient = static_cast<long double>(digits) /
                                     k_extended_powers_of_ten[static_cast<std::size_t>(n.fraction)];
        std::uint64_t significand = 0; // x87: the 64-bit significand first, little-endian
        std::memcpy(&significand, &quotient, sizeof significand);
        if ((significand & 0x7FF) == 0x400) {
            return false;
        }
        const auto value = static_cast<double>(quotient);
        out = n.negative ? -value : value;
        return true;
    }
#endif
    return false;
}

// Validates a number the caller does not need. Without an exponent and with at most 300
// digits before the point it is finite, and no conversion is needed to know it.
const char* check_finite(const NumberToken& t) {
    const NumberShape& shape = t.shape;
    if (!shape.valid) {
        return nullptr;
    }
    if (!shape.exponent && shape.int_digits <= 300) {
        return t.end;
    }
    double d = 0.0;
    return shape.significant <= 19 && std::from_chars(t.begin, t.end, d).ec == std::errc()
               ? t.end
               : nullptr;
}

// Validates a member the caller does not need that is not a number: a plain string, true, false
// or null. Arrays and objects are left to the tolerant path.
const char* skip_value(const char* p, const char* end) {
    switch (*p) {
    case '"': {
        const char* const close = plain_string_end(p + 1, end);
        return close == nullptr ? nullptr : close + 1;
    }
    case 't':
        return literal_end(p, end, "true");
    case 'f':
        return literal_end(p, end, "false");
    case 'n':
        return literal_end(p, end, "null");
    default:
        return nullptr;
    }
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

FastRecord StepObjectReader::read(const char* begin, const char* end, std::int64_t& step,
                                  double* values, std::int8_t* decimals) {
    m_step = &step;
    m_values = values;
    m_decimals = decimals;
    if (!m_template.empty() && read_as_template(begin, end) == FastRecord::step) {
        m_template_misses = 0;
        return FastRecord::step;
    }
    const FastRecord record = read_member_by_member(begin, end);
    // A step line of another shape: the next lines are likely shaped as this one. But where
    // no line is shaped as the one before (members in any order), learning each line's shape
    // costs more than it gives: after two misses in a row, a shape is learned once in 16.
    if (record == FastRecord::step && (m_template_misses++ < 2 || m_template_misses % 16 == 0)) {
        // Fields absent or null are missing in every line of this shape.
        m_template.learn(begin, end, m_numbers);
        m_template_missing.clear();
        for (std::size_t f = 0; f < m_fields; ++f) {
            if (std::none_of(
                    m_numbers.begin(), m_numbers.end(),
                    [&](const LineTemplate::Number& n) { return n.id == k_first_field + f; })) {
                m_template_missing.push_back(f);
            }
        }
    }
    return record;
}

// A line of the template's shape: the same bytes but for its numbers, which must be valid.
FastRecord StepObjectReader::read_as_template(const char* begin, const char* end) {
    return match_template(begin, end) == end ? FastRecord::step : FastRecord::not_fast;
}

const char* StepObjectReader::read_line_as_template(const char* begin, const char* limit,
                                                    std::int64_t& step, double* values,
                                                    std::int8_t* decimals) {
    if (m_template.empty()) {
        return nullptr;
    }
    m_step = &step;
    m_values = values;
    m_decimals = decimals;
    const char* p = match_template(begin, limit);
    if (p == nullptr || static_cast<std::size_t>(p - begin) > k_max_line_bytes) {
        return nullptr;
    }
    if (p != limit && *p == '\r' && p + 1 < limit) {
        ++p;
    }
    if (p != limit && *p++ != '\n') {
        return nullptr; // not the line's end
    }
    m_template_misses = 0;
    return p;
}

// Where the template's tail ends when the bytes from `begin` are a line of its shape, within
// [begin, end); nullptr otherwise. Sets the step and the requested fields.
const char* StepObjectReader::match_template(const char* begin, const char* end) {
    const char* p = begin;
    const std::size_t numbers = m_template.numbers();
    PlainNumber n; // each number's, set by plain_number when it is one
    for (std::size_t i = 0; i < numbers; ++i) {
        if (!m_template.literal(i, p, end) || !starts_number(*p)) {
            return nullptr;
        }
        const std::size_t id = m_template.id(i);
        if (!plain_number(p, end, n)) {
            p = read_value(id, p, end);
        } else if (id >= k_first_field + m_fields) {
            p = n.end; // a member not requested: any plain number is finite
        } else {
            p = read_plain_number(id, p, n);
        }
        if (p == nullptr) {
            return nullptr;
        }
    }
    if (!m_template.literal(numbers, p, end)) {
        return nullptr;
    }
    for (const std::size_t f : m_template_missing) {
        m_values[f] = missing_value();
        m_decimals[f] = -1;
    }
    return p;
}

// As read_number, for a PlainNumber at `p`: what most numbers are, read without a NumberShape.
const char* StepObjectReader::read_plain_number(std::size_t id, const char* p,
                                                const PlainNumber& n) {
    const std::size_t field = id - k_first_field; // wraps for "kind" and the step
    if (field < m_fields) {
        if (n.fraction == 0) {
            if (n.int_digits > 18) {
                return read_value(id, p, n.end); // int64, uint64 or the tolerant path (convert)
            }
            m_values[field] = static_cast<double>(small_integer(p, n));
            m_decimals[field] = 0;
            return n.end;
        }
        // As convert: more than 19 significant digits, an overflow or an underflow are left to
        // the tolerant path.
        const int significant = significant_digits(p, n);
        if (significant > 19 || !exact_quotient(p, n, m_values[field])) {
            if (significant > 19 || std::from_chars(p, n.end, m_values[field]).ec != std::errc()) {
                return nullptr;
            }
        }
        m_decimals[field] = static_cast<std::int8_t>(n.fraction);
        return n.end;
    }
    if (id == k_step) {
        if (n.fraction != 0 || n.negative) {
            return nullptr;
        }
        if (n.int_digits > 18) {
            return read_value(id, p, n.end);
        }
        *m_step = small_integer(p, n);
        return n.end;
    }
    return id == k_kind ? nullptr : n.end; // any other plain number is finite
}

FastRecord StepObjectReader::read_member_by_member(const char* begin, const char* end) {
    if (m_keys.forget_if_full()) {
        m_order.clear();
    }
    m_seen.fill(0);
    m_eval = false;
    m_numbers.clear();
    const char* p = skip_space(begin, end);
    if (p == end || *p != '{') {
        return FastRecord::not_fast;
    }
    p = read_members(p + 1, end);
    // The object must be the whole line.
    if (p == nullptr || skip_space(p, end) != end) {
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
            m_values[f] = missing_value();
            m_decimals[f] = -1;
        }
    }
    return FastRecord::step;
}

// The members of the object whose '{' is just before `p`, up to its '}'; returns where the
// object ends, nullptr when the tolerant path must read the line.
const char* StepObjectReader::read_members(const char* p, const char* end) {
    p = skip_space(p, end);
    if (p < end && *p == '}') {
        m_order.clear();
        return p + 1;
    }
    for (std::size_t position = 0;; ++position) {
        if (p == end || *p != '"') {
            return nullptr;
        }
        std::size_t id = KeyTable::k_none;
        p = read_key(p + 1, end, position, id);
        if (p == nullptr || id == KeyTable::k_none || !first_time(id)) {
            return nullptr; // not plain, too many names, or named twice
        }
        p = skip_space(p, end);
        if (p == end || *p != ':') {
            return nullptr;
        }
        p = skip_space(p + 1, end);
        const char* const value = p;
        if (p == end || (p = read_value(id, p, end)) == nullptr) {
            return nullptr;
        }
        if (*value == '-' || is_digit(*value)) {
            m_numbers.push_back({id, value, p});
        }
        p = skip_space(p, end);
        if (p < end && *p == ',') {
            p = skip_space(p + 1, end);
            continue;
        }
        if (p < end && *p == '}') {
            m_order.resize(position + 1);
            return p + 1;
        }
        return nullptr;
    }
}

// The key whose raw text starts at `raw` (just after its opening quote): sets `id` (k_none
// when it is not plain or the key table is full) and returns where the key ends, after its
// closing quote. Mostly the name the last record had at this `position`; a new one is noted
// for the next record.
const char* StepObjectReader::read_key(const char* raw, const char* end, std::size_t position,
                                       std::size_t& id) {
    if (position < m_order.size() &&
        m_keys.raw_size(m_order[position]) <= static_cast<std::size_t>(end - raw) &&
        m_keys.matches(raw, m_order[position])) {
        id = m_order[position];
        return raw + m_keys.raw_size(id);
    }
    // Another name the table knows, or a new one.
    const char* close = nullptr;
    id = m_keys.find_raw(raw, static_cast<std::size_t>(end - raw));
    if (id != KeyTable::k_none) {
        close = raw + m_keys.raw_size(id) - 1;
    } else {
        close = plain_string_end(raw, end);
        if (close == nullptr) {
            return nullptr;
        }
        id = m_keys.find_or_add(std::string_view(raw, static_cast<std::size_t>(close - raw)));
    }
    if (id != KeyTable::k_none) {
        if (position < m_order.size()) {
            m_order[position] = static_cast<std::uint8_t>(id);
        } else {
            m_order.push_back(static_cast<std::uint8_t>(id));
        }
    }
    return close + 1;
}

const char* StepObjectReader::read_value(std::size_t id, const char* p, const char* end) {
    if (starts_number(*p)) {
        NumberToken t{p, nullptr, {}};
        t.shape = scan_number(p, end, t.end);
        return read_number(id, t);
    }
    if (id >= k_first_field && id < k_first_field + m_fields) {
        // A requested field that is not a number must be null: none.
        const std::size_t f = id - k_first_field;
        m_values[f] = missing_value();
        m_decimals[f] = -1;
        return literal_end(p, end, "null");
    }
    if (id == k_step) {
        return nullptr;
    }
    if (id == k_kind) {
        return read_kind(p, end);
    }
    return skip_value(p, end);
}

const char* StepObjectReader::read_number(std::size_t id, const NumberToken& t) {
    if (id >= k_first_field && id < k_first_field + m_fields) {
        const std::size_t f = id - k_first_field;
        return convert(t, m_values[f], m_decimals[f]);
    }
    if (id == k_step) {
        return read_step(t);
    }
    return id == k_kind ? nullptr : check_finite(t);
}

// A step number: a non-negative integer that fits int64.
const char* StepObjectReader::read_step(const NumberToken& t) {
    if (!t.shape.valid || !t.shape.integer || *t.begin == '-') {
        return nullptr;
    }
    if (t.shape.int_digits <= 18) { // fits int64 whatever the digits
        std::int64_t step = 0;
        for (const char* d = t.begin; d < t.end; ++d) {
            step = step * 10 + (*d - '0');
        }
        *m_step = step;
        return t.end;
    }
    return std::from_chars(t.begin, t.end, *m_step).ec == std::errc() ? t.end : nullptr;
}

// "step" and "eval" take the fast path; headers, other kinds and bad kinds the tolerant one.
const char* StepObjectReader::read_kind(const char* p, const char* end) {
    if (literal_end(p, end, "\"step\"") != nullptr) {
        return p + 6;
    }
    m_eval = literal_end(p, end, "\"eval\"") != nullptr;
    return m_eval ? p + 6 : nullptr;
}

} // namespace tracediff
