// The input formats: each reads one kind of log into the same Trace. A format is one source
// file in src/read/ that defines an InputFormat and is listed in input_format.cpp; nothing after
// the reader knows which format a trace came from.
#pragma once

#include "tracediff/read/read_options.hpp"
#include "tracediff/read/trace.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace tracediff {

class InputFile;

struct InputFormat {
    // The name `--from` takes, e.g. "jsonl".
    std::string_view name;
    // What it is, for messages and help: "JSON Lines: the trace format, or any log with ...".
    std::string_view description;
    // True when `head`, the first bytes of the (decompressed) content, look like this format.
    // `options` give what the content cannot: the step key, a text log's pattern.
    bool (*recognise)(std::string_view head, const ReadOptions& options);
    // Reads the whole input. `path` is as the user gave it ("-" is standard input).
    Trace (*read)(InputFile& input, const std::string& path, const ReadOptions& options);
};

// Every format, in the order they are tried when recognising content.
const std::vector<const InputFormat*>& input_formats();

// The format named `name` ("trace" is another name of "jsonl"); throws Error listing the
// formats for an unknown name.
const InputFormat& format_named(std::string_view name);

// "jsonl, csv, tsv, ...": every format's name, for messages and help.
std::string format_names();

// The first format that recognises `head`; throws Error naming the file, saying what the
// content looks like and listing the formats when none does.
const InputFormat& recognise_format(std::string_view head, const std::string& path,
                                    const ReadOptions& options);

} // namespace tracediff
