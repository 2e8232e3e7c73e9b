#include "output_target.hpp"

#include "tracediff/error.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <climits>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace tracediff {

namespace {

namespace fs = std::filesystem;

// The descriptor that /dev/stderr, /dev/fd/N or /proc/self/fd/N names, or -1.
int descriptor_of(std::string_view path) {
    if (path == "/dev/stderr") {
        return STDERR_FILENO;
    }
    for (const std::string_view prefix : {"/dev/fd/", "/proc/self/fd/"}) {
        if (path.starts_with(prefix)) {
            const std::string_view number = path.substr(prefix.size());
            int fd = -1;
            const auto [end, error] =
                std::from_chars(number.data(), number.data() + number.size(), fd);
            if (error == std::errc() && end == number.data() + number.size() && fd >= 0) {
                return fd;
            }
        }
    }
    return -1;
}

// `path` with its symbolic links followed (the last component only, as often as it takes);
// the file at the end need not exist.
std::string follow_links(const std::string& path) {
    std::string current = path;
    for (int hops = 0; hops < 40; ++hops) {
        std::error_code ec;
        if (!fs::is_symlink(fs::symlink_status(current, ec))) {
            return current;
        }
        const fs::path target = fs::read_symlink(current, ec);
        if (ec) {
            throw Error(fmt::format("cannot write '{}': {}", path, ec.message()));
        }
        current = target.is_absolute() ? target.string()
                                       : (fs::path(current).parent_path() / target).string();
    }
    throw Error(fmt::format("cannot write '{}': {}", path, std::strerror(ELOOP)));
}

const char* kind_name(mode_t mode) {
    if (S_ISDIR(mode)) {
        return "a folder";
    }
    if (S_ISSOCK(mode)) {
        return "a socket";
    }
    if (S_ISBLK(mode)) {
        return "a block device";
    }
    return "not a regular file";
}

} // namespace

OutputTarget resolve_output_target(const std::string& path) {
    OutputTarget target;
    if (path == "-" || path == "/dev/stdout") {
        target.kind = OutputKind::standard_output;
        return target;
    }
    if (const int fd = descriptor_of(path); fd >= 0) {
        target.kind = OutputKind::descriptor;
        target.fd = fd;
        return target;
    }
    target.path = follow_links(path);
    struct stat info {};
    if (::stat(target.path.c_str(), &info) != 0) {
        return target; // a new file (or a folder that is missing: the write says so)
    }
    if (S_ISCHR(info.st_mode) || S_ISFIFO(info.st_mode)) {
        target.kind = OutputKind::device;
    } else if (!S_ISREG(info.st_mode)) {
        throw Error(fmt::format("cannot write the report to '{}': it is {}, not a file", path,
                                kind_name(info.st_mode)));
    }
    return target;
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

bool write_through(const OutputTarget& target, std::string_view text) {
    if (target.kind == OutputKind::descriptor) {
        return write_all(target.fd, text);
    }
    const int fd = ::open(target.path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    const bool written = write_all(fd, text);
    const int error = errno;
    if (::close(fd) != 0 && written) {
        return false;
    }
    errno = error;
    return written;
}

} // namespace tracediff
