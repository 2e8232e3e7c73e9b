// Which paths name the same file (device and inode): so that a report is never written over
// an input, and a trace is never compared with itself.
#pragma once

#include <string>
#include <vector>

namespace tracediff {

// True when `a` and `b` name one existing file ("-" is the file standard input reads).
bool same_file(const std::string& a, const std::string& b);

// Throws Error when one of `outputs` is one of `inputs` (the file of FILE#RUN, trace_path.hpp), a
// file directly in an input that is a folder (a TensorBoard run reads the files in it), the
// manifest (when not empty) or the file standard input reads (when an input is "-"), or when two
// outputs name one file. An output and an input that do not exist yet (a trace a command is to
// write) match when their absolute, normalised paths are equal. Outputs that are "-" or character
// devices (/dev/null) never match an input.
void check_outputs(const std::vector<std::string>& outputs, const std::vector<std::string>& inputs,
                   const std::string& manifest = "");

} // namespace tracediff
