#include "tracediff/output.hpp"

#include "tracediff/error.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace tracediff {

namespace {

[[noreturn]] void fail_write(const std::string& path, int error) {
    throw Error(fmt::format("cannot write '{}': {}", path, std::strerror(error)));
}

bool write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        const ssize_t n = ::write(fd, text.data(), text.size());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        text.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

} // namespace

void write_output(const std::string& path, std::string_view text) {
    if (path == "-") {
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
        return;
    }
    const std::filesystem::path target(path);
    const std::filesystem::path folder =
        target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
    std::string temp_name = ".";
    temp_name += target.filename().string();
    temp_name += ".tmp.XXXXXX";
    std::string temp = (folder / temp_name).string();
    const int fd = ::mkstemp(temp.data());
    if (fd < 0) {
        fail_write(path, errno);
    }
    // mkstemp creates the file readable by its owner only; give it the usual permissions.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);

    const bool written = write_all(fd, text);
    const int write_error = errno;
    if (::close(fd) != 0 || !written) {
        const int error = written ? errno : write_error;
        ::unlink(temp.c_str());
        fail_write(path, error);
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const int error = errno;
        ::unlink(temp.c_str());
        fail_write(path, error);
    }
}

void check_not_an_input(const std::string& output, const std::vector<std::string>& inputs) {
    if (output == "-") {
        return;
    }
    struct stat out_info {};
    if (::stat(output.c_str(), &out_info) != 0) {
        return; // does not exist yet, so it is no input
    }
    for (const auto& input : inputs) {
        struct stat in_info {};
        if (input != "-" && ::stat(input.c_str(), &in_info) == 0 &&
            in_info.st_dev == out_info.st_dev && in_info.st_ino == out_info.st_ino) {
            throw Error(
                fmt::format("refusing to write the report over the input file '{}'", input));
        }
    }
}

} // namespace tracediff
