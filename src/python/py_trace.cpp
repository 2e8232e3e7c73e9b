#include "py_trace.hpp"

#include "tracediff/io/input_file.hpp"

#include <algorithm>
#include <limits>

namespace tracediff::python {

namespace {

// A read-only NumPy array over `data`, which `owner` keeps alive as long as the array lives.
template <typename T, typename Owner>
py::array_t<T> view(const std::vector<T>& data, const std::shared_ptr<Owner>& owner) {
    auto* keep = new std::shared_ptr<Owner>(owner);
    py::capsule base(keep, [](void* p) { delete static_cast<std::shared_ptr<Owner>*>(p); });
    py::array_t<T> array(static_cast<py::ssize_t>(data.size()), data.data(), base);
    py::detail::array_proxy(array.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
    return array;
}

bool fields_share_steps(const Trace& t) {
    return std::all_of(t.fields.begin(), t.fields.end(), [&t](const FieldSeries& f) {
        return f.series.steps == t.fields.front().series.steps;
    });
}

std::vector<std::int64_t> union_of_steps(const Trace& t) {
    std::vector<std::int64_t> steps;
    for (const FieldSeries& f : t.fields) {
        std::vector<std::int64_t> merged;
        merged.reserve(steps.size() + f.series.steps.size());
        std::set_union(steps.begin(), steps.end(), f.series.steps.begin(), f.series.steps.end(),
                       std::back_inserter(merged));
        steps = std::move(merged);
    }
    return steps;
}

// The values of `s` at `steps` (a superset of its steps), NaN where it has none.
std::vector<double> spread(const Series& s, const std::vector<std::int64_t>& steps) {
    std::vector<double> out(steps.size(), std::numeric_limits<double>::quiet_NaN());
    std::size_t j = 0;
    for (std::size_t i = 0; i < steps.size() && j < s.size(); ++i) {
        if (steps[i] == s.steps[j]) {
            out[i] = s.values[j++];
        }
    }
    return out;
}

} // namespace

PyTrace::PyTrace(Trace trace) : m_trace(std::make_shared<const Trace>(std::move(trace))) {
    if (m_trace->fields.empty() || fields_share_steps(*m_trace)) {
        return;
    }
    auto steps = std::make_shared<const std::vector<std::int64_t>>(union_of_steps(*m_trace));
    for (const FieldSeries& f : m_trace->fields) {
        m_union_values.push_back(
            std::make_shared<const std::vector<double>>(spread(f.series, *steps)));
    }
    m_union_steps = std::move(steps);
}

py::array_t<std::int64_t> PyTrace::steps() const {
    if (m_union_steps) {
        return view(*m_union_steps, m_union_steps);
    }
    if (m_trace->fields.empty()) {
        return py::array_t<std::int64_t>(0);
    }
    return view(m_trace->fields.front().series.steps, m_trace);
}

py::dict PyTrace::values() const {
    py::dict out;
    for (std::size_t i = 0; i < m_trace->fields.size(); ++i) {
        const FieldSeries& f = m_trace->fields[i];
        out[py::str(f.name)] = m_union_steps ? view(*m_union_values[i], m_union_values[i])
                                             : view(f.series.values, m_trace);
    }
    return out;
}

py::tuple PyTrace::series(const std::string& field) const {
    for (const FieldSeries& f : m_trace->fields) {
        if (f.name == field) {
            return py::make_tuple(view(f.series.steps, m_trace), view(f.series.values, m_trace));
        }
    }
    throw py::key_error(field);
}

py::object PyTrace::header() const {
    return m_trace->header ? to_python(*m_trace->header) : py::none();
}

std::vector<std::string> PyTrace::fields() const {
    std::vector<std::string> names;
    for (const FieldSeries& f : m_trace->fields) {
        names.push_back(f.name);
    }
    return names;
}

py::object to_python(const Json& value) {
    switch (value.type()) {
    case Json::value_t::object: {
        py::dict out;
        for (const auto& [key, member] : value.items()) {
            out[py::str(key)] = to_python(member);
        }
        return out;
    }
    case Json::value_t::array: {
        py::list out;
        for (const auto& item : value) {
            out.append(to_python(item));
        }
        return out;
    }
    case Json::value_t::string:
        return py::str(value.get<std::string>());
    case Json::value_t::boolean:
        return py::bool_(value.get<bool>());
    case Json::value_t::number_integer:
        return py::int_(value.get<std::int64_t>());
    case Json::value_t::number_unsigned:
        return py::int_(value.get<std::uint64_t>());
    case Json::value_t::number_float:
        return py::float_(value.get<double>());
    default:
        return py::none();
    }
}

std::string path_of(const py::handle& path) {
    // The bytes the system is given, as open() takes them: a str (os.fsencode undoes the
    // surrogates of undecodable bytes), bytes (a Latin-1 name, say) or an os.PathLike.
    std::string bytes = py::bytes(py::module_::import("os").attr("fsencode")(path));
    refuse_nul_byte(bytes);
    return bytes;
}

py::str path_text(const std::string& path) {
    return py::module_::import("os").attr("fsdecode")(py::bytes(path));
}

} // namespace tracediff::python
