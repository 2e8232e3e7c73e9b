// What a live check reads its streams with (line_splitter.hpp, input_file.hpp): bytes that come
// in pieces are cut into whole lines; bytes in memory can be handed over in pieces, as a pipe
// hands them over.
#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/io/line_splitter.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tracediff {
namespace {

TEST(LineSplitter, LinesCutAnywhereComeOutWhole) {
    const std::string text = "{\"step\": 1}\r\n\n{\"step\": 2}\nlast";
    for (std::size_t piece = 1; piece <= text.size(); ++piece) {
        LineSplitter splitter("run.jsonl", 1024);
        std::vector<std::string> lines;
        for (std::size_t at = 0; at < text.size(); at += piece) {
            splitter.add(std::string_view(text).substr(at, piece), lines);
        }
        EXPECT_EQ(lines, (std::vector<std::string>{"{\"step\": 1}\r", "", "{\"step\": 2}"}))
            << piece;
        EXPECT_EQ(splitter.finish(), "last");
        EXPECT_EQ(splitter.finish(), std::nullopt);
    }
}

TEST(LineSplitter, ALineOverTheLimitIsAnError) {
    LineSplitter splitter("-", std::size_t{1} << 20);
    std::vector<std::string> lines;
    splitter.add("{}\n{}\n", lines);
    const std::string piece(std::size_t{1} << 19, 'x');
    splitter.add(piece, lines);
    splitter.add(piece, lines);
    try {
        splitter.add("x", lines);
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "<stdin>:3: a line longer than 1 MiB; is this a trace?");
    }
}

TEST(InMemoryPieces, EachReadReturnsAtMostTheNextPiece) {
    InputFile input(InMemoryFile{"run.jsonl", "abcdefghij"}, {1, 3});
    std::vector<std::string> reads;
    char buffer[64];
    for (std::size_t n = input.read(buffer, sizeof buffer); n > 0;
         n = input.read(buffer, sizeof buffer)) {
        reads.emplace_back(buffer, n);
    }
    // The first four bytes are read ahead in pieces (a compression's magic bytes), then given
    // back at once.
    EXPECT_EQ(reads, (std::vector<std::string>{"abcd", "e", "fgh", "i", "j"}));
}

} // namespace
} // namespace tracediff
