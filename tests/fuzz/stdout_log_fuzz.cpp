// libFuzzer target: arbitrary bytes read as each trainer's standard output (megatron-log,
// torchtitan-log, nanogpt-log, mllog), and recognised from the content.
#include "memory_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace tracediff;
    static const ReadOptions megatron =
        fuzz::options_for("megatron-log", {{"lm loss", true}, {"validation lm loss", false}});
    static const ReadOptions titan =
        fuzz::options_for("torchtitan-log", {{"loss", true}, {"memory_pct", false}});
    static const ReadOptions nanogpt =
        fuzz::options_for("nanogpt-log", {{"loss", true}, {"train_loss", false}});
    static const ReadOptions mllog =
        fuzz::options_for("mllog", {{"train_loss", true}, {"eval_accuracy", false}});
    static const ReadOptions recognised = fuzz::options_for("", {{"loss", true}});
    for (const ReadOptions* options : {&megatron, &titan, &nanogpt, &mllog, &recognised}) {
        fuzz::read_as_file(data, size, *options);
    }
    return 0;
}
