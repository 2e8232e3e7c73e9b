// libFuzzer target: a text log read as it arrives, against the same bytes read whole.
//
// A live check reads a text log (a trainer's standard output) as it arrives: each read hands
// the LineSplitter bytes, and each block of lines it completes goes to the LiveParser, then
// the last line without its newline. The input's first two bytes choose how the rest is cut
// into pieces (pieces.hpp). The text is read three ways with two patterns: whole, live through
// the LiveParser, and from an InputFile that hands the bytes over in those pieces through
// read_trace. All three must give the same trace, or the same error.
#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/io/line_splitter.hpp"
#include "tracediff/read/fast_line.hpp"
#include "tracediff/read/live_parser.hpp"
#include "tracediff/read/read_trace.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pieces.hpp"
#include "same_trace.hpp"

namespace {

using namespace tracediff;

constexpr const char* k_path = "fuzz.log";

ReadOptions text_options(const char* pattern, std::vector<FieldRequest> fields) {
    ReadOptions o;
    o.format = "text";
    o.pattern = pattern;
    o.fields = std::move(fields);
    return o;
}

Trace read_live(std::string_view text, const std::vector<std::size_t>& pieces,
                const ReadOptions& options) {
    LiveParser parser(k_path, options);
    LineSplitter splitter(k_path, k_max_line_bytes, k_line_padding);
    std::size_t pos = 0;
    for (std::size_t i = 0; pos < text.size(); ++i) {
        const std::size_t n = std::min(pieces[i % pieces.size()], text.size() - pos);
        parser.add_lines(splitter.add(text.substr(pos, n)));
        pos += n;
    }
    parser.add_lines(splitter.finish());
    return parser.finish();
}

void compare(std::string_view text, const std::vector<std::size_t>& pieces,
             const ReadOptions& options) {
    InputFile whole(InMemoryFile{k_path, std::string(text)});
    InputFile piped(InMemoryFile{k_path, std::string(text)}, pieces);
    if (whole.compression() != Compression::none) {
        return; // read decompressed, in pieces of their own
    }
    const fuzz::Outcome expected =
        fuzz::outcome_of([&] { return read_trace(whole, k_path, options); });
    fuzz::expect_same(expected,
                      fuzz::outcome_of([&] { return read_trace(piped, k_path, options); }));
    fuzz::expect_same(expected, fuzz::outcome_of([&] { return read_live(text, pieces, options); }));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const ReadOptions loose = text_options(
        R"(step:\s*(?P<step>\d+)\s+loss:\s*(?P<loss>\S+)(?:\s+grad_norm:\s*(?P<grad_norm>\S+))?)",
        {{"loss", true}, {"grad_norm", false}});
    static const ReadOptions anchored =
        text_options(R"(^iter (?P<step>\S+): loss (?P<loss>[^,]*),)", {{"loss", true}});
    const fuzz::SeededText input = fuzz::seeded(data, size);
    const std::vector<std::size_t> pieces = fuzz::pieces_for(input.seed, input.text.size());
    compare(input.text, pieces, loose);
    compare(input.text, pieces, anchored);
    return 0;
}
