#include "tracediff/io/file_identity.hpp"

#include "tracediff/error.hpp"
#include "tracediff/io/trace_path.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace tracediff {

namespace {

struct Identity {
    dev_t device = 0;
    ino_t inode = 0;
    bool character_device = false;
    bool directory = false;
    bool operator==(const Identity& o) const { return device == o.device && inode == o.inode; }
};

std::optional<Identity> identity_of(const std::string& path) {
    struct stat info {};
    const int status = path == "-" ? ::fstat(STDIN_FILENO, &info) : ::stat(path.c_str(), &info);
    if (status != 0) {
        return std::nullopt;
    }
    return Identity{info.st_dev, info.st_ino, S_ISCHR(info.st_mode), S_ISDIR(info.st_mode)};
}

// The file directly in the folder `input` that `out` is, if any: a folder input (a
// TensorBoard run) reads the files in it, so none of them may be written over.
std::optional<std::string> file_in_folder(const std::string& input, const Identity& out) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(input, ec)) {
        const std::string path = entry.path().string();
        if (entry.is_regular_file(ec) && identity_of(path) == out) {
            return path;
        }
    }
    return std::nullopt;
}

// The path made absolute with its links followed as far as they exist, for comparing files
// that do not exist yet.
std::string normal_form(const std::string& path) {
    std::error_code ec;
    const auto canonical = std::filesystem::weakly_canonical(std::filesystem::absolute(path), ec);
    return ec ? path : canonical.string();
}

void check_two_outputs(const std::vector<std::string>& outputs) {
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        for (std::size_t j = i + 1; j < outputs.size(); ++j) {
            const auto a = identity_of(outputs[i]);
            const auto b = identity_of(outputs[j]);
            if (a && b && *a == *b && a->character_device) {
                continue; // /dev/null twice
            }
            const bool same =
                outputs[i] == outputs[j] ||
                (outputs[i] != "-" && outputs[j] != "-" &&
                 (normal_form(outputs[i]) == normal_form(outputs[j]) || (a && b && *a == *b)));
            if (same) {
                throw Error(fmt::format(
                    "'{}' and '{}' name the same file; give each report a file of its own",
                    outputs[i], outputs[j]));
            }
        }
    }
}

void check_one_output(const std::string& output, const std::vector<std::string>& inputs,
                      const std::string& manifest) {
    const auto out = identity_of(output);
    if (output == "-") {
        return;
    }
    if (!out) {
        // An input that does not exist yet either: a trace the command is still to write.
        for (const auto& input : inputs) {
            if (input != "-" && !identity_of(input) && normal_form(input) == normal_form(output)) {
                throw Error(
                    fmt::format("refusing to write the report over the input file '{}'", input));
            }
        }
        return;
    }
    if (out->character_device) {
        return;
    }
    for (const auto& input : inputs) {
        if (identity_of(input) != out) {
            continue;
        }
        if (input == "-") {
            throw Error(fmt::format(
                "refusing to write the report over standard input: '{}' is the file standard "
                "input reads",
                output));
        }
        throw Error(fmt::format("refusing to write the report over the input file '{}'", input));
    }
    for (const auto& input : inputs) {
        const auto in = input == "-" ? std::nullopt : identity_of(input);
        if (in && in->directory) {
            if (const auto file = file_in_folder(input, *out)) {
                throw Error(fmt::format("refusing to write the report over '{}', a file of the "
                                        "input folder '{}'",
                                        *file, input));
            }
        }
    }
    if (!manifest.empty() && identity_of(manifest) == out) {
        throw Error(fmt::format("refusing to write the report over the manifest '{}'", manifest));
    }
}

} // namespace

bool same_file(const std::string& a, const std::string& b) {
    const auto x = identity_of(a);
    return x && identity_of(b) == x;
}

void check_outputs(const std::vector<std::string>& outputs, const std::vector<std::string>& inputs,
                   const std::string& manifest) {
    check_two_outputs(outputs);
    // What each input reads: FILE of FILE#RUN, a folder's run folder.
    std::vector<std::string> read;
    read.reserve(inputs.size());
    for (const auto& input : inputs) {
        read.push_back(split_trace_path(input).content_path());
    }
    for (const auto& output : outputs) {
        check_one_output(output, read, manifest);
    }
}

} // namespace tracediff
