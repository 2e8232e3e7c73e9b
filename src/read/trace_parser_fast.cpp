// TraceParser's fast path: blocks of lines through simdjson, and with ReadOptions::threads = 2
// the second half of each block read on another thread (line_preparse.hpp).
#include "tracediff/read/fast_line.hpp"
#include "tracediff/read/trace_parser.hpp"

#include "line_preparse.hpp"
#include "trace_lines.hpp"

namespace tracediff {

// With two threads, the step records of the block's second half are read on the other thread
// while this one reads the first half (line_preparse.hpp).
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

// Reads the line as a step record on the fast path, in block mode where it is on; false when
// the tolerant path must read it.
bool TraceParser::read_fast(std::string_view line, bool padded, std::int64_t& step) {
    if (m_in_block) {
        switch (m_fast->stream_step(line, m_block_line_end, step, m_record_values.data())) {
        case FastLineParser::StreamResult::step:
            return true;
        case FastLineParser::StreamResult::not_fast:
            return false;
        case FastLineParser::StreamResult::stopped:
            m_in_block = false;
            break;
        }
    }
    std::string_view fast_line = line;
    if (!padded) {
        m_scratch.assign(line);
        m_scratch.append(k_line_padding, ' ');
        fast_line = std::string_view(m_scratch).substr(0, line.size());
    }
    return m_fast->parse_step(fast_line, step, m_record_values.data());
}

bool TraceParser::take_preparsed(std::size_t index) {
    std::int64_t step = 0;
    const double* values = nullptr;
    if (!m_preparse->step_of(index, step, values)) {
        return false;
    }
    ++m_records;
    ++m_fast_records;
    m_table.add(step, values, m_line_no);
    return true;
}

bool TraceParser::try_fast(std::string_view line, bool padded) {
    std::int64_t step = 0;
    if (!read_fast(line, padded, step)) {
        return false;
    }
    ++m_records;
    ++m_fast_records;
    m_table.add(step, m_record_values.data(), m_line_no);
    return true;
}

} // namespace tracediff
