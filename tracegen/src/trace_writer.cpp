#include "trace_writer.hpp"

#include <fmt/format.h>

#include <cmath>

namespace tracegen {

std::string format_number(double value) {
    if (std::isnan(value)) {
        return "NaN";
    }
    if (std::isinf(value)) {
        return value > 0 ? "Infinity" : "-Infinity";
    }
    // fmt's default for a double is the shortest round-trip representation.
    return fmt::format("{}", value);
}

std::string quote(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
            } else {
                out += c;
            }
        }
    }
    out += '"';
    return out;
}

void JsonObject::key(std::string_view name) {
    if (!m_first) {
        m_text += ", ";
    }
    m_first = false;
    m_text += quote(name);
    m_text += ": ";
}

JsonObject& JsonObject::add(std::string_view name, std::string_view text) {
    key(name);
    m_text += quote(text);
    return *this;
}

JsonObject& JsonObject::add(std::string_view name, std::int64_t value) {
    key(name);
    m_text += fmt::format("{}", value);
    return *this;
}

JsonObject& JsonObject::add(std::string_view name, std::uint64_t value) {
    key(name);
    m_text += fmt::format("{}", value);
    return *this;
}

JsonObject& JsonObject::add(std::string_view name, bool value) {
    key(name);
    m_text += value ? "true" : "false";
    return *this;
}

JsonObject& JsonObject::add(std::string_view name, float value) {
    return add(name, static_cast<double>(value));
}

JsonObject& JsonObject::add(std::string_view name, double value) {
    key(name);
    m_text += format_number(value);
    return *this;
}

JsonObject& JsonObject::add_raw(std::string_view name, std::string_view json) {
    key(name);
    m_text += json;
    return *this;
}

} // namespace tracegen
