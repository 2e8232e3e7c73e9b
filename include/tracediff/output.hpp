// Writing reports: whole or not at all.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tracediff {

// Writes `text` to `path`, or to standard output when `path` is "-". A file is written to a
// temporary file in the same folder and renamed into place, so a reader never sees half of it.
// Throws Error when the file cannot be written.
void write_output(const std::string& path, std::string_view text);

// Throws Error when `output` names the same file as one of `inputs` ("-" never matches).
void check_not_an_input(const std::string& output, const std::vector<std::string>& inputs);

} // namespace tracediff
