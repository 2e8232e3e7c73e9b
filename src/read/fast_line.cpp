#include "tracediff/read/fast_line.hpp"

#include "tracediff/read/read_options.hpp" // k_max_line_bytes

#include <simdjson.h>
#include <string_view>

#include "fast_record.hpp"
#include "fast_tokens.hpp"

namespace tracediff {

static_assert(k_line_padding >= simdjson::SIMDJSON_PADDING);

using namespace fast_tokens;

struct FastLineParser::Impl {
    Impl(const std::vector<std::string>& fields, const std::string& step_key)
        : reader(fields, step_key) {}

    od::parser parser;
    StepObjectReader reader;
    bool usable = true;

    // Block mode: one document stream over many lines.
    od::parser stream_parser;
    od::document_stream stream;
    od::document_stream::iterator it;
    std::string_view block;
    bool streaming = false;
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
    const simdjson::padded_string_view input(line.data(), line.size(),
                                             line.size() + k_line_padding);
    od::document doc;
    if (m_impl->parser.iterate(input).get(doc) != simdjson::SUCCESS) {
        return LineResult::not_fast;
    }
    od::object object;
    if (doc.get_object().get(object) != simdjson::SUCCESS) {
        return LineResult::not_fast;
    }
    const FastRecord record = m_impl->reader.read(object, step, values, decimals);
    // The object must be the whole document: nothing may follow its closing brace.
    const char* location = nullptr;
    if (record == FastRecord::not_fast ||
        doc.current_location().get(location) != simdjson::OUT_OF_BOUNDS) {
        return LineResult::not_fast;
    }
    return record == FastRecord::eval ? LineResult::eval : LineResult::step;
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
                                                         double* values, std::int8_t* decimals) {
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
    od::document_reference doc;
    if ((*m.it).get(doc) != simdjson::SUCCESS) {
        return stop();
    }
    od::object object;
    const FastRecord record = doc.get_object().get(object) == simdjson::SUCCESS
                                  ? m.reader.read(object, step, values, decimals)
                                  : FastRecord::not_fast;
    if (record == FastRecord::not_fast) {
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
    return record == FastRecord::eval ? StreamResult::eval : StreamResult::step;
}

} // namespace tracediff
