// tracediff.golden and tracediff.tolerance: references from reruns, as the command line's
// golden and tolerance subcommands make them (app/golden_job.hpp, app/tolerance_job.hpp).
#include "tracediff/app/golden_job.hpp"
#include "tracediff/app/tolerance_job.hpp"
#include "tracediff/gate/criteria.hpp"
#include "tracediff/printable.hpp"

#include <pybind11/stl.h>

#include "py_api.hpp"

namespace tracediff::python {

namespace {

std::vector<std::string> paths_of(const py::iterable& runs) {
    std::vector<std::string> paths;
    for (const py::handle& run : runs) {
        paths.push_back(path_of(run));
    }
    return paths;
}

// What the command line prints as warnings, as Python warnings.
void warn_all(app::Warnings& warnings) {
    for (const std::string& sentence : warnings.take()) {
        if (PyErr_WarnEx(PyExc_UserWarning, printable(sentence).c_str(), 1) != 0) {
            throw py::error_already_set();
        }
    }
}

} // namespace

void golden(const py::iterable& runs, const py::handle& path, const GoldenArgs& args) {
    app::GoldenRequest request{
        .files = paths_of(runs),
        .fields = args.fields,
        .every = args.every,
        .steps = args.steps.empty() ? std::nullopt
                                    : std::optional<StepRange>(parse_step_range(args.steps)),
        .input = {},
        .output = path_of(path)};
    app::Warnings warnings;
    {
        py::gil_scoped_release release; // reading and writing touch no Python object
        app::write_golden(request, warnings);
    }
    warn_all(warnings);
}

py::dict tolerance(const py::iterable& runs, const std::string& field, double factor) {
    app::Warnings warnings;
    ToleranceReport report;
    {
        const std::vector<std::string> files = paths_of(runs);
        py::gil_scoped_release release;
        report = app::measure_tolerances({files, field, factor, {}, {}}, warnings);
    }
    warn_all(warnings);
    py::dict stats;
    for (const StatTolerance& t : report.stats) {
        py::dict s;
        s["largest"] = t.largest ? py::object(py::float_(*t.largest)) : py::none();
        s["pair"] = t.largest ? py::object(py::str(t.pair)) : py::none();
        s["limit"] = t.largest ? py::object(py::float_(t.limit)) : py::none();
        s["reason"] = t.largest ? py::none() : py::object(py::str(printable(t.why_none)));
        stats[py::str(t.name)] = s;
    }
    py::dict out;
    out["field"] = report.field;
    out["factor"] = report.factor;
    out["runs"] = report.labels;
    out["pairs"] = report.pairs;
    out["stats"] = stats;
    out["options"] = tolerance_options(report);
    return out;
}

} // namespace tracediff::python
