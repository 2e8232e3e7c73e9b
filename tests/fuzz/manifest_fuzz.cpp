// libFuzzer target: the manifest parser on arbitrary bytes. Anything but a Manifest or
// tracediff::Error (a crash, a hang, another exception) is a finding.
#include "tracediff/error.hpp"
#include "tracediff/read/manifest.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const tracediff::Manifest m = tracediff::parse_manifest(text, "fuzz/manifest.json");
        (void)m;
    } catch (const tracediff::Error&) {
    }
    return 0;
}
