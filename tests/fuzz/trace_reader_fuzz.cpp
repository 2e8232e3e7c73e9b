// libFuzzer target: the trace reader on arbitrary bytes.
//
// Reads the input twice, with the fast path (simdjson) and with the tolerant path only
// (nlohmann/json), and aborts unless both give the same trace or the same error: the fast
// path must never read a number the tolerant path would not.
#include "tracediff/error.hpp"
#include "tracediff/read/read_trace.hpp"
#include "tracediff/read/trace_parser.hpp"

#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

struct Outcome {
    bool ok = false;
    std::string error;
    tracediff::Trace trace;
};

Outcome read(std::string_view text, bool fast) {
    tracediff::ReadOptions options;
    options.fields = {{"loss", true}, {"lr", false}};
    options.fast_path = fast;
    Outcome o;
    try {
        o.trace = tracediff::parse_trace(text, "fuzz.jsonl", options);
        o.ok = true;
    } catch (const tracediff::Error& e) {
        o.error = e.what();
    }
    return o;
}

void check(bool condition, const char* what) {
    if (!condition) {
        std::fprintf(stderr, "fast and tolerant paths differ: %s\n", what);
        std::abort();
    }
}

bool same_series(const tracediff::Series& a, const tracediff::Series& b) {
    if (a.steps != b.steps || a.values.size() != b.values.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.values.size(); ++i) {
        if (std::bit_cast<std::uint64_t>(a.values[i]) !=
            std::bit_cast<std::uint64_t>(b.values[i])) {
            return false;
        }
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const Outcome fast = read(text, true);
    const Outcome slow = read(text, false);
    check(fast.ok == slow.ok, "one read the trace, the other failed");
    if (!fast.ok) {
        check(fast.error == slow.error, "error messages");
        return 0;
    }
    const tracediff::Trace& a = fast.trace;
    const tracediff::Trace& b = slow.trace;
    check(a.fields.size() == b.fields.size(), "field count");
    for (std::size_t f = 0; f < a.fields.size(); ++f) {
        check(same_series(a.fields[f].series, b.fields[f].series), "steps or values");
        check(a.fields[f].records_without == b.fields[f].records_without, "records without");
        check(a.fields[f].first_line_without == b.fields[f].first_line_without,
              "first line without");
    }
    check(a.step_records == b.step_records, "step records");
    check(a.duplicate_records == b.duplicate_records, "duplicate records");
    check(a.ignored_kinds == b.ignored_kinds, "ignored kinds");
    check(a.truncated_last_line == b.truncated_last_line, "truncated last line");
    check(a.warnings == b.warnings, "warnings");
    check(a.header.has_value() == b.header.has_value(), "header");
    check(a.header_line == b.header_line, "header line");
    return 0;
}
