// libFuzzer target: arbitrary bytes read as a text log with two patterns: one of named groups
// with an optional part, one anchored.
#include "memory_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace tracediff;
    static const ReadOptions loose = [] {
        ReadOptions o = fuzz::options_for("text", {{"loss", true}, {"grad_norm", false}});
        o.pattern =
            R"(step:\s*(?P<step>\d+)\s+loss:\s*(?P<loss>\S+)(?:\s+grad_norm:\s*(?P<grad_norm>\S+))?)";
        return o;
    }();
    static const ReadOptions anchored = [] {
        ReadOptions o = fuzz::options_for("text", {{"loss", true}});
        o.pattern = R"(^iter (?P<step>\S+): loss (?P<loss>[^,]*),)";
        return o;
    }();
    fuzz::read_as_file(data, size, loose);
    fuzz::read_as_file(data, size, anchored);
    return 0;
}
