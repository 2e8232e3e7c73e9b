// What the fuzz targets that compare two readings share: aborting unless they agree (bit-identical
// steps and values, the same counts, warnings and header), or failed with the same error.
#pragma once

#include "tracediff/error.hpp"
#include "tracediff/read/trace.hpp"

#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace tracediff::fuzz {

struct Outcome {
    bool ok = false;
    std::string error;
    Trace trace;
};

// What `read` (a function returning a Trace) gives: the trace, or the message it threw.
template <class Read>
Outcome outcome_of(Read read) {
    Outcome o;
    try {
        o.trace = read();
        o.ok = true;
    } catch (const Error& e) {
        o.error = e.what();
    }
    return o;
}

inline void check(bool condition, const char* what) {
    if (!condition) {
        std::fprintf(stderr, "two readings of one text differ: %s\n", what);
        std::abort();
    }
}

inline bool same_series(const Series& a, const Series& b) {
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

inline void expect_same(const Outcome& fast, const Outcome& slow) {
    check(fast.ok == slow.ok, "one read the trace, the other failed");
    if (!fast.ok) {
        check(fast.error == slow.error, "error messages");
        return;
    }
    const Trace& a = fast.trace;
    const Trace& b = slow.trace;
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
    // Dumped: a NaN in the record is not equal to itself.
    check(a.last_eval.has_value() == b.last_eval.has_value() &&
              (!a.last_eval || a.last_eval->dump() == b.last_eval->dump()),
          "last eval");
}

} // namespace tracediff::fuzz
