// libFuzzer target: a text log read as it arrives, against the same bytes read whole.
//
// A live check reads only JSON Lines today; a text log is read line by line as it arrives when
// it comes from a pipe (`tracediff table <(tail -f train.log) ...`): each read hands the text
// reader the lines it completes. The input's first two bytes choose how the rest is cut into
// pieces (pieces.hpp); an InputFile hands the bytes over in those pieces, and read_trace reads
// them as a text log with two patterns. The same bytes read whole must give the same trace, or
// the same error.
#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/read/read_trace.hpp"

#include <cstdint>
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

void compare(std::string_view text, const std::vector<std::size_t>& pieces,
             const ReadOptions& options) {
    InputFile whole(InMemoryFile{k_path, std::string(text)});
    InputFile piped(InMemoryFile{k_path, std::string(text)}, pieces);
    if (whole.compression() != Compression::none) {
        return; // read decompressed, in pieces of their own
    }
    fuzz::expect_same(fuzz::outcome_of([&] { return read_trace(whole, k_path, options); }),
                      fuzz::outcome_of([&] { return read_trace(piped, k_path, options); }));
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
