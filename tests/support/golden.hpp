// Golden-file comparison: the expected output of a test lives in tests/golden/NAME.
// Run the tests with TRACEDIFF_UPDATE_GOLDEN=1 to rewrite the files from the current output,
// then review the change with git diff before committing it.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace tracediff::testing {

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

inline void expect_golden(const std::string& name, const std::string& actual) {
    const std::filesystem::path path = std::filesystem::path(TRACEDIFF_GOLDEN_DIR) / name;
    if (std::getenv("TRACEDIFF_UPDATE_GOLDEN") != nullptr) {
        std::ofstream(path, std::ios::binary) << actual;
        return;
    }
    ASSERT_TRUE(std::filesystem::exists(path))
        << "missing golden file " << path << " (create it with TRACEDIFF_UPDATE_GOLDEN=1)";
    EXPECT_EQ(read_file(path), actual) << "output differs from golden file " << path;
}

} // namespace tracediff::testing
