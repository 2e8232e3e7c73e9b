// The input formats: each reads one kind of log into the same Trace. A format is one source
// file in src/read/ that defines a TraceFormat and is listed in formats.cpp; nothing after the
// reader knows which format a trace came from.
#pragma once

#include "tracediff/read/read_options.hpp"
#include "tracediff/read/trace.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace tracediff {

class InputFile;

struct TraceFormat {
    // The name `--from` takes, e.g. "trace".
    std::string_view name;
    // What it is, for messages: "JSON Lines with a header and step records".
    std::string_view description;
    // True when `head`, the first bytes of the (decompressed) content, look like this format.
    bool (*recognise)(std::string_view head);
    // Reads the whole input. `path` is as the user gave it ("-" is standard input).
    Trace (*read)(InputFile& input, const std::string& path, const ReadOptions& options);
};

// Every format, in the order they are tried when recognising content.
const std::vector<const TraceFormat*>& trace_formats();

// The format named `name`; throws Error listing the formats for an unknown name.
const TraceFormat& format_named(std::string_view name);

// The first format that recognises `head`; throws Error naming the file when none does.
const TraceFormat& recognise_format(std::string_view head, const std::string& path);

} // namespace tracediff
