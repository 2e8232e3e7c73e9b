// What a live check reads its streams with (input_file.hpp, line_splitter.hpp): a FIFO read with
// a StreamWait ends when nothing comes for the idle timeout, or once the writer is done, while
// its writer still holds it open; bytes that come in pieces are cut into whole lines; bytes in
// memory can be handed over in pieces, as a pipe hands them over.
#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/io/line_splitter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace tracediff {
namespace {

namespace fs = std::filesystem;

// A FIFO in a folder of its own, and a writer: one that writes `text` and holds the FIFO open
// (opened for reading and writing, which does not wait for a reader, so the bytes are there
// before the reader opens it), or one that writes `text` and closes it.
class Fifo {
public:
    Fifo() {
        std::string pattern = (fs::temp_directory_path() / "tracediff_live_XXXXXX").string();
        m_folder = ::mkdtemp(pattern.data());
        m_path = (m_folder / "run.fifo").string();
        EXPECT_EQ(::mkfifo(m_path.c_str(), 0600), 0);
    }
    ~Fifo() {
        if (m_writer.joinable()) {
            m_writer.join();
        }
        if (m_held >= 0) {
            ::close(m_held);
        }
        fs::remove_all(m_folder);
    }
    Fifo(const Fifo&) = delete;
    Fifo& operator=(const Fifo&) = delete;

    const std::string& path() const { return m_path; }
    int held() const { return m_held; }

    void write_and_hold(const std::string& text) {
        m_held = ::open(m_path.c_str(), O_RDWR | O_CLOEXEC);
        ASSERT_GE(m_held, 0);
        ASSERT_EQ(::write(m_held, text.data(), text.size()), static_cast<ssize_t>(text.size()));
    }

    // Once a reader has opened the FIFO (the writer's open waits for one).
    void write_and_close(std::string text) {
        m_writer = std::thread([this, text = std::move(text)] {
            const int fd = ::open(m_path.c_str(), O_WRONLY | O_CLOEXEC);
            EXPECT_EQ(::write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
            ::close(fd);
        });
    }

private:
    fs::path m_folder;
    std::string m_path;
    int m_held = -1;
    std::thread m_writer;
};

// Reads until the end; what was read.
std::string read_to_end(InputFile& input) {
    std::string all;
    char buffer[64];
    for (std::size_t n = input.read(buffer, sizeof buffer); n > 0;
         n = input.read(buffer, sizeof buffer)) {
        all.append(buffer, n);
    }
    return all;
}

TEST(StreamWait, FifoHeldOpenEndsAtTheIdleTimeout) {
    Fifo fifo;
    fifo.write_and_hold("{\"step\": 1}\n");
    InputFile input(fifo.path(), StreamWait{0.2, nullptr});
    EXPECT_EQ(read_to_end(input), "{\"step\": 1}\n"); // while the writer holds the FIFO open
}

// A reader busy elsewhere for longer than the idle timeout (the live check's reader waiting
// for room in its queue) was not idle: what the writer sent meanwhile is read, and the idle
// timeout counts from the read that finds nothing.
TEST(StreamWait, TimeAwayFromTheReadIsNotIdle) {
    Fifo fifo;
    fifo.write_and_hold("{\"step\": 1}\n");
    InputFile input(fifo.path(), StreamWait{0.1, nullptr});
    char buffer[64];
    EXPECT_EQ(input.read(buffer, sizeof buffer), 12U);
    ASSERT_EQ(::write(fifo.held(), "{\"step\": 2}\n", 12), 12);
    std::this_thread::sleep_for(std::chrono::milliseconds(300)); // busy elsewhere
    EXPECT_EQ(read_to_end(input), "{\"step\": 2}\n");
}

TEST(StreamWait, FifoEndsOnceTheWriterIsDoneAndItsBytesAreRead) {
    Fifo fifo;
    fifo.write_and_hold("{\"step\": 1}\n{\"step\": 2}\n");
    const std::atomic<bool> done{true};
    InputFile input(fifo.path(), StreamWait{std::nullopt, &done});
    EXPECT_EQ(read_to_end(input), "{\"step\": 1}\n{\"step\": 2}\n");
}

TEST(StreamWait, FifoThatNoWriterOpensEndsAtTheIdleTimeout) {
    Fifo fifo;
    InputFile input(fifo.path(), StreamWait{0.1, nullptr}); // opening does not wait for a writer
    EXPECT_EQ(read_to_end(input), "");
}

TEST(StreamWait, FifoClosedByItsWriterEndsAsBefore) {
    Fifo fifo;
    fifo.write_and_close("{\"step\": 1}");
    InputFile input(fifo.path(), StreamWait{std::nullopt, nullptr});
    EXPECT_EQ(read_to_end(input), "{\"step\": 1}");
}

TEST(LineSplitter, LinesCutAnywhereComeOutWholeInBlocks) {
    const std::string text = "{\"step\": 1}\r\n\n{\"step\": 2}\nlast";
    for (std::size_t piece = 1; piece <= text.size(); ++piece) {
        LineSplitter splitter("run.jsonl", 1024, 8);
        std::string blocks;
        for (std::size_t at = 0; at < text.size(); at += piece) {
            const std::string_view block = splitter.add(std::string_view(text).substr(at, piece));
            EXPECT_TRUE(block.empty() || block.back() == '\n') << piece;
            blocks += block;
            blocks += '|';
        }
        // Each block is the lines the piece completed, no more.
        std::string expected;
        for (std::size_t at = 0; at < text.size(); at += piece) {
            const std::size_t end = std::min(at + piece, text.size());
            const std::size_t before = text.rfind('\n', at == 0 ? std::string::npos : at - 1);
            const std::size_t last = text.rfind('\n', end - 1);
            const bool completes = last != std::string::npos && last >= at;
            if (completes) {
                const std::size_t from = before == std::string::npos || at == 0 ? 0 : before + 1;
                expected += text.substr(from, last + 1 - from);
            }
            expected += '|';
        }
        EXPECT_EQ(blocks, expected) << piece;
        const std::string_view rest = splitter.finish();
        EXPECT_EQ(rest, "last");
        EXPECT_EQ(std::string(rest.data() + rest.size(), 8), std::string(8, '\0')); // padding
        EXPECT_EQ(splitter.finish(), "");
    }
}

TEST(LineSplitter, ABlockIsFollowedByReadablePadding) {
    LineSplitter splitter("run.jsonl", 1024, 64);
    const std::string_view block = splitter.add("{\"step\": 1}\n{\"st");
    EXPECT_EQ(block, "{\"step\": 1}\n");
    // What follows the block: the line begun, then zeros up to the padding.
    EXPECT_EQ(std::string_view(block.data() + block.size(), 5), std::string_view("{\"st\0", 5));
    EXPECT_EQ(splitter.add("ep\": 2}\n"), "{\"step\": 2}\n");
}

// take() hands on the buffer a block was read into: the block at its front, zeros for the
// padding after it; the line begun goes on in the buffer given, whatever that held before.
TEST(LineSplitter, TakeHandsOnTheBlockAndGoesOnInTheBufferGiven) {
    LineSplitter splitter("run.jsonl", 1024, 4);
    const std::string_view first = splitter.add("{\"step\": 1}\n{\"st");
    EXPECT_EQ(first, "{\"step\": 1}\n");
    const std::string block = splitter.take(std::string(3, 'x'));
    ASSERT_GE(block.size(), first.size() + 4);
    EXPECT_EQ(block.substr(0, first.size() + 4), std::string("{\"step\": 1}\n\0\0\0\0", 16));
    char* out = splitter.room(9);
    std::memcpy(out, "ep\": 2}\n{", 9);
    const std::string_view second = splitter.commit(9);
    EXPECT_EQ(second, "{\"step\": 2}\n");
    EXPECT_EQ(std::string_view(second.data() + second.size(), 5), std::string_view("{\0\0\0\0", 5));
    const std::string again = splitter.take(std::string(block));
    EXPECT_EQ(again.substr(0, second.size() + 4), std::string("{\"step\": 2}\n\0\0\0\0", 16));
    EXPECT_EQ(splitter.add("}\n"), "{}\n");
    EXPECT_EQ(splitter.finish(), "");
}

TEST(LineSplitter, ALineOverTheLimitIsAnError) {
    LineSplitter splitter("-", std::size_t{1} << 20);
    EXPECT_EQ(splitter.add("{}\n{}\n"), "{}\n{}\n");
    const std::string piece(std::size_t{1} << 19, 'x');
    EXPECT_EQ(splitter.add(piece), "");
    EXPECT_EQ(splitter.add(piece), "");
    try {
        splitter.add("x");
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "<stdin>:3: a line longer than 1 MiB; is this a trace?");
    }
}

// The lines are counted sixteen bytes at a time: a piece of many lines, some of them split
// across pieces, and one that ends without its '\n', gives the right line in the message.
TEST(LineSplitter, TheLineOverTheLimitIsNamedAfterManyLines) {
    LineSplitter splitter("run.jsonl", 64);
    std::string lines;
    for (int i = 0; i < 37; ++i) {
        lines += "{\"a\": 1}\n";
    }
    EXPECT_EQ(splitter.add(lines + "{\"a\""), lines);
    EXPECT_EQ(splitter.add(": 2}\n\n\n" + lines.substr(0, 40)),
              "{\"a\": 2}\n\n\n" + lines.substr(0, 36));
    try {
        splitter.add(std::string(70, 'x'));
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        // 37 lines, the one split, two empty ones and four: the 45th is too long.
        EXPECT_STREQ(e.what(), "run.jsonl:45: a line longer than 0 MiB; is this a trace?");
    }
}

// More than 255 x 16 bytes of newlines in one piece: the count of each lane does not wrap.
TEST(LineSplitter, ManyEmptyLinesAreCounted) {
    LineSplitter splitter("run.jsonl", 64);
    const std::string lines(5000, '\n');
    EXPECT_EQ(splitter.add(lines), lines);
    try {
        splitter.add(std::string(70, 'x'));
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "run.jsonl:5001: a line longer than 0 MiB; is this a trace?");
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
