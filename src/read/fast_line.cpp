#include "tracediff/read/fast_line.hpp"

#include "tracediff/read/read_options.hpp" // k_max_line_bytes

#include <string_view>

#include "fast_record.hpp"
#include "fast_tokens.hpp"

namespace tracediff {

using namespace fast_tokens;

struct FastLineParser::Impl {
    Impl(const std::vector<std::string>& fields, const std::string& step_key)
        : reader(fields, step_key) {}

    StepObjectReader reader;
    bool usable = true;
};

FastLineParser::FastLineParser(const std::vector<std::string>& fields, std::string step_key)
    : m_impl(std::make_unique<Impl>(fields, step_key)) {
    // The key table holds "kind", the step member and the fields, and must leave room for
    // the names it learns; each name is compared raw, so it must be plain.
    if (fields.size() > 62 || step_key == "kind" || !plain_ascii(step_key)) {
        m_impl->usable = false;
    }
    for (const auto& name : fields) {
        if (name == "kind" || name == step_key || !plain_ascii(name)) {
            m_impl->usable = false;
        }
    }
}

FastLineParser::~FastLineParser() = default;

bool FastLineParser::usable() const {
    return m_impl->usable;
}

bool FastLineParser::parse_step(std::string_view line, std::int64_t& step, double* values,
                                std::int8_t* decimals) {
    return parse_line(line, step, values, decimals) == LineResult::step;
}

FastLineParser::LineResult FastLineParser::parse_line(std::string_view line, std::int64_t& step,
                                                      double* values, std::int8_t* decimals) {
    if (!m_impl->usable || line.size() > k_max_line_bytes) {
        return LineResult::not_fast;
    }
    switch (m_impl->reader.read(line.data(), line.data() + line.size(), step, values, decimals)) {
    case FastRecord::step:
        return LineResult::step;
    case FastRecord::eval:
        return LineResult::eval;
    case FastRecord::not_fast:
        break;
    }
    return LineResult::not_fast;
}

const char* FastLineParser::parse_shaped_line(const char* begin, const char* limit,
                                              std::int64_t& step, double* values,
                                              std::int8_t* decimals) {
    return m_impl->reader.read_line_as_template(begin, limit, step, values, decimals);
}

} // namespace tracediff
