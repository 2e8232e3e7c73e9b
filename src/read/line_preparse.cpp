#include "line_preparse.hpp"

#include "trace_lines.hpp"

namespace tracediff {

LinePreparse::LinePreparse(const std::vector<std::string>& fields, const std::string& step_key)
    : m_fast(fields, step_key), m_columns(fields.size()) {}

LinePreparse::~LinePreparse() {
    wait();
}

void LinePreparse::start(std::string_view lines) {
    wait();
    m_thread = std::thread([this, lines] { read(lines); });
}

void LinePreparse::wait() {
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

bool LinePreparse::step_of(std::size_t i, std::int64_t& step, const double*& values,
                           const std::int8_t*& decimals) const {
    if (i >= m_read.size() || m_read[i] == 0) {
        return false;
    }
    step = m_steps[i];
    values = m_values.data() + i * m_columns;
    decimals = m_decimals.data() + i * m_columns;
    return true;
}

// As TraceParser::add_block_lines reads the lines of a block, one result per line. Anything it
// throws leaves the lines to the parser.
void LinePreparse::read(std::string_view lines) {
    m_read.clear();
    m_steps.clear();
    m_values.clear();
    m_decimals.clear();
    try {
        std::size_t pos = 0;
        while (pos < lines.size()) {
            m_steps.push_back(0);
            m_values.resize(m_values.size() + m_columns);
            double* values = m_values.data() + m_values.size() - m_columns;
            m_decimals.resize(m_decimals.size() + m_columns);
            std::int8_t* decimals = m_decimals.data() + m_decimals.size() - m_columns;
            // A step line shaped as the one before: read at once, up to the next line.
            const char* const next = m_fast.parse_shaped_line(
                lines.data() + pos, lines.data() + lines.size(), m_steps.back(), values, decimals);
            if (next != nullptr) {
                m_read.push_back(1);
                pos = static_cast<std::size_t>(next - lines.data());
                continue;
            }
            const std::size_t newline = lines.find('\n', pos);
            const std::size_t end = newline == std::string_view::npos ? lines.size() : newline;
            const std::string_view line = trace_lines::trim(lines.substr(pos, end - pos));
            pos = end + 1;
            // An eval record is left to the caller, which keeps it.
            const bool read =
                !line.empty() && m_fast.parse_step(line, m_steps.back(), values, decimals);
            m_read.push_back(read ? 1 : 0);
        }
    } catch (...) {
        m_read.assign(m_read.size(), 0);
    }
}

} // namespace tracediff
