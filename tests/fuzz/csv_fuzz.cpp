// libFuzzer target: arbitrary bytes read as CSV and as TSV (quoting, ragged rows, numbers,
// rows across read blocks).
#include "memory_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace tracediff;
    static const ReadOptions csv =
        fuzz::options_for("csv", {{"loss", true}, {"train/loss", false}, {"val_loss", false}});
    static const ReadOptions tsv = fuzz::options_for("tsv", {{"loss", true}, {"lr", false}});
    fuzz::read_as_file(data, size, csv);
    fuzz::read_as_file(data, size, tsv);
    return 0;
}
