// Reading traces from files, FIFOs and compressed files (input.hpp), and writing reports whole
// or not at all, also when interrupted (output.hpp).
#include "tracediff/error.hpp"
#include "tracediff/exit_codes.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/io/output_file.hpp"
#include "tracediff/read/read_trace.hpp"
#include "tracediff/read/trace_parser.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

namespace tracediff {
namespace {

namespace fs = std::filesystem;

const std::string k_trace = "{\"kind\":\"header\",\"phase\":\"p\"}\n"
                            "{\"kind\":\"step\",\"step\":1,\"loss\":2.5}\n"
                            "{\"kind\":\"step\",\"step\":2,\"loss\":NaN}\n"
                            "{\"kind\":\"step\",\"step\":3,\"loss\":0.125}\n";

std::string gzip(const std::string& text) {
    z_stream z{};
    EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    std::string out(deflateBound(&z, text.size()) + 32, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    z.avail_in = static_cast<uInt>(text.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

std::string zstd(const std::string& text) {
    std::string out(ZSTD_compressBound(text.size()), '\0');
    const std::size_t n = ZSTD_compress(out.data(), out.size(), text.data(), text.size(), 3);
    EXPECT_EQ(ZSTD_isError(n), 0u);
    out.resize(n);
    return out;
}

class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "tracediff_input_XXXXXX").string();
        m_path = ::mkdtemp(pattern.data());
    }
    ~TempDir() { fs::remove_all(m_path); }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string file(const std::string& name, const std::string& content) const {
        const fs::path p = m_path / name;
        std::ofstream(p, std::ios::binary) << content;
        return p.string();
    }
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

std::string error_of(const std::string& path) {
    try {
        read_trace(path);
    } catch (const Error& e) {
        return e.what();
    }
    ADD_FAILURE() << "no error for " << path;
    return "";
}

// Reads `bytes` as the content of a file named `name`, from memory.
Trace read_memory(const std::string& name, const std::string& bytes) {
    InputFile input(InMemoryFile{name, bytes});
    return read_trace(input, name);
}

std::string memory_error(const std::string& name, const std::string& bytes) {
    try {
        read_memory(name, bytes);
    } catch (const Error& e) {
        return e.what();
    }
    ADD_FAILURE() << "no error for " << name;
    return "";
}

void expect_same(const Trace& a, const Trace& b) {
    ASSERT_EQ(a.fields.size(), b.fields.size());
    EXPECT_EQ(a.field("loss").series.steps, b.field("loss").series.steps);
    const auto& va = a.field("loss").series.values;
    const auto& vb = b.field("loss").series.values;
    ASSERT_EQ(va.size(), vb.size());
    for (std::size_t i = 0; i < va.size(); ++i) {
        EXPECT_EQ(std::isnan(va[i]), std::isnan(vb[i]));
        if (!std::isnan(va[i])) {
            EXPECT_EQ(va[i], vb[i]);
        }
    }
    EXPECT_EQ(a.header, b.header);
    EXPECT_EQ(a.warnings, b.warnings);
}

TEST(Input, GzipAndZstdReadLikeThePlainFile) {
    TempDir dir;
    const Trace plain = read_trace(dir.file("t.jsonl", k_trace));
    const std::string gz = dir.file("t.jsonl.gz", gzip(k_trace));
    const std::string zst = dir.file("t.jsonl.zst", zstd(k_trace));
    expect_same(plain, read_trace(gz));
    expect_same(plain, read_trace(zst));
    EXPECT_EQ(InputFile(gz).compression(), Compression::gzip);
    EXPECT_EQ(InputFile(zst).compression(), Compression::zstd);
    EXPECT_EQ(InputFile(dir.path() / "t.jsonl").compression(), Compression::none);
}

TEST(Input, RecognisedByContentNotByName) {
    const Trace plain = read_memory("a.jsonl", k_trace);
    expect_same(plain, read_memory("plain-named.gz", k_trace));
    expect_same(plain, read_memory("gzip-named.jsonl", gzip(k_trace)));
    expect_same(plain, read_memory("zstd-named.txt", zstd(k_trace)));
}

TEST(Input, ConcatenatedMembersAndFrames) {
    const std::string first = k_trace.substr(0, 60);
    const std::string second = k_trace.substr(60);
    const Trace plain = read_memory("a.jsonl", k_trace);
    expect_same(plain, read_memory("two.gz", gzip(first) + gzip(second)));
    expect_same(plain, read_memory("two.zst", zstd(first) + zstd(second)));
}

TEST(Input, LargeCompressedTraceStreams) {
    std::string text;
    for (int step = 1; step <= 200000; ++step) {
        text += "{\"kind\":\"step\",\"step\":" + std::to_string(step) +
                ",\"loss\":" + std::to_string(1.0 / step) + "}\n";
    }
    const Trace plain = read_memory("big.jsonl", text);
    ASSERT_EQ(plain.step_records, 200000u);
    expect_same(plain, read_memory("big.gz", gzip(text)));
    expect_same(plain, read_memory("big.zst", zstd(text)));
}

TEST(Input, TruncatedCompressedDataIsAnError) {
    const std::string gz = gzip(k_trace);
    const std::string zs = zstd(k_trace);
    EXPECT_EQ(memory_error("cut.gz", gz.substr(0, gz.size() - 10)),
              "cut.gz: truncated gzip data: the file ends inside the compressed stream");
    EXPECT_EQ(memory_error("cut.zst", zs.substr(0, zs.size() - 10)),
              "cut.zst: truncated zstd data: the file ends inside the compressed stream");
    EXPECT_EQ(memory_error("magic.gz", "\x1f\x8b"),
              "magic.gz: truncated gzip data: the file ends inside the compressed stream");
}

TEST(Input, CorruptCompressedDataIsAnError) {
    std::string gz = gzip(k_trace);
    gz[3] = '\xff'; // reserved flag bits
    EXPECT_EQ(memory_error("bad.gz", gz), "bad.gz: corrupt gzip data: unknown header flags set");
    std::string zs = zstd(k_trace);
    zs[4] = '\xff'; // frame header descriptor
    EXPECT_EQ(memory_error("bad.zst", zs).rfind("bad.zst: corrupt zstd data: ", 0), 0u);
    EXPECT_EQ(memory_error("trailing.gz", gzip(k_trace) + "garbage!"),
              "trailing.gz: corrupt gzip data: incorrect header check");
}

TEST(Input, FifoIsReadLikeAFile) {
    TempDir dir;
    const Trace plain = read_trace(dir.file("a.jsonl", k_trace));
    for (const std::string& content : {k_trace, gzip(k_trace), zstd(k_trace)}) {
        const std::string fifo = (dir.path() / "fifo").string();
        ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
        std::thread writer([&] {
            std::ofstream out(fifo, std::ios::binary);
            // In small pieces, so the reader sees partial magic bytes and partial lines.
            for (std::size_t i = 0; i < content.size(); i += 3) {
                out << content.substr(i, 3) << std::flush;
            }
        });
        const Trace t = read_trace(fifo);
        writer.join();
        expect_same(plain, t);
        fs::remove(fifo);
    }
}

TEST(Input, DirectoryAndMissingFile) {
    TempDir dir;
    const std::string folder = dir.path().string();
    // A folder is read as a TensorBoard run (tests/unit/read/); as a file it cannot be opened.
    EXPECT_EQ(error_of(folder), folder + ": a folder without TensorBoard event files (tracediff "
                                         "reads a folder as a TensorBoard run: the event files in "
                                         "it)");
    try {
        read_trace(folder, ReadOptions{.format = "jsonl"});
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), "cannot open '" + folder + "': Is a directory");
    }
    const std::string missing = (dir.path() / "missing.jsonl").string();
    EXPECT_EQ(error_of(missing), "cannot open '" + missing + "': No such file or directory");
}

// Output: interrupted between writing the temporary file and renaming it into place.
void interrupt_now(const char* /*temp_path*/) {
    ::raise(SIGINT);
}

TEST(Output, InterruptRemovesTheTemporaryFile) {
    TempDir dir;
    const std::string target = (dir.path() / "report.md").string();
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        install_interrupt_handlers();
        set_write_observer(interrupt_now);
        write_output(target, "a report\n");
        ::_exit(0); // not reached
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), k_exit_interrupted);
    EXPECT_TRUE(fs::is_empty(dir.path())) << "a file was left behind";
}

TEST(Output, WritesWholeFilesAndLeavesNoTemporaryFile) {
    TempDir dir;
    const std::string target = (dir.path() / "report.md").string();
    write_output(target, "first\n");
    write_output(target, "second\n");
    std::ifstream in(target);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str(), "second\n");
    EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator{}), 1);
}

} // namespace
} // namespace tracediff
