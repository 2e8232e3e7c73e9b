// libFuzzer target: arbitrary bytes read as HuggingFace trainer_state.json.
#include "memory_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace tracediff;
    static const ReadOptions options = fuzz::options_for(
        "trainer-state", {{"loss", true}, {"eval_loss", false}, {"optim.lr", false}});
    fuzz::read_as_file(data, size, options);
    return 0;
}
