// Runs the built tracediff binary as a user would and captures what it printed.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "golden.hpp"

namespace tracediff::testing {

struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs `tracediff ARGS` in the folder `cwd` (tests/data by default, so paths in reports are
// short and stable). `args` is shell text; `prefix` goes before the binary (an environment
// assignment, say). Standard input is empty unless `args` redirects it.
inline RunResult run_tracediff(const std::string& args, const std::string& prefix = "",
                               const std::string& cwd = TRACEDIFF_DATA_DIR) {
    namespace fs = std::filesystem;
    const fs::path dir =
        fs::temp_directory_path() / ("tracediff_test_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path out = dir / "stdout";
    const fs::path err = dir / "stderr";
    const std::string command = "cd '" + cwd + "' && " + prefix + " '" + TRACEDIFF_BINARY +
                                "' </dev/null " + args + " >'" + out.string() + "' 2>'" +
                                err.string() + "'";
    const int status = std::system(command.c_str());
    RunResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_file(out);
    r.err = read_file(err);
    fs::remove_all(dir);
    return r;
}

} // namespace tracediff::testing
