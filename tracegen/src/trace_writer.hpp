#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tracegen {

// Shortest decimal that reads back as the same double; NaN and infinities as the bare
// tokens NaN, Infinity and -Infinity that the trace format accepts.
std::string format_number(double value);

// A JSON string literal with the necessary escapes.
std::string quote(std::string_view text);

// Builds one JSON object with members in the order they are added, in the style
// {"key": value, "key": value}.
class JsonObject {
public:
    JsonObject& add(std::string_view key, std::string_view text);
    JsonObject& add(std::string_view key, const char* text) {
        return add(key, std::string_view(text));
    }
    JsonObject& add(std::string_view key, std::int64_t value);
    JsonObject& add(std::string_view key, std::uint64_t value);
    JsonObject& add(std::string_view key, bool value);
    // A float32 value, written as the double it converts to exactly.
    JsonObject& add(std::string_view key, float value);
    JsonObject& add(std::string_view key, double value);
    // A value that is already JSON text (e.g. a nested object).
    JsonObject& add_raw(std::string_view key, std::string_view json);

    std::string str() const { return m_text + "}"; }

private:
    void key(std::string_view name);

    std::string m_text = "{";
    bool m_first = true;
};

} // namespace tracegen
