#include "formats.hpp"

#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace tracediff {

namespace {

std::string format_names() {
    std::vector<std::string_view> names;
    for (const TraceFormat* f : trace_formats()) {
        names.push_back(f->name);
    }
    return fmt::format("{}", fmt::join(names, ", "));
}

} // namespace

const std::vector<const TraceFormat*>& trace_formats() {
    // The order matters when recognising: the first format that recognises the content reads
    // it, and the trace format takes what no other does.
    static const std::vector<const TraceFormat*> formats{&k_trace_format};
    return formats;
}

const TraceFormat& format_named(std::string_view name) {
    for (const TraceFormat* f : trace_formats()) {
        if (f->name == name) {
            return *f;
        }
    }
    throw Error(
        fmt::format("unknown input format '{}' (expected one of: {})", name, format_names()));
}

const TraceFormat& recognise_format(std::string_view head, const std::string& path) {
    for (const TraceFormat* f : trace_formats()) {
        if (f->recognise(head)) {
            return *f;
        }
    }
    throw Error(fmt::format("{}: not a format tracediff reads (expected one of: {})",
                            display_path(path), format_names()));
}

} // namespace tracediff
