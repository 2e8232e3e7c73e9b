// libFuzzer target: the trace reader on arbitrary bytes.
//
// Reads the input twice, with the fast path and with the tolerant path only
// (nlohmann/json), and aborts unless both give the same trace or the same error: the fast
// path must never read a number the tolerant path would not.
#include "tracediff/error.hpp"
#include "tracediff/read/read_trace.hpp"
#include "tracediff/read/trace_parser.hpp"

#include <cstdint>
#include <string_view>

#include "same_trace.hpp"

namespace {

tracediff::fuzz::Outcome read(std::string_view text, bool fast) {
    tracediff::ReadOptions options;
    options.fields = {{"loss", true}, {"lr", false}};
    options.fast_path = fast;
    return tracediff::fuzz::outcome_of(
        [&] { return tracediff::parse_trace(text, "fuzz.jsonl", options); });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    tracediff::fuzz::expect_same(read(text, true), read(text, false));
    return 0;
}
