// What every test of the built command needs: run tracediff (or a bash script that runs it) as
// a user would and capture what it printed, in a temporary folder of its own when it writes
// files.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "golden.hpp"

namespace tracediff::testing {

namespace fs = std::filesystem;

struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// A fresh folder under the system's temporary folder, removed with its content when the
// object goes; even a folder whose permissions a test took away.
class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "tracediff_test_XXXXXX").string();
        m_path = ::mkdtemp(pattern.data());
    }
    ~TempDir() {
        std::error_code ec;
        fs::permissions(m_path, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const fs::path& path() const { return m_path; }
    fs::path operator/(const std::string& name) const { return m_path / name; }
    std::string str() const { return m_path.string(); }

    // Writes `content` to the file `name` in the folder and returns its path.
    fs::path write(const std::string& name, const std::string& content) const {
        std::ofstream(m_path / name, std::ios::binary) << content;
        return m_path / name;
    }
    std::string read(const std::string& name) const { return read_file(m_path / name); }

private:
    fs::path m_path;
};

// Runs `command` (shell text whose output goes to the two files) and collects the result.
inline RunResult run_shell(const std::string& command, const fs::path& out, const fs::path& err) {
    const int status = std::system(command.c_str());
    RunResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_file(out);
    r.err = read_file(err);
    return r;
}

// Runs `tracediff ARGS` in the folder `cwd` (tests/data by default, so paths in reports are
// short and stable). `args` is shell text; `prefix` goes before the binary (an environment
// assignment, say). Standard input is empty unless `args` redirects it.
inline RunResult run_tracediff(const std::string& args, const std::string& prefix = "",
                               const std::string& cwd = TRACEDIFF_DATA_DIR) {
    const TempDir dir;
    const fs::path out = dir / "stdout";
    const fs::path err = dir / "stderr";
    return run_shell("cd '" + cwd + "' && " + prefix + " '" + TRACEDIFF_BINARY + "' </dev/null " +
                         args + " >'" + out.string() + "' 2>'" + err.string() + "'",
                     out, err);
}

// Runs a bash script in the folder `cwd`; $TRACEDIFF in it is the binary.
inline RunResult run_bash(const std::string& script, const std::string& cwd) {
    const TempDir dir;
    const fs::path file = dir.write("script.sh", "cd '" + cwd + "'\nTRACEDIFF='" +
                                                     TRACEDIFF_BINARY + "'\n" + script + "\n");
    const fs::path out = dir / "stdout";
    const fs::path err = dir / "stderr";
    return run_shell(
        "bash '" + file.string() + "' >'" + out.string() + "' 2>'" + err.string() + "'", out, err);
}

} // namespace tracediff::testing
