// libFuzzer target: arbitrary bytes read as Megatron-LM golden values.
#include "memory_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace tracediff;
    static const ReadOptions options =
        fuzz::options_for("megatron", {{"lm loss", true}, {"num-zeros", false}});
    fuzz::read_as_file(data, size, options);
    return 0;
}
