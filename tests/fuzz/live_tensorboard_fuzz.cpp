// libFuzzer target: a TensorBoard event file read as a live check follows it, against the same
// bytes read whole.
//
// The input's first two bytes choose how the rest is cut into pieces (pieces.hpp), as a file
// that grows hands them over. The live path frames records over those pieces (TfRecordReader on
// a byte source: a record cut at a piece's end waits for the next piece) and gives each whole
// record to a LiveParser, taking a snapshot after each, as the check does; read_trace reads the
// same bytes whole. Both must give the same trace, or the same error. The input is read as it
// is (framing and CRC checks), and cut into records framed with correct CRCs, so that mutations
// reach the protobuf parser instead of failing a CRC.
#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/read/live_parser.hpp"
#include "tracediff/read/read_trace.hpp"
#include "tracediff/read/tfrecord.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "../support/event_file.hpp"
#include "pieces.hpp"
#include "same_trace.hpp"

namespace {

using namespace tracediff;

constexpr const char* k_path = "fuzz.tfevents";

Trace read_live(const std::string& bytes, const std::vector<std::size_t>& pieces,
                const ReadOptions& options) {
    LiveParser parser(k_path, options);
    parser.add_event_file(k_path);
    std::size_t at = 0;
    std::size_t piece = 0;
    TfRecordReader records(
        [&](char* out, std::size_t n) {
            const std::size_t count =
                std::min({n, piece < pieces.size() ? pieces[piece] : n, bytes.size() - at});
            ++piece;
            std::memcpy(out, bytes.data() + at, count);
            at += count;
            return count;
        },
        k_path);
    std::string_view data;
    std::uint64_t offset = 0;
    while (records.next(data, offset)) {
        parser.add_event_record(data, offset);
        (void)parser.snapshot(parser.step_records());
    }
    if (records.truncation()) {
        parser.add_event_truncation(*records.truncation());
    }
    return parser.finish();
}

void compare(const std::string& bytes, const std::vector<std::size_t>& pieces,
             const ReadOptions& options) {
    InputFile whole(InMemoryFile{k_path, bytes});
    if (whole.compression() != Compression::none) {
        return; // a compressed file cannot be followed
    }
    fuzz::expect_same(fuzz::outcome_of([&] { return read_trace(whole, k_path, options); }),
                      fuzz::outcome_of([&] { return read_live(bytes, pieces, options); }));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const ReadOptions options = [] {
        ReadOptions o;
        o.format = "tensorboard";
        o.fields = {{"loss", true}, {"lr", false}, {"train/loss", false}};
        return o;
    }();
    const fuzz::SeededText input = fuzz::seeded(data, size);
    const std::string raw(input.text);
    // Records: a length byte, then that many bytes of an Event message.
    std::string framed = testing::events::file_version();
    for (std::size_t i = 0; i < raw.size();) {
        const std::size_t n =
            std::min<std::size_t>(static_cast<unsigned char>(raw[i]), raw.size() - i - 1);
        framed += testing::events::record(raw.substr(i + 1, n));
        i += n + 1;
    }
    compare(raw, fuzz::pieces_for(input.seed, raw.size()), options);
    compare(framed, fuzz::pieces_for(input.seed, framed.size()), options);
    return 0;
}
