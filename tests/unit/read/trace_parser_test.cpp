// Every rule of the reading table, fed from memory (and from files where the rule is about
// files).
#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/read/read_trace.hpp"
#include "tracediff/read/trace_parser.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "../../support/parse_text.hpp"

namespace tracediff {
namespace {

using testing::error_of;
using testing::loss;

TEST(Reader, ReadsHeaderAndSteps) {
    const Trace t = parse_trace(
        "{\"kind\": \"header\", \"phase\": \"p2\", \"netspec_name\": \"net\"}\n"
        "{\"kind\": \"step\", \"step\": 1, \"epoch\": 0, \"loss\": 2.5, \"lr\": 0.001}\n"
        "{\"kind\":\"step\",\"step\":2,\"epoch\":0,\"loss\":2.250000,\"lr\":0.001000}\n",
        "t.jsonl");
    ASSERT_TRUE(t.header.has_value());
    EXPECT_EQ(t.header_line, 1u);
    EXPECT_EQ(t.header_string("phase"), "p2");
    EXPECT_EQ(loss(t).steps, (std::vector<std::int64_t>{1, 2}));
    EXPECT_EQ(loss(t).values, (std::vector<double>{2.5, 2.25}));
    EXPECT_TRUE(t.warnings.empty());
}

TEST(Reader, ValuesAreTheDoublesAsWritten) {
    const Trace t = parse_trace("{\"step\":1,\"loss\":2.419938802719116}\n"
                                "{\"step\":2,\"loss\":2.419939}\n"
                                "{\"step\":3,\"loss\":3}\n"
                                "{\"step\":4,\"loss\":-1.5e-3}\n",
                                "t.jsonl");
    EXPECT_EQ(loss(t).values, (std::vector<double>{2.419938802719116, 2.419939, 3.0, -0.0015}));
}

TEST(Reader, MissingFileIsCannotOpen) {
    try {
        read_trace("no/such/file.jsonl");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "cannot open 'no/such/file.jsonl': No such file or directory");
    }
}

TEST(Reader, DirectoryIsCannotOpenAsAFile) {
    // Without --from, a folder is a TensorBoard run (tensorboard_test.cpp).
    const auto dir = std::filesystem::temp_directory_path();
    try {
        read_trace(dir.string(), ReadOptions{.format = "jsonl"});
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), "cannot open '" + dir.string() + "': Is a directory");
    }
}

TEST(Reader, ReadsAFile) {
    std::string text;
    // Longer than one read chunk, so that lines cross chunk boundaries.
    for (int step = 1; step <= 30000; ++step) {
        text += "{\"kind\": \"step\", \"step\": " + std::to_string(step) +
                ", \"loss\": " + std::to_string(step) +
                ".5, \"padding\": \"xxxxxxxxxxxxxxxxxxxx\"}\n";
    }
    InputFile input(InMemoryFile{"t.jsonl", text});
    const Trace t = read_trace(input, "t.jsonl");
    ASSERT_EQ(loss(t).size(), 30000u);
    EXPECT_EQ(loss(t).steps.back(), 30000);
    EXPECT_EQ(loss(t).values[12344], 12345.5);
}

TEST(Reader, EmptyFileIsAnError) {
    EXPECT_EQ(error_of(""), "t.jsonl: no records: the file is empty");
    EXPECT_EQ(error_of("\n  \n\r\n"), "t.jsonl: no records: the file is empty");
}

TEST(Reader, NoStepRecordsIsAnError) {
    EXPECT_EQ(error_of("{\"kind\":\"header\",\"phase\":\"x\"}\n{\"kind\":\"eval\",\"acc\":1}\n"),
              "t.jsonl: no step records (a step record has \"kind\": \"step\" or a step member: "
              "step, iteration, iter, global_step, _step; --step-key names another)");
}

TEST(Reader, AcceptsBlankLinesCrlfBomAndTrailingSpaces) {
    const Trace t = parse_trace("\xEF\xBB\xBF{\"kind\":\"header\",\"phase\":\"x\"}\r\n"
                                "\r\n"
                                "   \n"
                                "{\"kind\":\"step\",\"step\":1,\"loss\":1.0}   \r\n"
                                "\t{\"kind\":\"step\",\"step\":2,\"loss\":0.5} \t\n"
                                "\n",
                                "t.jsonl");
    EXPECT_TRUE(t.header.has_value());
    EXPECT_EQ(loss(t).steps, (std::vector<std::int64_t>{1, 2}));
    EXPECT_TRUE(t.warnings.empty());
}

TEST(Reader, RecordWithoutKindButWithStepIsAStep) {
    const Trace t = parse_trace("{\"step\":1,\"loss\":1.0}\n{\"step\":2,\"loss\":0.5}\n", "t");
    EXPECT_EQ(loss(t).size(), 2u);
}

TEST(Reader, OtherKindsAreCountedAndIgnored) {
    const Trace t = parse_trace("{\"kind\":\"step\",\"step\":1,\"loss\":1.0}\n"
                                "{\"kind\":\"eval\",\"step\":1,\"loss\":9.0}\n"
                                "{\"kind\":\"epoch\",\"epoch\":0}\n"
                                "{\"kind\":\"eval\",\"step\":2,\"loss\":9.0}\n"
                                "{\"note\":\"no kind, no step\"}\n",
                                "t");
    EXPECT_EQ(loss(t).values, (std::vector<double>{1.0}));
    EXPECT_EQ(t.ignored_kinds.at("eval"), 2u);
    EXPECT_EQ(t.ignored_kinds.at("epoch"), 1u);
    EXPECT_EQ(t.ignored_kinds.at("(no kind)"), 1u);
}

TEST(Reader, SecondHeaderNamesBothLines) {
    EXPECT_EQ(error_of("{\"kind\":\"header\"}\n{\"step\":1,\"loss\":1}\n\n"
                       "{\"kind\":\"header\"}\n{\"step\":1,\"loss\":1}\n"),
              "t.jsonl:4: a second header record (the first is on line 1); were two traces "
              "concatenated?");
}

TEST(Reader, HeaderAfterStepsIsAnError) {
    EXPECT_EQ(error_of("{\"step\":1,\"loss\":1}\n{\"kind\":\"header\"}\n"),
              "t.jsonl:2: a header record after other records; the header must be the first "
              "record");
}

TEST(Reader, MalformedLineBeforeTheLastIsAnError) {
    EXPECT_EQ(
        error_of("{\"step\":1,\"loss\":1}\n{\"step\":2,\"loss\":tru}\n{\"step\":3,\"loss\":1}\n"),
        "t.jsonl:2: malformed JSON at column 21: invalid literal\n"
        "    {\"step\":2,\"loss\":tru}\n"
        "                        ^");
}

TEST(Reader, MalformedLineShowsOnlyTheStartOfALongLine) {
    const std::string long_line =
        "{\"step\":2,\"loss\":1,\"x\":\"" + std::string(100, 'a') + "\" oops}";
    EXPECT_EQ(error_of("{\"step\":1,\"loss\":1}\n" + long_line + "\n{\"step\":3,\"loss\":1}\n"),
              "t.jsonl:2: malformed JSON at column 127: invalid literal\n"
              "    {\"step\":2,\"loss\":1,\"x\":\"" +
                  std::string(36, 'a') + "...");
}

TEST(Reader, MalformedLastLineIsATruncatedRecord) {
    const Trace t = parse_trace(
        "{\"step\":1,\"loss\":1}\n{\"step\":2,\"loss\":0.5}\n{\"kind\":\"step\",\"step\":3,\"lo",
        "t");
    EXPECT_EQ(loss(t).size(), 2u);
    EXPECT_TRUE(t.truncated_last_line);
    ASSERT_EQ(t.warnings.size(), 1u);
    EXPECT_EQ(t.warnings[0], "t:3: ignoring truncated final record");
}

TEST(Reader, TruncatedRecordFollowedByBlankLinesIsStillTheLast) {
    const Trace t = parse_trace("{\"step\":1,\"loss\":1}\n{\"step\":2,\"lo\n\n  \n", "t");
    EXPECT_EQ(t.warnings, (std::vector<std::string>{"t:2: ignoring truncated final record"}));
}

TEST(Reader, NonFiniteTokensAreNumbers) {
    const Trace t = parse_trace("{\"step\":1,\"loss\":NaN}\n"
                                "{\"step\":2,\"loss\":Infinity}\n"
                                "{\"step\":3,\"loss\":-Infinity}\n"
                                "{\"step\":4,\"loss\":1.5, \"tag\":\"NaN Infinity\"}\n",
                                "t");
    const auto& v = loss(t).values;
    ASSERT_EQ(v.size(), 4u);
    EXPECT_TRUE(std::isnan(v[0]));
    EXPECT_EQ(v[1], std::numeric_limits<double>::infinity());
    EXPECT_EQ(v[2], -std::numeric_limits<double>::infinity());
    EXPECT_EQ(v[3], 1.5);
}

TEST(Reader, QuotedNonFiniteWordsAreNotNumbers) {
    EXPECT_EQ(error_of("{\"step\":1,\"loss\":\"NaN\"}\n"),
              "t.jsonl:1: 'loss' must be a number, found \"NaN\"");
}

TEST(Reader, StepMissingIsAnError) {
    EXPECT_EQ(error_of("{\"kind\":\"step\",\"loss\":1}\n"), "t.jsonl:1: step record has no 'step'");
}

TEST(Reader, StepNotAnIntegerIsAnError) {
    EXPECT_EQ(error_of("{\"step\":1.5,\"loss\":1}\n"),
              "t.jsonl:1: 'step' must be a non-negative integer, found 1.5");
    EXPECT_EQ(error_of("{\"step\":\"3\",\"loss\":1}\n"),
              "t.jsonl:1: 'step' must be a non-negative integer, found \"3\"");
    EXPECT_EQ(error_of("{\"step\":null,\"loss\":1}\n"),
              "t.jsonl:1: 'step' must be a non-negative integer, found null");
    EXPECT_EQ(error_of("{\"step\":NaN,\"loss\":1}\n"),
              "t.jsonl:1: 'step' must be a non-negative integer, found NaN");
}

TEST(Reader, NegativeStepIsAnError) {
    EXPECT_EQ(error_of("{\"step\":1,\"loss\":1}\n{\"step\":-2,\"loss\":1}\n"),
              "t.jsonl:2: 'step' must not be negative, found -2");
}

TEST(Reader, StepBeyondInt64IsAnError) {
    EXPECT_EQ(error_of("{\"step\":9223372036854775808,\"loss\":1}\n"),
              "t.jsonl:1: 'step' is out of range: 9223372036854775808");
}

TEST(Reader, NumberTooLargeForADoubleIsAnError) {
    EXPECT_EQ(error_of("{\"step\":1,\"loss\":1e400}\n"),
              "t.jsonl:1: unreadable value: number overflow parsing '1e400'");
}

TEST(Reader, NonObjectLineIsAnError) {
    EXPECT_EQ(error_of("{\"step\":1,\"loss\":1}\n[1, 2]\n"),
              "t.jsonl:2: expected a JSON object, found array: [1, 2]");
}

TEST(Reader, AMemberNamedTwiceIsAnError) {
    EXPECT_EQ(error_of("{\"step\":1,\"loss\":1.0,\"loss\":2.0}\n"),
              "t.jsonl:1: the member 'loss' appears twice in one object");
    EXPECT_EQ(error_of("{\"step\":1,\"loss\":1}\n{\"step\":2,\"step\":3,\"loss\":1}\n"),
              "t.jsonl:2: the member 'step' appears twice in one object");
    // The same name in different objects is fine.
    const Trace t = parse_trace("{\"step\":1,\"loss\":1,\"a\":{\"x\":1},\"b\":{\"x\":2}}\n", "t");
    EXPECT_EQ(loss(t).size(), 1u);
}

TEST(Reader, KindMustBeAString) {
    EXPECT_EQ(error_of("{\"kind\":3,\"step\":1,\"loss\":1}\n"),
              "t.jsonl:1: 'kind' must be a string, found 3");
}

TEST(Reader, StandardInputIsNamedInMessages) {
    EXPECT_EQ(display_path("-"), "<stdin>");
    EXPECT_EQ(display_path("a.jsonl"), "a.jsonl");
}

TEST(Reader, ControlBytesInTheExcerptAreEscaped) {
    const std::string nul(1, '\0');
    EXPECT_EQ(error_of("{\"step\":1,\"loss\":1}\n{\"s" + nul + "\":}\n{\"step\":2,\"loss\":1}\n"),
              "t.jsonl:2: malformed JSON at column 4: invalid string: control character U+0000 "
              "(NUL) must be escaped to \\u0000\n"
              "    {\"s\\x00\":}\n"
              "       ^");
}

} // namespace
} // namespace tracediff
