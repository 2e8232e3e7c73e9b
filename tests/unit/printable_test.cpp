// printable.hpp, the one way names from outside are shown (issue 20): valid UTF-8 as it is,
// every other byte as \xNN; in messages control characters as \xNN too. And Error, whose
// message is made printable once for all.
#include "tracediff/error.hpp"
#include "tracediff/printable.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tracediff {
namespace {

using namespace std::string_literals;

TEST(Printable, ValidUtf8IsKept) {
    EXPECT_EQ(valid_utf8("loss (x10\xC2\xB3) \xCE\x94 \xE6\x8D\x9F\xE5\xA4\xB1 \xF0\x9F\x93\x89"),
              "loss (x10\xC2\xB3) \xCE\x94 \xE6\x8D\x9F\xE5\xA4\xB1 \xF0\x9F\x93\x89");
    EXPECT_EQ(printable("train/loss \xCE\x94"), "train/loss \xCE\x94");
}

TEST(Printable, BytesOutsideUtf8AreEscapedOneByOne) {
    EXPECT_EQ(valid_utf8("loss (x10\xB3)"), "loss (x10\\xB3)");        // cp1252
    EXPECT_EQ(valid_utf8("caf\xE9.csv"), "caf\\xE9.csv");              // Latin-1
    EXPECT_EQ(valid_utf8("\xC0\xAF"), "\\xC0\\xAF");                   // an overlong '/'
    EXPECT_EQ(valid_utf8("\xED\xA0\x80"), "\\xED\\xA0\\x80");          // a surrogate
    EXPECT_EQ(valid_utf8("\xF4\x90\x80\x80"), "\\xF4\\x90\\x80\\x80"); // past U+10FFFF
    EXPECT_EQ(valid_utf8("a\xE2\x82"), "a\\xE2\\x82");                 // cut short at the end
    EXPECT_EQ(valid_utf8("\xE2\x82z"), "\\xE2\\x82z");                 // cut short before 'z'
}

TEST(Printable, ControlCharactersAreEscapedInMessagesOnly) {
    const std::string name = "lo\0ss\x1B[31m\n\t\x7F\xC2\x9B"s;
    EXPECT_EQ(printable(name), "lo\\x00ss\\x1B[31m\\x0A\\x09\\x7F\\xC2\\x9B");
    EXPECT_EQ(printable(name, "\n\t"), "lo\\x00ss\\x1B[31m\n\t\\x7F\\xC2\\x9B");
    EXPECT_EQ(valid_utf8(name), name);
}

TEST(Printable, ErrorMessagesArePrintableAndWhole) {
    // what() ends at the first NUL: the name must not cut the message short.
    const Error e("c.csv:1: the header names the column 'lo\0ss\x1B[2J' twice"s);
    EXPECT_EQ(std::string(e.what()), "c.csv:1: the header names the column 'lo\\x00ss\\x1B[2J' "
                                     "twice");
    const Error lines("a.jsonl:2: malformed JSON at column 1: x\n    {\n    ^",
                      Error::Lines::several);
    EXPECT_EQ(std::string(lines.what()), "a.jsonl:2: malformed JSON at column 1: x\n    {\n    ^");
}

} // namespace
} // namespace tracediff
