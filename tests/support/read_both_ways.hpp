// Reading one text every way the reader can: tolerant path only, fast path line by line, and
// fast path over blocks; for tests that both paths give the same trace bit for bit.
#pragma once

#include "tracediff/error.hpp"
#include "tracediff/read/fast_line.hpp"
#include "tracediff/read/trace_parser.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace tracediff::testing {

// What reading gives: the trace, or the error message.
struct Outcome {
    std::optional<Trace> trace;
    std::string error;
    std::size_t fast_records = 0;
};

enum class Mode {
    tolerant,    // nlohmann/json only
    lines,       // the fast path line by line (TraceParser::add_line)
    block,       // the fast path over blocks of lines (TraceParser::add_padded_lines)
    two_threads, // blocks, the second half of each read on another thread (threads = 2)
};

inline Outcome read_text(const std::string& text, Mode mode, const ReadOptions& base = {}) {
    ReadOptions options = base;
    options.fast_path = mode != Mode::tolerant;
    if (mode == Mode::two_threads) {
        options.threads = 2;
    }
    Outcome out;
    TraceParser parser("t.jsonl", options);
    try {
        if (mode == Mode::block || mode == Mode::two_threads) {
            std::string padded = text;
            padded.append(k_line_padding, '\0');
            parser.add_padded_lines(std::string_view(padded).substr(0, text.size()));
        } else {
            std::string_view rest = text;
            while (!rest.empty()) {
                const auto newline = rest.find('\n');
                parser.add_line(rest.substr(0, newline));
                if (newline == std::string_view::npos) {
                    break;
                }
                rest.remove_prefix(newline + 1);
            }
        }
        out.fast_records = parser.fast_records();
        out.trace = parser.finish();
    } catch (const Error& e) {
        out.error = e.what();
    }
    return out;
}

inline std::string bits(const std::vector<double>& values) {
    std::string s;
    for (const double v : values) {
        s += std::to_string(std::bit_cast<std::uint64_t>(v)) + " ";
    }
    return s;
}

// Everything a trace holds, values as bit patterns.
inline std::string describe(const Trace& t) {
    std::ostringstream out;
    out << "path=" << t.path << " header=" << (t.header ? t.header->dump() : "-")
        << " header_line=" << t.header_line << " step_records=" << t.step_records
        << " duplicates=" << t.duplicate_records << " first_dup=" << t.first_duplicate_step
        << " truncated=" << t.truncated_last_line
        << " last_eval=" << (t.last_eval ? t.last_eval->dump() : "-") << "\n";
    for (const auto& [kind, n] : t.ignored_kinds) {
        out << "kind " << kind << "=" << n << "\n";
    }
    for (const auto& w : t.warnings) {
        out << "warning " << w << "\n";
    }
    for (const auto& f : t.fields) {
        out << "field " << f.name << " without=" << f.records_without
            << " first_line_without=" << f.first_line_without << "\n steps:";
        for (const auto s : f.series.steps) {
            out << " " << s;
        }
        out << "\n values: " << bits(f.series.values) << "\n";
    }
    return out.str();
}

inline std::string describe(const Outcome& o) {
    return o.trace ? describe(*o.trace) : "error: " + o.error;
}

// Reads `text` in every mode and expects the same result; returns the block mode's outcome.
inline Outcome expect_same(const std::string& text, const ReadOptions& options = {}) {
    const Outcome tolerant = read_text(text, Mode::tolerant, options);
    const Outcome lines = read_text(text, Mode::lines, options);
    const Outcome block = read_text(text, Mode::block, options);
    const Outcome two = read_text(text, Mode::two_threads, options);
    EXPECT_EQ(describe(lines), describe(tolerant)) << "line by line, input:\n" << text;
    EXPECT_EQ(describe(block), describe(tolerant)) << "block, input:\n" << text;
    EXPECT_EQ(describe(two), describe(tolerant)) << "two threads, input:\n" << text;
    EXPECT_EQ(two.fast_records, block.fast_records) << "two threads, input:\n" << text;
    EXPECT_EQ(tolerant.fast_records, 0u);
    return block;
}

} // namespace tracediff::testing
