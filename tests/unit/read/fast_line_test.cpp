// The reader's fast path against its tolerant path (nlohmann/json) on hand-picked
// corner cases and on every trace file of the repository: both must give the same trace, bit
// for bit, or the same error. fast_line_random_test.cpp does the same on random traces.
#include "tracediff/error.hpp"
#include "tracediff/read/fast_line.hpp"
#include "tracediff/read/read_trace.hpp"
#include "tracediff/read/trace_parser.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../../support/read_both_ways.hpp"

namespace tracediff {
namespace {

using testing::describe;
using testing::expect_same;
using testing::Mode;
using testing::Outcome;
using testing::read_text;

// Lines that test a rule of the format or a limit of the fast path, one each.
const std::vector<std::string> k_corner_lines = {
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
    // Numbers at the edge of what the fast path reads (19 significant digits), requested or
    // not.
    "{\"step\":2,\"loss\":0.1234567890123456789}",
    "{\"step\":2,\"loss\":0.12345678901234567891}",
    "{\"step\":2,\"loss\":0.000199999990000000474974513}",
    "{\"step\":2,\"loss\":123456789012.34567890}",
    "{\"step\":2,\"loss\":1,\"other\":0.000199999990000000474974513}",
    "{\"step\":2,\"loss\":1,\"other\":0.179769313486231580800e309}",
    "{\"step\":2,\"loss\":1,\"other\":0.17976931348623157e309}",
    "{\"step\":2,\"loss\":1,\"other\":-0.00000000000000000000001e-400}",
    "{\"step\":2,\"loss\":2.5e-3}",
    "{\"step\":2,\"loss\":2.5 }",
    // Members the records before did not name, or named elsewhere, or twice.
    "{\"kind\":\"step\",\"loss\":1,\"step\":2}",
    "{\"kind\":\"step\",\"step\":2,\"loss\":1,\"x\":1,\"x\":2}",
    "{\"kind\":\"step\",\"step\":2,\"x\":1,\"loss\":1,\"x\":\"a\"}",
    "{\"kind\":\"step\",\"step\":2,\"loss\":1,\"kind\":\"step\"}",
    "{\"kind\":\"step\",\"step\":2,\"los\":1}",
    "{\"kind\":\"step\",\"step\":2,\"loss2\":1}",
    "{\"kind\":\"step\",\"step\":2,\"a_name_longer_than_sixteen_bytes\":1,\"loss\":1}",
    // Strings: only printable ASCII without escapes stays on the fast path.
    "{\"step\":2,\"loss\":1,\"s\":\"\x7f\"}",
    "{\"step\":2,\"loss\":1,\"s\":\"a\x01b\"}",
    "{\"step\":2,\"loss\":1,\"s\\u0041\":1}",
    "{\"step\":2,\"loss\":1,\"caf\xC3\xA9\":1}",
    "{\"step\":2,\"loss\":1,\"s\":\"\"}",
    // A string followed by ':' where a value should be (simdjson 3.0 once skipped it as a key).
    "{\"step\":2,\"loss\":1,\"s\":\"a\":1}",
    "{\"step\":2,\"loss\":1,\"s\":\"a\":1,\"t\":2}",
    "{\"kind\":\"step\",\"step\":2,\"loss\":1,\"s\":\"a\": \"b\"}",
    "{\"step\":2,\"epoch\":0,\"s\":\"a\":4,\"seed\":1},\"t\":\"}\",\"loss\":1}",
    "{\"kind\":\"ste\\u0070\",\"step\":2,\"loss\":1}",
    // Eval records: read fast when every member is a valid scalar, else by the tolerant path.
    "{\"kind\":\"eval\",\"step\":2,\"val_loss\":0.25882431864738464,\"val_acc\":0.9}",
    "{\"step\":2,\"val_loss\":0.5,\"kind\":\"eval\"}",
    "{\"kind\":\"eval\"}",
    "{\"kind\":\"eval\",\"step\":-1,\"note\":\"x\",\"ok\":true,\"n\":null}",
    "{\"kind\":\"eval\",\"step\":2,\"loss\":\"n/a\"}",
    "{\"kind\":\"eval\",\"step\":2,\"val\":1,\"val\":2}",
    "{\"kind\":\"eval\",\"step\":2,\"val\":NaN}",
    "{\"kind\":\"eval\",\"step\":2,\"val\":1e400}",
    "{\"kind\":\"eval\",\"step\":2,\"cfg\":{\"a\":1}}",
    "{\"kind\":\"eval\",\"step\":2,\"s\":\"caf\xC3\xA9\"}",
    "{\"kind\":\"eval\",\"step\":2,\"val\":1} x",
    "{\"kind\":\"eval\",\"step\":2,\"val\":1",
    "{\"kind\":\"eval\",\"step\":2,\"s\":\"a\":1}",
    "{\"kind\":\"evaluation\",\"step\":2}",
};

TEST(FastReader, CornerCasesReadTheSameBothWays) {
    const std::string first = "{\"kind\":\"step\",\"step\":1,\"loss\":1.5}\n";
    for (const auto& line : k_corner_lines) {
        expect_same(first + line + "\n{\"step\":3,\"loss\":0.5}\n");
        expect_same(first + line + "\n"); // as the last line
        ReadOptions two;
        two.fields = {{"loss", true}, {"lr", false}};
        expect_same(first + line + "\n{\"step\":3,\"loss\":0.5,\"lr\":1}\n", two);
    }
}

// The last eval record is the one a trace keeps, whichever path read it.
TEST(FastReader, EvalRecordsReadTheSameBothWays) {
    const std::string first = "{\"kind\":\"step\",\"step\":1,\"loss\":1.5}\n";
    const std::string eval = "{\"kind\":\"eval\",\"step\":1,\"val_acc\":0.9079999923706055}\n";
    const std::string odd = "{\"kind\":\"eval\",\"step\":2,\"val\":NaN}\n";
    const std::string next = "{\"kind\":\"step\",\"step\":2,\"loss\":0.5}\n";
    const Outcome o = expect_same(first + eval + next + eval + next);
    EXPECT_NE(describe(o).find("kind eval=2\n"), std::string::npos) << describe(o);
    EXPECT_NE(
        describe(o).find("last_eval={\"kind\":\"eval\",\"step\":1,\"val_acc\":0.9079999923706055}"),
        std::string::npos)
        << describe(o);
    EXPECT_EQ(o.fast_records, 2u); // the first step record takes the tolerant path
    expect_same(first + eval + odd + next);
    expect_same(first + odd + eval + next);
    expect_same(first + eval + odd);
    expect_same(first + odd + eval);
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
    std::int8_t decimals[2] = {};
    ASSERT_TRUE(parser.parse_step(std::string_view(line).substr(0, size), step, values, decimals));
    EXPECT_EQ(step, 12);
    EXPECT_EQ(values[0], 2.419938802719116);
    EXPECT_EQ(values[1], 0.0010000000474974513);
    EXPECT_EQ(decimals[0], 15); // as written
    EXPECT_EQ(decimals[1], 19);

    line = "{\"kind\":\"step\",\"step\":1,\"epoch\":0,\"loss\":2.419939}";
    const std::size_t size2 = line.size();
    line.append(k_line_padding, '}');
    ASSERT_TRUE(parser.parse_step(std::string_view(line).substr(0, size2), step, values, decimals));
    EXPECT_EQ(step, 1);
    EXPECT_EQ(values[0], 2.419939);
    EXPECT_EQ(decimals[0], 6);
    EXPECT_TRUE(is_missing_value(values[1]));
    EXPECT_EQ(decimals[1], -1);
}

// A step line shaped as the last one read (the same bytes but for its numbers) is read at once,
// up to the start of the next line; any other difference leaves the line to the usual path.
TEST(FastParser, LinesShapedAsTheLastStepLineAreReadAtOnce) {
    FastLineParser parser({"loss"});
    const std::vector<std::string> lines = {
        "{\"step\": 1, \"loss\": 2.5, \"tag\": \"a\"}\n",
        "{\"step\": 2, \"loss\": -0.125, \"tag\": \"a\"}\r\n", // CR LF
        "{\"step\": 3, \"loss\": 1.5e-3, \"tag\": \"a\"}\n",   // an exponent
        "{\"step\": 4, \"loss\": 7, \"tag\": \"b\"}\n",        // another string
        "{\"step\": 5, \"loss\": null, \"tag\": \"a\"}\n",     // null for a number
        "{\"step\": 6, \"loss\": 1, \"tag\": \"a\"} \n",       // a blank after the brace
        " {\"step\": 7, \"loss\": 1, \"tag\": \"a\"}\n",       // a blank before it
        "{\"step\": 8, \"loss\": 01, \"tag\": \"a\"}\n",       // not a number
        "{\"step\": 9, \"loss\": 1, \"tag\": \"a\"}",          // the last line, unended
    };
    std::string block;
    std::vector<std::size_t> starts;
    for (const auto& line : lines) {
        starts.push_back(block.size());
        block += line;
    }
    const std::size_t size = block.size();
    block.append(k_line_padding, '\0');
    const char* const base = block.data();
    const char* const limit = base + size;
    std::int64_t step = 0;
    double loss = 0.0;
    std::int8_t decimals = 0;
    // Nothing is shaped before a step line has been read.
    EXPECT_EQ(parser.parse_shaped_line(base, limit, step, &loss, &decimals), nullptr);
    ASSERT_TRUE(
        parser.parse_step(std::string_view(base, lines[0].size() - 1), step, &loss, &decimals));
    EXPECT_EQ(parser.parse_shaped_line(base + starts[1], limit, step, &loss, &decimals),
              base + starts[2]);
    EXPECT_EQ(step, 2);
    EXPECT_EQ(loss, -0.125);
    EXPECT_EQ(decimals, 3);
    EXPECT_EQ(parser.parse_shaped_line(base + starts[2], limit, step, &loss, &decimals),
              base + starts[3]);
    EXPECT_EQ(step, 3);
    EXPECT_EQ(loss, 1.5e-3);
    EXPECT_EQ(decimals, 4);
    for (std::size_t i = 3; i <= 7; ++i) {
        EXPECT_EQ(parser.parse_shaped_line(base + starts[i], limit, step, &loss, &decimals),
                  nullptr)
            << lines[i];
    }
    EXPECT_EQ(parser.parse_shaped_line(base + starts[8], limit, step, &loss, &decimals), limit);
    EXPECT_EQ(step, 9);
    EXPECT_EQ(loss, 1.0);
    EXPECT_EQ(decimals, 0);
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
} // namespace
} // namespace tracediff
