// The reader's fast path (simdjson) against its tolerant path (nlohmann/json): for any input,
// both must give the same trace, bit for bit, or the same error. Random traces in many number
// styles, random corruptions of step lines, hand-picked corner cases, and every trace file of
// the repository.
#include "tracediff/error.hpp"
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
#include <sstream>
#include <string>
#include <vector>

namespace tracediff {
namespace {

// What reading gives: the trace, or the error message.
struct Outcome {
    std::optional<Trace> trace;
    std::string error;
    std::size_t fast_records = 0;
};

enum class Mode {
    tolerant, // nlohmann/json only
    lines,    // the fast path line by line (TraceParser::add_line)
    block,    // the fast path over blocks of lines (TraceParser::add_padded_lines)
};

Outcome read_text(const std::string& text, Mode mode, const ReadOptions& base = {}) {
    ReadOptions options = base;
    options.fast_path = mode != Mode::tolerant;
    Outcome out;
    TraceParser parser("t.jsonl", options);
    try {
        if (mode == Mode::block) {
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

std::string bits(const std::vector<double>& values) {
    std::string s;
    for (const double v : values) {
        s += std::to_string(std::bit_cast<std::uint64_t>(v)) + " ";
    }
    return s;
}

// Everything a trace holds, values as bit patterns.
std::string describe(const Trace& t) {
    std::ostringstream out;
    out << "path=" << t.path << " header=" << (t.header ? t.header->dump() : "-")
        << " header_line=" << t.header_line << " step_records=" << t.step_records
        << " duplicates=" << t.duplicate_records << " first_dup=" << t.first_duplicate_step
        << " truncated=" << t.truncated_last_line << "\n";
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

std::string describe(const Outcome& o) {
    return o.trace ? describe(*o.trace) : "error: " + o.error;
}

// Reads `text` in every mode and expects the same result; returns the block mode's outcome.
Outcome expect_same(const std::string& text, const ReadOptions& options = {}) {
    const Outcome tolerant = read_text(text, Mode::tolerant, options);
    const Outcome lines = read_text(text, Mode::lines, options);
    const Outcome block = read_text(text, Mode::block, options);
    EXPECT_EQ(describe(lines), describe(tolerant)) << "line by line, input:\n" << text;
    EXPECT_EQ(describe(block), describe(tolerant)) << "block, input:\n" << text;
    EXPECT_EQ(tolerant.fast_records, 0u);
    return block;
}

std::string printf_string(const char* format, double value) {
    char buf[512];
    std::snprintf(buf, sizeof buf, format, value);
    return buf;
}

// A random finite double from one of several families.
double random_value(std::mt19937_64& rng) {
    std::uniform_int_distribution<int> family(0, 7);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    switch (family(rng)) {
    case 0: // a float32 value, as float32 training code logs them
        return static_cast<double>(static_cast<float>(unit(rng) * 5.0));
    case 1: // any finite double
        for (;;) {
            const double d = std::bit_cast<double>(rng());
            if (std::isfinite(d)) {
                return d;
            }
        }
    case 2: // small, tiny and subnormal magnitudes
        return std::ldexp(unit(rng), -static_cast<int>(rng() % 1080));
    case 3: // large magnitudes, short of overflow in every style below
        return std::ldexp(unit(rng), static_cast<int>(rng() % 1000));
    case 4: // zeros
        return (rng() & 1) != 0 ? 0.0 : -0.0;
    case 5: // integers
        return static_cast<double>(static_cast<std::int64_t>(rng() >> (rng() % 64)));
    case 6: // a learning rate
        return 0.001 * std::pow(0.5, static_cast<int>(rng() % 10));
    default:
        return -unit(rng) * 1e3;
    }
}

// `value` written in a random style; the style may also yield a non-number token.
std::string random_number_text(std::mt19937_64& rng, double value) {
    switch (rng() % 14) {
    case 0: { // shortest round trip, Python repr style
        std::string s = printf_string("%.17g", value);
        for (int precision = 1; precision <= 17; ++precision) {
            const std::string t =
                printf_string(("%." + std::to_string(precision) + "g").c_str(), value);
            if (std::strtod(t.c_str(), nullptr) == value) {
                s = t;
                break;
            }
        }
        return s;
    }
    case 1:
        return printf_string("%.6f", value);
    case 2:
        return printf_string("%.9g", value);
    case 3:
        return printf_string("%.17g", value);
    case 4:
        return printf_string("%e", value);
    case 5:
        return printf_string("%.3E", value);
    case 6: // an integer (the value's integer part, clamped)
        if (std::fabs(value) < 9e18) {
            return std::to_string(static_cast<std::int64_t>(value));
        }
        return "123456789012345678901234567890";
    case 7: { // integers near and beyond the limits of int64 and uint64
        static const char* const k_ints[] = {"9223372036854775807",
                                             "9223372036854775808",
                                             "-9223372036854775808",
                                             "-9223372036854775809",
                                             "18446744073709551615",
                                             "18446744073709551616",
                                             "-0",
                                             "0",
                                             "340282366920938463463374607431768211457"};
        return k_ints[rng() % std::size(k_ints)];
    }
    case 8: { // odd but valid spellings
        static const char* const k_odd[] = {"-0.0",
                                            "0e0",
                                            "1E+2",
                                            "1e-400",
                                            "2.5e-320",
                                            "1.0",
                                            "0.10e1",
                                            "-1.5e-3",
                                            "1e308",
                                            "4.9e-324",
                                            "1E0",
                                            "100e-2",
                                            "2.4199388027191162109375"};
        return k_odd[rng() % std::size(k_odd)];
    }
    case 9: { // non-numbers: the tolerant path reads or rejects them
        static const char* const k_tokens[] = {"NaN", "Infinity", "-Infinity", "null"};
        return k_tokens[rng() % std::size(k_tokens)];
    }
    default:
        return printf_string("%.9g", value);
    }
}

// A step record line with random layout, member order and extra members.
std::string random_step_line(std::mt19937_64& rng, std::int64_t step) {
    std::vector<std::string> members;
    const bool spaced = (rng() & 1) != 0;
    const std::string colon = spaced ? ": " : ":";
    if (rng() % 8 != 0) {
        members.push_back("\"kind\"" + colon + "\"step\"");
    }
    members.push_back("\"step\"" + colon + std::to_string(step));
    if (rng() % 10 != 0) {
        members.push_back("\"loss\"" + colon + random_number_text(rng, random_value(rng)));
    }
    if (rng() % 3 != 0) {
        members.push_back("\"lr\"" + colon + random_number_text(rng, random_value(rng)));
    }
    if (rng() % 4 == 0) {
        static const char* const k_extra[] = {"\"tag\"", "true",    "false", "null",
                                              "\"a b\"", "-12.5e3", "\"\"",  "0"};
        members.push_back("\"extra\"" + colon + k_extra[rng() % std::size(k_extra)]);
    }
    if (rng() % 4 == 0) {
        members.push_back("\"epoch\"" + colon + std::to_string(rng() % 100));
    }
    std::shuffle(members.begin(), members.end(), rng);
    std::string line = "{";
    for (std::size_t i = 0; i < members.size(); ++i) {
        line += (i == 0 ? "" : (spaced ? ", " : ",")) + members[i];
    }
    return line + "}";
}

std::string random_trace(std::mt19937_64& rng, std::size_t lines) {
    std::string text;
    if (rng() % 2 == 0) {
        text += "{\"kind\": \"header\", \"phase\": \"p\"}\n";
    }
    std::int64_t step = 1;
    for (std::size_t i = 0; i < lines; ++i) {
        const auto r = rng() % 40;
        if (r == 0) {
            text += "{\"kind\":\"eval\",\"step\":" + std::to_string(step) + ",\"val_loss\":1.5}\n";
        } else if (r == 1) {
            text += "\n";
        } else if (r == 2) {
            step -= static_cast<std::int64_t>(rng() % 3); // a repeat or a step out of order
        }
        text += random_step_line(rng, std::max<std::int64_t>(step, 0)) + "\n";
        ++step;
    }
    return text;
}

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

// One value per line, many lines: every finite value the fast path reads is the double strtod
// gives for its text.
// Found by fuzzing: simdjson 3.0's on-demand parser reads 0.000199999990000000474974513 as
// 3.9e-10. Numbers with more than 19 significant digits take the tolerant path.
TEST(FastReader, LongMantissasAreReadCorrectly) {
    const char* numbers[] = {"0.000199999990000000474974513", "0.1999999990000000474974513",
                             "0.000399999989999999494757503"};
    std::string text = "{\"step\":0,\"loss\":0}\n";
    for (int i = 0; i < 3; ++i) {
        text += "{\"step\":" + std::to_string(i + 1) + ",\"loss\":" + numbers[i] + "}\n";
    }
    const Outcome o = expect_same(text);
    ASSERT_TRUE(o.trace) << o.error;
    const auto& values = o.trace->field("loss").series.values;
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(values[static_cast<std::size_t>(i) + 1], std::strtod(numbers[i], nullptr))
            << numbers[i];
    }
}

TEST(FastReader, ValuesAreBitIdenticalToStrtod) {
    std::mt19937_64 rng(7);
    std::string text = "{\"step\":0,\"loss\":0}\n";
    std::vector<std::string> written;
    for (int i = 1; i <= 20000; ++i) {
        std::string number;
        do {
            number = random_number_text(rng, random_value(rng));
        } while (number == "NaN" || number == "Infinity" || number == "-Infinity" ||
                 number == "null" || std::isinf(std::strtod(number.c_str(), nullptr)));
        written.push_back(number);
        text += "{\"kind\":\"step\",\"step\":" + std::to_string(i) + ",\"loss\":" + number + "}\n";
    }
    const Outcome o = expect_same(text);
    ASSERT_TRUE(o.trace) << o.error;
    // Numbers with more than 19 significant digits go to the tolerant path (simdjson 3.0
    // misreads some of them).
    const auto significant = [](const std::string& w) {
        const std::string mantissa = w.substr(0, w.find_first_of("eE"));
        const auto first = mantissa.find_first_of("123456789");
        if (first == std::string::npos) {
            return std::size_t{0};
        }
        const std::string rest = mantissa.substr(first);
        return static_cast<std::size_t>(
            std::count_if(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; }));
    };
    const auto integer_in_range = [](const std::string& w) {
        if (w.find_first_of(".eE") != std::string::npos) {
            return false;
        }
        errno = 0;
        if (w.front() == '-') {
            (void)std::strtoll(w.c_str(), nullptr, 10);
        } else {
            (void)std::strtoull(w.c_str(), nullptr, 10);
        }
        return errno == 0;
    };
    const auto long_ones = static_cast<std::size_t>(
        std::count_if(written.begin(), written.end(), [&](const std::string& w) {
            return significant(w) > 19 && !integer_in_range(w);
        }));
    EXPECT_EQ(o.fast_records, written.size() - long_ones);
    const auto& values = o.trace->field("loss").series.values;
    ASSERT_EQ(values.size(), written.size() + 1);
    for (std::size_t i = 0; i < written.size(); ++i) {
        const std::string& w = written[i];
        double expected = std::strtod(w.c_str(), nullptr);
        const bool integer = w.find_first_of(".eE") == std::string::npos;
        if (integer && w.front() == '-' && expected == 0.0) {
            expected = 0.0; // "-0" is the integer 0, as JSON libraries read it
        }
        EXPECT_EQ(std::bit_cast<std::uint64_t>(values[i + 1]),
                  std::bit_cast<std::uint64_t>(expected))
            << w;
    }
}

// Random corruptions of step lines: whatever the fast path accepts, the tolerant path must
// read identically; whatever it rejects, the tolerant path reports as before.
TEST(FastReader, CorruptedLinesAreNeverAcceptedWrongly) {
    std::mt19937_64 rng(99);
    const std::string k_chars = "{}[]:,\"\\ -+.eE0123456789tfnulsNaIy\t\x01\xC3\xA9x";
    for (int i = 0; i < 6000; ++i) {
        std::string line = random_step_line(rng, 5);
        const int edits = 1 + static_cast<int>(rng() % 3);
        for (int e = 0; e < edits; ++e) {
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
        const std::string before = "{\"step\":1,\"loss\":1}\n{\"step\":2,\"loss\":2}\n";
        const bool last = rng() % 4 == 0;
        const std::string text = before + line + (last ? "\n" : "\n{\"step\":9,\"loss\":9}\n");
        expect_same(text);
    }
}

TEST(FastReader, CornerCasesReadTheSameBothWays) {
    const std::string first = "{\"kind\":\"step\",\"step\":1,\"loss\":1.5}\n";
    const std::vector<std::string> lines = {
        "{\"step\":2,\"loss\":-0}",
        "{\"step\":2,\"loss\":-0.0}",
        "{\"step\":2,\"loss\":3}",
        "{\"step\":2,\"loss\":1e400}",
        "{\"step\":2,\"loss\":-1e400}",
        "{\"step\":2,\"loss\":1,\"other\":1e400}",
        "{\"step\":2,\"loss\":18446744073709551616}",
        "{\"step\":9223372036854775807,\"loss\":1}",
        "{\"step\":9223372036854775808,\"loss\":1}",
        "{\"step\":-0,\"loss\":1}",
        "{\"step\":-1,\"loss\":1}",
        "{\"step\":2.0,\"loss\":1}",
        "{\"step\":2e0,\"loss\":1}",
        "{\"step\":02,\"loss\":1}",
        "{\"step\":\"2\",\"loss\":1}",
        "{\"step\":2,\"loss\":1,\"loss\":2}",
        "{\"step\":2,\"step\":3,\"loss\":1}",
        "{\"kind\":\"step\",\"kind\":\"eval\",\"step\":2,\"loss\":1}",
        "{\"kind\":\"eval\",\"kind\":\"step\",\"step\":2,\"loss\":1}",
        "{\"kind\":\"header\",\"step\":2}",
        "{\"kind\":\"eval\",\"step\":2,\"loss\":1}",
        "{\"kind\":3,\"step\":2,\"loss\":1}",
        "{\"kind\":\"step\",\"loss\":1}",
        "{\"loss\":1}",
        "{\"step\":2,\"loss\":null}",
        "{\"step\":2}",
        "{\"step\":2,\"loss\":\"1\"}",
        "{\"step\":2,\"loss\":true}",
        "{\"step\":2,\"loss\":[1]}",
        "{\"step\":2,\"loss\":{\"a\":1}}",
        "{\"step\":2,\"loss\":1,\"nested\":{\"a\":[1,2,{\"b\":null}]}}",
        "{\"step\":2,\"loss\":1,\"nested\":[1,2,tru]}",
        "{\"st\\u0065p\":2,\"loss\":1}",
        "{\"step\":2,\"lo\\u0073s\":1}",
        "{\"step\":2,\"loss\":1,\"s\":\"a\\\"b\"}",
        "{\"step\":2,\"loss\":1,\"s\":\"caf\xC3\xA9\"}",
        "{\"step\":2,\"loss\":1,\"s\":\"\xFF\"}",
        "{\"step\":2,\"loss\":1,\"s\":\"a\tb\"}",
        "{ \"step\" : 2 ,\t\"loss\" : 1.25 }",
        "{\"step\":2,\"loss\":NaN}",
        "{\"step\":2,\"loss\":Infinity,\"x\":-Infinity}",
        "{\"step\":2,\"loss\":1} x",
        "{\"step\":2,\"loss\":1}}",
        "{\"step\":2,\"loss\":1}{}",
        "{\"step\":2,\"loss\":1,}",
        "{\"step\":2,\"loss\":1 2}",
        "{\"step\":2 \"loss\":1}",
        "{\"step\":2,\"loss\":1.}",
        "{\"step\":2,\"loss\":.5}",
        "{\"step\":2,\"loss\":+1}",
        "{\"step\":2,\"loss\":1.5x}",
        "{\"step\":2,\"loss\":1,\"b\":truex}",
        "{\"step\":2,\"loss\":1,\"b\":nul}",
        "{\"step\":2,\"loss\":1,\"b\":\"open}",
        "{\"step\":2,\"loss\":1",
        "{\"step\":2,\"loss\":1]",
        "[1,2]",
        "\"step\"",
        "2",
        "null",
        "{}",
        "{\"step\":2,\"loss\":1}\r",
    };
    for (const auto& line : lines) {
        expect_same(first + line + "\n{\"step\":3,\"loss\":0.5}\n");
        expect_same(first + line + "\n"); // as the last line
        ReadOptions two;
        two.fields = {{"loss", true}, {"lr", false}};
        expect_same(first + line + "\n{\"step\":3,\"loss\":0.5,\"lr\":1}\n", two);
    }
}

TEST(FastReader, FieldsTheFastPathCannotServeStillRead) {
    ReadOptions step_field;
    step_field.fields = {{"step", true}};
    const Outcome o = expect_same("{\"step\":1}\n{\"step\":2}\n", step_field);
    EXPECT_EQ(o.fast_records, 0u);
    ReadOptions kind_field;
    kind_field.fields = {{"kind", false}, {"loss", true}};
    expect_same("{\"step\":1,\"loss\":1}\n{\"step\":2,\"loss\":1}\n", kind_field);
}

TEST(FastParser, PlainLinesTakeTheFastPath) {
    FastLineParser parser({"loss", "lr"});
    ASSERT_TRUE(parser.usable());
    std::string line = "{\"kind\": \"step\", \"step\": 12, \"epoch\": 0, \"loss\": "
                       "2.419938802719116, \"lr\": 0.0010000000474974513}";
    const std::size_t size = line.size();
    line.append(k_line_padding, '\0');
    std::int64_t step = 0;
    double values[2] = {};
    ASSERT_TRUE(parser.parse_step(std::string_view(line).substr(0, size), step, values));
    EXPECT_EQ(step, 12);
    EXPECT_EQ(values[0], 2.419938802719116);
    EXPECT_EQ(values[1], 0.0010000000474974513);

    line = "{\"kind\":\"step\",\"step\":1,\"epoch\":0,\"loss\":2.419939}";
    const std::size_t size2 = line.size();
    line.append(k_line_padding, '}');
    ASSERT_TRUE(parser.parse_step(std::string_view(line).substr(0, size2), step, values));
    EXPECT_EQ(step, 1);
    EXPECT_EQ(values[0], 2.419939);
    EXPECT_TRUE(is_missing_value(values[1]));
}

// Every trace file in the repository reads the same both ways, and the same from a file as
// from memory.
TEST(FastReader, RepositoryTracesReadTheSameBothWays) {
    const std::filesystem::path root = std::filesystem::path(TRACEDIFF_GOLDEN_DIR) / ".." / "..";
    std::size_t files = 0;
    for (const auto* dir : {"tests/data", "traces/demo", "../shared/traces/lean4-mlir-mnist-mlp"}) {
        if (!std::filesystem::is_directory(root / dir)) {
            continue;
        }
        for (const auto& entry : std::filesystem::directory_iterator(root / dir)) {
            if (entry.path().extension() != ".jsonl") {
                continue;
            }
            std::ifstream in(entry.path(), std::ios::binary);
            std::stringstream buffer;
            buffer << in.rdbuf();
            const Outcome o = expect_same(buffer.str());
            std::string from_file;
            try {
                Trace t = read_trace(entry.path().string());
                t.path = "t.jsonl";
                for (auto& w : t.warnings) {
                    w.replace(0, entry.path().string().size(), "t.jsonl");
                }
                from_file = describe(t);
            } catch (const Error& e) {
                from_file = std::string("error: ") + e.what();
                const auto at = from_file.find(entry.path().string());
                if (at != std::string::npos) {
                    from_file.replace(at, entry.path().string().size(), "t.jsonl");
                }
            }
            EXPECT_EQ(from_file, describe(o)) << entry.path();
            ++files;
        }
    }
    EXPECT_GE(files, 5u);
}

// Lines that cross the reader's 1 MiB chunks, long lines, CRLF and no final newline.
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
    const auto path = std::filesystem::temp_directory_path() / "tracediff_fast_reader_test.jsonl";
    {
        std::ofstream out(path, std::ios::binary);
        out << text;
    }
    Trace t = read_trace(path.string(), ReadOptions{{{"loss", false}, {"lr", false}}});
    std::filesystem::remove(path);
    t.path = "t.jsonl";
    for (auto& w : t.warnings) {
        w.replace(0, path.string().size(), "t.jsonl");
    }
    const Outcome o =
        read_text(text, Mode::tolerant, ReadOptions{{{"loss", false}, {"lr", false}}});
    ASSERT_TRUE(o.trace) << o.error;
    EXPECT_EQ(describe(t), describe(*o.trace));
}

} // namespace
} // namespace tracediff
