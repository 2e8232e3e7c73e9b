#include "tracediff/read/trace.hpp"

#include <stdexcept>

namespace tracediff {

const FieldSeries& Trace::field(const std::string& name) const {
    for (const auto& f : fields) {
        if (f.name == name) {
            return f;
        }
    }
    throw std::out_of_range("field was not read: " + name);
}

std::string Trace::header_string(const char* key) const {
    if (!header) {
        return {};
    }
    const auto it = header->find(key);
    if (it == header->end() || !it->is_string()) {
        return {};
    }
    return it->get<std::string>();
}

} // namespace tracediff
