// Reading content of any format from memory, through a file as tracediff reads a path.
#pragma once

#include "tracediff/error.hpp"
#include "tracediff/read/read_trace.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace tracediff::testing {

// Writes `content` to a file named `name` in a temporary folder and reads it with `options`
// (the format recognised from the content unless options.format says). Messages name the file
// by `name` alone: the folder is the working directory while reading.
class FormatFile {
public:
    FormatFile() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "tracediff_fmt_XXXXXX").string();
        m_dir = ::mkdtemp(pattern.data());
    }
    ~FormatFile() {
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }
    FormatFile(const FormatFile&) = delete;
    FormatFile& operator=(const FormatFile&) = delete;

    std::string write(const std::string& name, const std::string& content) const {
        const auto path = m_dir / name;
        std::filesystem::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << content;
        return path.string();
    }

    Trace read(const std::string& name, const std::string& content,
               const ReadOptions& options = {}) const {
        write(name, content);
        return read_in_dir(name, options);
    }

    // The error message reading it gives; fails the test when it reads.
    std::string error(const std::string& name, const std::string& content,
                      const ReadOptions& options = {}) const {
        write(name, content);
        try {
            read_in_dir(name, options);
        } catch (const Error& e) {
            return e.what();
        }
        ADD_FAILURE() << "no error for " << name;
        return "";
    }

    Trace read_in_dir(const std::string& name, const ReadOptions& options = {}) const {
        const auto previous = std::filesystem::current_path();
        std::filesystem::current_path(m_dir);
        try {
            Trace t = read_trace(name, options);
            std::filesystem::current_path(previous);
            return t;
        } catch (...) {
            std::filesystem::current_path(previous);
            throw;
        }
    }

    const std::filesystem::path& dir() const { return m_dir; }

private:
    std::filesystem::path m_dir;
};

inline ReadOptions read_fields(std::vector<FieldRequest> fields, std::string format = "") {
    ReadOptions options;
    options.fields = std::move(fields);
    options.format = std::move(format);
    return options;
}

} // namespace tracediff::testing
