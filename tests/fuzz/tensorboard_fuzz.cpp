// libFuzzer target: TensorBoard event files. The input is read twice: as it is (framing and
// CRC checks), and cut into records that are framed with correct CRCs, so that mutations reach
// the protobuf parser and the scalar decoding instead of failing a CRC.
#include <string>

#include "../support/event_file.hpp"
#include "memory_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace tracediff;
    static const ReadOptions options =
        fuzz::options_for("tensorboard", {{"loss", true}, {"lr", false}, {"train/loss", false}});
    fuzz::read_as_file(data, size, options);
    // Records: a length byte, then that many bytes of an Event message.
    std::string framed = testing::events::file_version();
    for (std::size_t i = 0; i < size;) {
        const std::size_t n = std::min<std::size_t>(data[i], size - i - 1);
        framed +=
            testing::events::record(std::string(reinterpret_cast<const char*>(data) + i + 1, n));
        i += n + 1;
    }
    fuzz::read_as_file(reinterpret_cast<const std::uint8_t*>(framed.data()), framed.size(),
                       options);
    return 0;
}
