// JSON Lines as one of the input formats: the trace format (traces/TRACE_FORMAT.md), and any
// JSON-Lines log whose records have a step member (--step-key, or the first of
// k_default_step_keys they have).
#include "tracediff/read/read_trace.hpp"
#include "tracediff/read/trace_parser.hpp"

#include "content_head.hpp"
#include "format_list.hpp"

namespace tracediff {

namespace {

// Content that starts with '{' (after a byte-order mark and blank lines). Empty content too:
// the trace parser gives the most precise message about it, and about a malformed first line.
bool recognise_trace(std::string_view head, const ReadOptions& /*options*/) {
    const std::string_view text = content_head::skip_blank(head);
    return text.empty() || text.starts_with('{');
}

Trace read_trace_format(InputFile& input, const std::string& path, const ReadOptions& options) {
    TraceParser parser(path, options);
    feed_lines(input, path, parser);
    return parser.finish();
}

} // namespace

const InputFormat k_jsonl_format{"jsonl",
                                 "JSON Lines: the trace format, or any log of one JSON object per "
                                 "line with a step member",
                                 recognise_trace, read_trace_format};

} // namespace tracediff
