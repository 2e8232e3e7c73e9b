#include "tracediff/io/trace_path.hpp"

#include <filesystem>

namespace tracediff {

namespace {

bool exists(const std::string& path) {
    std::error_code ec;
    return !path.empty() && std::filesystem::exists(path, ec);
}

} // namespace

std::string TracePath::content_path() const {
    std::error_code ec;
    if (picks_run && std::filesystem::is_directory(file, ec)) {
        return (std::filesystem::path(file) / run).string();
    }
    return file;
}

TracePath split_trace_path(const std::string& argument) {
    if (argument == "-" || exists(argument)) {
        return {argument, "", false};
    }
    for (std::size_t hash = argument.find('#'); hash != std::string::npos;
         hash = argument.find('#', hash + 1)) {
        const std::string file = argument.substr(0, hash);
        if (exists(file)) {
            return {file, argument.substr(hash + 1), true};
        }
    }
    return {argument, "", false};
}

} // namespace tracediff
