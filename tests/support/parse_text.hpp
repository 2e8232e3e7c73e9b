// Reading a trace held in a string, for the reader's tests.
#pragma once

#include "tracediff/error.hpp"
#include "tracediff/read/read_trace.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tracediff::testing {

// The message of the Error that parsing `text` throws; fails the test if none is thrown.
inline std::string error_of(const std::string& text, const ReadOptions& options = {}) {
    try {
        parse_trace(text, "t.jsonl", options);
    } catch (const Error& e) {
        return e.what();
    }
    ADD_FAILURE() << "no error for:\n" << text;
    return "";
}

inline const Series& loss(const Trace& t) {
    return t.field("loss").series;
}

} // namespace tracediff::testing
