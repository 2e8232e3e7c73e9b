// Following a file while it is written (followed_file.hpp, check --follow): what is appended
// is read, and a file rewritten rather than appended to is an error, however it was rewritten
// (issue 20). The writer is the test itself, between reads; with writer_done set, read()
// looks once and never waits.
#include "tracediff/error.hpp"
#include "tracediff/io/followed_file.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace tracediff {
namespace {

const std::string k_header = "{\"kind\":\"header\",\"config\":{\"lr\":0.001}}\n";

namespace fs = std::filesystem;

class Followed : public ::testing::Test {
protected:
    Followed() {
        std::string pattern = (fs::temp_directory_path() / "tracediff_follow_XXXXXX").string();
        m_temp = ::mkdtemp(pattern.data());
    }
    ~Followed() override { fs::remove_all(m_temp); }

    std::string path() const { return (m_temp / "run.jsonl").string(); }
    // Writes the file as a trainer that (re)starts does: truncate, then one write.
    void rewrite(const std::string& content) const {
        std::ofstream(path(), std::ios::binary | std::ios::trunc) << content;
    }
    void append(const std::string& content) const {
        std::ofstream(path(), std::ios::binary | std::ios::app) << content;
    }
    // Everything there is to read now.
    static std::string read_all(FollowedFile& file) {
        std::string text;
        char buffer[7]; // small: reads stop in the middle of lines
        for (std::size_t got = 0; (got = file.read(buffer, sizeof buffer)) > 0;) {
            text.append(buffer, got);
        }
        return text;
    }
    void expect_error(FollowedFile& file, const std::string& message) const {
        try {
            read_all(file);
            ADD_FAILURE() << "no error";
        } catch (const Error& e) {
            EXPECT_EQ(std::string(e.what()), path() + ": " + message);
        }
    }

    fs::path m_temp;
    std::atomic<bool> m_done{true};
};

TEST_F(Followed, AppendedBytesAreRead) {
    rewrite(k_header + "{\"step\":1,\"loss\":2.5}\n");
    FollowedFile file(path(), std::nullopt, &m_done);
    EXPECT_EQ(read_all(file), k_header + "{\"step\":1,\"loss\":2.5}\n");
    append("{\"step\":2,\"loss\":2.4}\n");
    EXPECT_EQ(read_all(file), "{\"step\":2,\"loss\":2.4}\n");
    EXPECT_EQ(read_all(file), "");
}

TEST_F(Followed, RewriteWithTheSameHeaderIsAnError) {
    // A restarted trainer writes the same header and other records, more of them than before:
    // the file never looks smaller, and its first bytes are the same.
    rewrite(k_header + "{\"step\":1,\"loss\":2.5}\n{\"step\":2,\"loss\":2.4}\n");
    FollowedFile file(path(), std::nullopt, &m_done);
    read_all(file);
    rewrite(k_header + "{\"step\":1,\"loss\":9.5}\n{\"step\":2,\"loss\":9.4}\n"
                       "{\"step\":3,\"loss\":9.3}\n{\"step\":4,\"loss\":9.2}\n");
    expect_error(file, "the file was rewritten while it was followed (bytes already read "
                       "changed)");
}

TEST_F(Followed, RewriteWithOtherFirstBytesIsAnError) {
    rewrite(std::string(1000, 'a') + "\n");
    FollowedFile file(path(), std::nullopt, &m_done);
    read_all(file);
    rewrite("b" + std::string(1000, 'a') + "\nmore\n");
    expect_error(file, "the file was rewritten while it was followed (bytes already read "
                       "changed)");
}

TEST_F(Followed, FileReplacedUnderItsNameIsAnError) {
    rewrite(k_header);
    FollowedFile file(path(), std::nullopt, &m_done);
    read_all(file);
    std::ofstream((m_temp / "new.jsonl").string(), std::ios::binary) << k_header << k_header;
    fs::rename(m_temp / "new.jsonl", path());
    expect_error(file, "the file was replaced while it was followed (another file took its "
                       "name)");
}

TEST_F(Followed, FileThatWentDownInSizeIsAnError) {
    // Truncated and written again, to less than the largest size it had, but past the offset
    // read so far at no point.
    rewrite(k_header + k_header);
    FollowedFile file(path(), std::nullopt, &m_done);
    char buffer[10];
    EXPECT_EQ(file.read(buffer, sizeof buffer), sizeof buffer);
    rewrite(k_header);
    expect_error(file, "the file shrank while it was followed (it was truncated or rewritten)");
}

TEST_F(Followed, SameBytesWrittenAgainAreReadOn) {
    // Written again byte for byte, and more: what was read is what the file holds.
    rewrite(k_header);
    FollowedFile file(path(), std::nullopt, &m_done);
    read_all(file);
    rewrite(k_header + "{\"step\":1,\"loss\":2.5}\n");
    EXPECT_EQ(read_all(file), "{\"step\":1,\"loss\":2.5}\n");
}

TEST_F(Followed, AFileEndsWhenItsEndWhenSaysSoOnceItHasStoppedGrowing) {
    // A run folder's event file ends when a later one appears: what is written is read first,
    // and the question is asked only once the file has not grown since the last look.
    rewrite(k_header);
    std::atomic<bool> never{false};
    FollowedFile file(path(), std::nullopt, &never);
    int asked = 0;
    file.end_when([&] {
        ++asked;
        return true;
    });
    char buffer[256];
    EXPECT_EQ(std::string(buffer, file.read(buffer, sizeof buffer)), k_header);
    EXPECT_EQ(asked, 0);
    append("{\"step\":1,\"loss\":2.5}\n");
    EXPECT_EQ(read_all(file), "{\"step\":1,\"loss\":2.5}\n");
    EXPECT_EQ(asked, 1);
}

} // namespace
} // namespace tracediff
