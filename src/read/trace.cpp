#include "tracediff/read/trace.hpp"

#include <stdexcept>

namespace tracediff {

const FieldSeries& Trace::field(const std::string& name) const {
    if (const FieldSeries* f = find_field(name)) {
        return *f;
    }
    throw std::out_of_range("field was not read: " + name);
}

const FieldSeries* Trace::find_field(const std::string& name) const {
    for (const auto& f : fields) {
        if (f.name == name) {
            return &f;
        }
    }
    return nullptr;
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
