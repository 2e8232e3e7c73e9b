// The trace format (traces/TRACE_FORMAT.md) as one of the input formats.
#include "tracediff/read/read_trace.hpp"
#include "tracediff/read/trace_parser.hpp"

#include "formats.hpp"

namespace tracediff {

namespace {

// The trace parser gives the most precise message about any other content (an empty file, a
// malformed first line), so the trace format takes whatever no other format recognises.
bool recognise_trace(std::string_view /*head*/) {
    return true;
}

Trace read_trace_format(InputFile& input, const std::string& path, const ReadOptions& options) {
    TraceParser parser(path, options);
    feed_lines(input, path, parser);
    return parser.finish();
}

} // namespace

const TraceFormat k_trace_format{"trace", "JSON Lines with a header and one record per step",
                                 recognise_trace, read_trace_format};

} // namespace tracediff
