// The reader's fast path against its tolerant path (nlohmann/json) on random traces in many
// number styles, random corruptions of step lines, lines of one shape and random chunk boundaries:
// both must give the same trace, bit for bit, or the same error.
#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/read/fast_line.hpp"
#include "tracediff/read/read_trace.hpp"
#include "tracediff/read/trace_parser.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cerrno>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "../../support/random_traces.hpp"
#include "../../support/read_both_ways.hpp"

namespace tracediff {
namespace {

using testing::describe;
using testing::expect_same;
using testing::Mode;
using testing::Outcome;
using testing::printf_string;
using testing::random_number_text;
using testing::random_step_line;
using testing::random_trace;
using testing::random_value;
using testing::read_text;

TEST(FastReader, RandomTracesReadTheSameBothWays) {
    std::mt19937_64 rng(20261124);
    ReadOptions both_fields;
    both_fields.fields = {{"loss", false}, {"lr", false}};
    std::size_t fast = 0;
    std::size_t traces_read = 0;
    for (int i = 0; i < 400; ++i) {
        const std::string text = random_trace(rng, 1 + rng() % 60);
        const Outcome o = expect_same(text, i % 2 == 0 ? ReadOptions{} : both_fields);
        fast += o.fast_records;
        traces_read += o.trace ? 1 : 0;
    }
    // The fast path must have done most of the work, and most traces must have been readable.
    EXPECT_GT(fast, 5000u);
    EXPECT_GT(traces_read, 100u);
}

// One random edit of `line`: a byte removed, inserted or replaced, the line cut short, or a
// member repeated or added.
void corrupt(std::string& line, std::mt19937_64& rng) {
    static const std::string k_chars = "{}[]:,\"\\ -+.eE0123456789tfnulsNaIy\t\x01\xC3\xA9x";
    const std::size_t at = rng() % (line.size() + 1);
    const char c = k_chars[rng() % k_chars.size()];
    switch (rng() % 5) {
    case 0:
        if (at < line.size()) {
            line.erase(at, 1);
        }
        break;
    case 1:
        line.insert(at, 1, c);
        break;
    case 2:
        if (at < line.size()) {
            line[at] = c;
        }
        break;
    case 3:
        line = line.substr(0, at);
        break;
    default: // repeat a member, or add one
        line.insert(line.size() > 1 ? line.size() - 1 : 0,
                    (rng() & 1) != 0 ? ",\"loss\":2.5" : ",\"step\":7");
    }
}

TEST(FastReader, CorruptedLinesAreNeverAcceptedWrongly) {
    std::mt19937_64 rng(99);
    for (int i = 0; i < 6000; ++i) {
        std::string line = random_step_line(rng, 5);
        const int edits = 1 + static_cast<int>(rng() % 3);
        for (int e = 0; e < edits; ++e) {
            corrupt(line, rng);
        }
        const std::string before = "{\"step\":1,\"loss\":1}\n{\"step\":2,\"loss\":2}\n";
        const bool last = rng() % 4 == 0;
        const std::string text = before + line + (last ? "\n" : "\n{\"step\":9,\"loss\":9}\n");
        expect_same(text);
    }
}

// Step lines written by one format string, with other numbers: the fast path reads a line
// shaped as the step line before it by comparing its bytes (line_template.hpp). A line that
// differs anywhere else, however slightly, must still read as the tolerant path reads it.
TEST(FastReader, LinesShapedAsTheOneBeforeReadTheSameBothWays) {
    std::mt19937_64 rng(1206);
    const char* const k_shapes[] = {
        "{\"kind\": \"step\", \"step\": S, \"epoch\": N, \"loss\": N, \"lr\": N, \"tag\": \"a b\"}",
        "{\"step\":S,\"loss\":N,\"lr\":N}",
        "{\"loss\": N, \"flag\": true, \"step\": S, \"none\": null, \"lr\": N}",
        "{\"step\":S,\"a_member_name_longer_than_sixteen_bytes\":N,\"loss\":N}",
    };
    ReadOptions both_fields;
    both_fields.fields = {{"loss", false}, {"lr", false}};
    std::size_t fast = 0;
    for (int i = 0; i < 1500; ++i) {
        const std::string shape = k_shapes[rng() % std::size(k_shapes)];
        std::string text;
        for (int step = 1; step <= 6; ++step) {
            std::string line;
            for (const char c : shape) {
                if (c == 'S') {
                    line += std::to_string(step);
                } else if (c == 'N') {
                    line += rng() % 8 == 0 ? "null" : random_number_text(rng, random_value(rng));
                } else {
                    line += c;
                }
            }
            if (rng() % 3 == 0) {
                corrupt(line, rng);
            }
            text += line + (rng() % 5 == 0 ? "\r\n" : "\n");
            if (rng() % 10 == 0) {
                text +=
                    "{\"kind\":\"eval\",\"step\":" + std::to_string(step) + ",\"val_loss\":1.5}\n";
            }
        }
        fast += expect_same(text, i % 2 == 0 ? ReadOptions{} : both_fields).fast_records;
    }
    EXPECT_GT(fast, 1000u); // many lines were read fast (a corrupted line often ends the trace)
}

TEST(FastReader, ChunkBoundariesDoNotChangeAnything) {
    std::mt19937_64 rng(3);
    std::string text = "\xEF\xBB\xBF{\"kind\":\"header\"}\r\n";
    for (std::int64_t step = 1; step <= 40000; ++step) {
        text += random_step_line(rng, step);
        if (step % 10000 == 0) {
            text += std::string(1 << 20, ' '); // a line longer than a chunk
        }
        text += (step % 3 == 0) ? "\r\n" : "\n";
    }
    text += "{\"step\":40001,\"loss\":1}";
    InputFile input(InMemoryFile{"t.jsonl", text});
    const Trace t = read_trace(input, "t.jsonl", ReadOptions{{{"loss", false}, {"lr", false}}});
    const Outcome o =
        read_text(text, Mode::tolerant, ReadOptions{{{"loss", false}, {"lr", false}}});
    ASSERT_TRUE(o.trace) << o.error;
    EXPECT_EQ(describe(t), describe(*o.trace));
}

} // namespace
} // namespace tracediff
