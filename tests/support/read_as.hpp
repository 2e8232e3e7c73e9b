// Reading content of any format from memory, as tracediff reads a file of that content; and
// folders (TensorBoard runs), which need files on disk.
#pragma once

#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/read/read_trace.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace tracediff::testing {

// Reads `content` from memory as a file named `name` (messages name it so), with `options`: the
// format recognised from the content unless options.format says.
inline Trace read_bytes(const std::string& name, std::string content,
                        const ReadOptions& options = {}) {
    InputFile input(InMemoryFile{name, std::move(content)});
    return read_trace(input, name, options);
}

// read() and error() read `content` from memory as the file `name`; write() and read_in_dir()
// put files in a temporary folder, for what needs a folder (a TensorBoard run). Messages name a
// file of the folder by its path from the folder: it is the working directory while reading.
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
        return read_bytes(name, content, options);
    }

    // The error message reading it gives; fails the test when it reads.
    std::string error(const std::string& name, const std::string& content,
                      const ReadOptions& options = {}) const {
        try {
            read_bytes(name, content, options);
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
