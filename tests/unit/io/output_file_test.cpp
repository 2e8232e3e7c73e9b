// Writing reports (output_file.hpp): every handled signal removes the temporary files, several
// files are written all or none, and outputs are compared with inputs by device and inode
// (file_identity.hpp).
#include "tracediff/error.hpp"
#include "tracediff/io/file_identity.hpp"
#include "tracediff/io/output_file.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace tracediff {
namespace {

namespace fs = std::filesystem;

class TempFolder {
public:
    TempFolder() {
        std::string pattern = (fs::temp_directory_path() / "tracediff_output_XXXXXX").string();
        m_path = ::mkdtemp(pattern.data());
    }
    ~TempFolder() { fs::remove_all(m_path); }
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

int g_signal = 0;
void raise_signal(const char* /*temp_path*/) {
    ::raise(g_signal);
}

TEST(OutputSignals, EachRemovesTheTemporaryFiles) {
    for (const int signal : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) {
        const TempFolder dir;
        const pid_t child = ::fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            install_interrupt_handlers();
            g_signal = signal;
            set_write_observer(raise_signal);
            write_outputs(
                {{(dir.path() / "a.svg").string(), "svg"}, {(dir.path() / "a.md").string(), "md"}});
            ::_exit(0); // not reached
        }
        int status = 0;
        ASSERT_EQ(::waitpid(child, &status, 0), child);
        ASSERT_TRUE(WIFEXITED(status)) << signal;
        EXPECT_EQ(WEXITSTATUS(status), 128 + signal);
        EXPECT_TRUE(fs::is_empty(dir.path())) << "a file was left behind, signal " << signal;
    }
}

int g_hooked = 0;
void note_signal(int signal) {
    g_hooked = signal;
}
void hook_then_raise(const char* /*temp_path*/) {
    ::raise(SIGTERM);
}

TEST(OutputSignals, TheHookRunsFirst) {
    const TempFolder dir;
    const fs::path mark = dir.path() / "hooked";
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        install_interrupt_handlers();
        set_interrupt_hook([](int signal) {
            note_signal(signal);
            ::_exit(g_hooked == SIGTERM ? 42 : 43); // ends the process itself
        });
        set_write_observer(hook_then_raise);
        write_output((dir.path() / "r.md").string(), "r");
        ::_exit(0);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 42);
}

TEST(Outputs, AllOrNone) {
    const TempFolder dir;
    fs::create_directory(dir.path() / "report.md");
    const std::string svg = (dir.path() / "deltas.svg").string();
    const std::string md = (dir.path() / "report.md").string();
    try {
        write_outputs({{svg, "svg"}, {md, "md"}});
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()),
                  "cannot write the report to '" + md + "': it is a folder, not a file");
    }
    EXPECT_FALSE(fs::exists(svg));
    EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
}

TEST(Outputs, SameFileByDeviceAndInode) {
    const TempFolder dir;
    const std::string a = (dir.path() / "a.jsonl").string();
    std::ofstream(a) << "x";
    fs::create_hard_link(a, dir.path() / "hard.jsonl");
    fs::create_symlink(a, dir.path() / "soft.jsonl");
    EXPECT_TRUE(same_file(a, (dir.path() / "hard.jsonl").string()));
    EXPECT_TRUE(same_file(a, (dir.path() / "soft.jsonl").string()));
    EXPECT_FALSE(same_file(a, (dir.path() / "missing").string()));
    EXPECT_THROW(check_outputs({(dir.path() / "hard.jsonl").string()}, {a}), Error);
    EXPECT_THROW(check_outputs({"x.md", "./x.md"}, {}), Error);
    EXPECT_NO_THROW(check_outputs({"/dev/null"}, {"/dev/null"}));
    EXPECT_NO_THROW(check_outputs({"/dev/null", "/dev/null"}, {a}));
    EXPECT_NO_THROW(check_outputs({"-", (dir.path() / "new.md").string()}, {a}, a + ".json"));
}

} // namespace
} // namespace tracediff
