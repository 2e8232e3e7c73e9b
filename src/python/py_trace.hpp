// The Python module's view of the core: a trace read once and kept whole in C++, shown to
// Python as NumPy arrays over its own memory, and the conversions both sides need.
#pragma once

#include "tracediff/read/trace.hpp"

#include <memory>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <string>
#include <vector>

namespace tracediff::python {

namespace py = pybind11;

// A trace as tracediff.read returns it. The arrays are read-only views of `trace` (or, when
// the fields were logged at different steps, of the merged table below), so compare and check
// use the very values Python sees.
class PyTrace {
public:
    explicit PyTrace(Trace trace);

    const Trace& trace() const { return *m_trace; }
    // Every step at which any read field has a value, sorted.
    py::array_t<std::int64_t> steps() const;
    // Field -> values at steps(); NaN where the field has no value at that step.
    py::dict values() const;
    // One field's own steps and values: the steps at which it was logged.
    py::tuple series(const std::string& field) const;
    py::object header() const;
    std::vector<std::string> fields() const;

private:
    std::shared_ptr<const Trace> m_trace;
    // Set when the fields do not share their steps: the union and the values on it.
    std::shared_ptr<const std::vector<std::int64_t>> m_union_steps;
    std::vector<std::shared_ptr<const std::vector<double>>> m_union_values;
};

// JSON (a header, say) as Python objects: dict, list, str, int, float, bool, None.
py::object to_python(const Json& value);

// The path of a str, bytes or os.PathLike argument, as the bytes open() is given. Throws
// Error for a path with a NUL byte (open() would take the part before it).
std::string path_of(const py::handle& path);

// A path for Python: a str, its bytes that are not UTF-8 as os.fsdecode gives them.
py::str path_text(const std::string& path);

} // namespace tracediff::python
