// The Python module tracediff._tracediff: read, compare and check on the core of the command
// line, and TraceError for what the command line reports as `tracediff: error: MESSAGE`.
#include "tracediff/error.hpp"
#include "tracediff/printable.hpp"

#include <fmt/format.h>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "py_api.hpp"

#ifndef TRACEDIFF_VERSION
#define TRACEDIFF_VERSION "unknown"
#endif

namespace py = pybind11;
using namespace tracediff::python;

namespace {

// The warnings as the command line prints them: names with control characters escaped.
std::vector<std::string> shown_warnings(const PyTrace& t) {
    std::vector<std::string> shown;
    for (const auto& w : t.trace().warnings) {
        shown.push_back(tracediff::printable(w));
    }
    return shown;
}

std::string trace_repr(const PyTrace& t) {
    return fmt::format("<tracediff.Trace {}: {} steps>", tracediff::printable(t.trace().path),
                       t.steps().size());
}

} // namespace

PYBIND11_MODULE(_tracediff, m) {
    // NumPy and pybind11's table of its C API are set up now, under the import's GIL (set up by
    // the first array access, it gave up the GIL halfway: threads there at once deadlocked).
    py::array_t<double>(0);
    m.doc() = "tracediff's core: read traces, compare them, gate on their deltas";
    m.attr("__version__") = TRACEDIFF_VERSION;
    static py::exception<tracediff::Error> trace_error(m, "TraceError", PyExc_ValueError);
    trace_error.attr("__module__") = "tracediff"; // as the package exposes it
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) {
                std::rethrow_exception(p);
            }
        } catch (const tracediff::Error& e) {
            trace_error(e.what());
        } catch (const std::bad_alloc&) {
            trace_error("out of memory");
        }
    });

    py::class_<PyTrace>(m, "Trace")
        .def_property_readonly("path", [](const PyTrace& t) { return path_text(t.trace().path); })
        .def_property_readonly("steps", &PyTrace::steps)
        .def_property_readonly("values", &PyTrace::values)
        .def_property_readonly("header", &PyTrace::header)
        .def_property_readonly("fields", &PyTrace::fields)
        .def_property_readonly("warnings", shown_warnings)
        .def("series", &PyTrace::series, py::arg("field"))
        .def("__len__", [](const PyTrace& t) { return t.steps().size(); })
        .def("__repr__", trace_repr);

    m.def(
        "read",
        [](const py::handle& path, std::vector<std::string> fields, std::string from,
           std::string step_key, std::string pattern) {
            return read(path, {std::move(fields), std::move(from), std::move(step_key),
                               std::move(pattern)});
        },
        py::arg("path"), py::arg("fields") = std::vector<std::string>{"loss"},
        py::arg("from_") = "", py::arg("step_key") = "", py::arg("pattern") = "");
    m.def("compare", &compare, py::arg("a"), py::arg("b"), py::arg("field") = "loss");
    m.def(
        "check",
        [](const py::handle& a, const py::handle& b, py::dict max, py::dict max_rel,
           std::string mode, std::optional<double> atol, std::optional<double> rtol,
           std::string steps, std::size_t allow, std::string field, bool require_same_steps,
           bool ignore_header, bool require_header) {
            return check(a, b,
                         {std::move(max), std::move(max_rel), std::move(mode), atol, rtol,
                          std::move(steps), allow, std::move(field), require_same_steps,
                          ignore_header, require_header});
        },
        py::arg("a"), py::arg("b"), py::kw_only(), py::arg("max") = py::dict(),
        py::arg("max_rel") = py::dict(), py::arg("mode") = "", py::arg("atol") = py::none(),
        py::arg("rtol") = py::none(), py::arg("steps") = "", py::arg("allow") = 0,
        py::arg("field") = "", py::arg("require_same_steps") = false,
        py::arg("ignore_header") = false, py::arg("require_header") = false);
    m.def(
        "golden",
        [](const py::iterable& runs, const py::handle& path, std::vector<std::string> fields,
           std::int64_t every, std::string steps) {
            golden(runs, path, {std::move(fields), every, std::move(steps)});
        },
        py::arg("runs"), py::arg("path"), py::kw_only(),
        py::arg("fields") = std::vector<std::string>{"loss"}, py::arg("every") = 1,
        py::arg("steps") = "");
    m.def("tolerance", &tolerance, py::arg("runs"), py::kw_only(), py::arg("field") = "loss",
          py::arg("factor") = 2.0);
}
