// libFuzzer target: a JSON Lines trace read live, as `check` reads a pipe or a followed file,
// against the same bytes read whole.
//
// The input's first two bytes choose how the rest is cut into pieces (pieces.hpp). The text is
// read three ways: whole (parse_trace); live, each piece through the LineSplitter that the
// live check uses and each block of lines it completes to LiveParser::add_lines (the parser
// LiveCheck gives them to), then the last line without its newline, with snapshots (what a live
// decision rests on, of all records and of the first half) taken on the way; and from an InputFile
// that hands the bytes over in the same pieces, through read_trace. All three must give the same
// trace, or the same error; a snapshot is a well-formed trace, and the last one is the finished
// trace when the input does not end with a truncated record.
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

constexpr const char* k_path = "fuzz.jsonl";

// Steps sorted and unique in every field.
void expect_well_formed(const Trace& trace) {
    for (const auto& f : trace.fields) {
        fuzz::check(std::is_sorted(f.series.steps.begin(), f.series.steps.end()) &&
                        std::adjacent_find(f.series.steps.begin(), f.series.steps.end()) ==
                            f.series.steps.end(),
                    "a snapshot's steps are not sorted and unique");
    }
}

Trace read_live(std::string_view text, const std::vector<std::size_t>& pieces,
                const ReadOptions& options) {
    LiveParser parser(k_path, options);
    LineSplitter splitter(k_path, k_max_line_bytes, k_line_padding);
    std::optional<Trace> last_snapshot;
    const std::size_t every = 1 + pieces.size() / 8; // at most 8 snapshots, each a copy
    std::size_t pos = 0;
    for (std::size_t i = 0; pos < text.size(); ++i) {
        const std::size_t n = std::min(pieces[i % pieces.size()], text.size() - pos);
        parser.add_lines(splitter.add(text.substr(pos, n)));
        pos += n;
        if (i % every == 0 || pos == text.size()) {
            last_snapshot = parser.snapshot(parser.step_records());
            if (last_snapshot) {
                expect_well_formed(*last_snapshot);
            }
            if (const auto half = parser.snapshot(parser.step_records() / 2)) {
                expect_well_formed(*half);
            }
        }
    }
    const std::string_view rest = splitter.finish();
    if (!rest.empty()) {
        parser.add_lines(rest);
        last_snapshot = parser.snapshot(parser.step_records());
    }
    Trace trace = parser.finish();
    if (last_snapshot && !trace.truncated_last_line) {
        fuzz::Outcome snapshot{true, "", std::move(*last_snapshot)};
        fuzz::Outcome finished{true, "", trace};
        fuzz::expect_same(snapshot, finished);
    }
    return trace;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const fuzz::SeededText input = fuzz::seeded(data, size);
    const std::vector<std::size_t> pieces = fuzz::pieces_for(input.seed, input.text.size());
    ReadOptions options;
    options.format = "jsonl";
    options.fields = {{"loss", true}, {"lr", false}};
    const fuzz::Outcome whole =
        fuzz::outcome_of([&] { return parse_trace(input.text, k_path, options); });
    fuzz::expect_same(whole,
                      fuzz::outcome_of([&] { return read_live(input.text, pieces, options); }));
    InputFile piped(InMemoryFile{k_path, std::string(input.text)}, pieces);
    if (piped.compression() == Compression::none) { // gzip or zstd bytes are read decompressed
        fuzz::expect_same(whole,
                          fuzz::outcome_of([&] { return read_trace(piped, k_path, options); }));
    }
    return 0;
}
