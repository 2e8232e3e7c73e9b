#pragma once

// Helpers for the tests that run the tracegen executable.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace tracegen_test {

struct ToolResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

inline std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A fresh folder per test, removed at the end.
class TempDir {
public:
    TempDir() {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        m_path = std::filesystem::temp_directory_path() /
                 ("tracegen_test_" + std::to_string(::getpid()) + "_" +
                  (info ? std::string(info->name()) : std::string("suite")));
        std::filesystem::remove_all(m_path);
        std::filesystem::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

// Runs tracegen with the given arguments (already shell-quoted where needed).
inline ToolResult run_tracegen(const std::string& args, const TempDir& dir) {
    const auto out_path = dir / "stdout.txt";
    const auto err_path = dir / "stderr.txt";
    const std::string command = std::string("'") + TRACEGEN_EXE + "' " + args + " >'" +
                                out_path.string() + "' 2>'" + err_path.string() + "'";
    const int status = std::system(command.c_str());
    ToolResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_text(out_path);
    result.err = read_text(err_path);
    return result;
}

} // namespace tracegen_test
