// Reading a whole trace: open the input (io/input_file.hpp), recognise its format
// (read/input_format.hpp) and read it.
#pragma once

#include "tracediff/read/read_options.hpp"
#include "tracediff/read/trace.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace tracediff {

class InputFile;
class TraceParser;

// Reads the trace at `path`; "-" reads standard input; a folder is a TensorBoard run.
Trace read_trace(const std::string& path, const ReadOptions& options = {});

// Reads the trace in `input`, opened from `path` (which names it in messages): the format as
// options.format says, or recognised from the content. read_trace of a file comes here, and
// tests hand it an InputFile of bytes in memory.
Trace read_trace(InputFile& input, const std::string& path, const ReadOptions& options = {});

// True when the traces at `a` and `b` read one file: two paths of one file (same_file, by
// device and inode), a folder (a TensorBoard run) and one of its event files, or two folders
// that share an event file. A trace compared with such a trace is compared with itself.
bool read_same_file(const std::string& a, const std::string& b);

// Reads a whole trace held in memory, in the trace format; `path` is only used in messages.
Trace parse_trace(std::string_view text, const std::string& path, const ReadOptions& options = {});

// Throws Error when options.pattern is given and is not a valid RE2 pattern with a group
// for the step (named `step`, or as options.step_key). Nothing for an empty pattern.
void check_text_pattern(const ReadOptions& options);

// Hands the content of `input` to `parser` in blocks of whole lines of about 1 MiB.
void feed_lines(InputFile& input, const std::string& path, TraceParser& parser);

} // namespace tracediff
