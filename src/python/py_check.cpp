// tracediff.check: the gate of `tracediff check A B` on two traces, as a dict.
#include "tracediff/app/check_job.hpp"
#include "tracediff/error.hpp"
#include "tracediff/gate/criteria.hpp"
#include "tracediff/printable.hpp"
#include "tracediff/read/read_trace.hpp"

#include <fmt/format.h>

#include <limits>
#include <pybind11/stl.h>
#include <string>
#include <variant>

#include "py_api.hpp"

namespace tracediff::python {

namespace {

// max={"step1": 1e-5}: each statistic and its limit, as values. The gate validates them; the
// message names the criterion as Python spells it.
std::vector<MaxCriterion> max_criteria(const py::dict& max, bool relative) {
    std::vector<MaxCriterion> criteria;
    for (const auto& [stat, limit] : max) {
        const std::string name = py::str(stat);
        const std::string where =
            fmt::format("{}={{{}: {}}}", relative ? "max_rel" : "max", std::string(py::repr(stat)),
                        std::string(py::repr(limit)));
        if (!py::isinstance<py::str>(stat)) {
            throw Error(fmt::format("{}: a statistic is a str, e.g. 'step1'", where));
        }
        const bool number =
            (py::isinstance<py::float_>(limit) || py::isinstance<py::int_>(limit)) &&
            !py::isinstance<py::bool_>(limit);
        if (!number) {
            throw Error(fmt::format("{}: the limit must be a number", where));
        }
        double value = PyFloat_AsDouble(limit.ptr());
        if (value == -1.0 && PyErr_Occurred() != nullptr) {
            PyErr_Clear(); // an int beyond the doubles: not a finite limit
            value = std::numeric_limits<double>::infinity();
        }
        try {
            const MaxCriterion c = make_max_criterion(name, value);
            criteria.push_back(relative ? relative_criterion(c) : c);
        } catch (const CriterionError& e) {
            throw Error(fmt::format("{}: {}", where, e.what()));
        }
    }
    return criteria;
}

CheckSpec spec_from_arguments(const CheckArgs& args) {
    CheckSpec spec;
    spec.max = max_criteria(args.max, false);
    const std::vector<MaxCriterion> relative = max_criteria(args.max_rel, true);
    spec.max.insert(spec.max.end(), relative.begin(), relative.end());
    spec.mode = args.mode;
    spec.atol = args.atol;
    spec.rtol = args.rtol;
    if (!args.steps.empty()) {
        spec.steps = parse_step_range(args.steps);
    }
    spec.allow = args.allow;
    if (!args.field.empty()) {
        spec.field = args.field;
        spec.field_given = true;
    }
    spec.require_same_steps = args.require_same_steps;
    spec.ignore_header = args.ignore_header;
    spec.require_header = args.require_header;
    spec.validate();
    return spec;
}

py::object value_to_python(const app::CriterionValues::Value& value) {
    if (const auto* number = std::get_if<double>(&value)) {
        return py::float_(*number);
    }
    if (const auto* text = std::get_if<std::string>(&value)) {
        return py::str(*text);
    }
    return py::none();
}

py::dict criterion_dict(const app::CriterionValues& c) {
    py::dict out;
    out["name"] = c.name;
    out["passed"] = c.passed;
    out["skipped"] = c.skipped;
    out["verdict"] = c.verdict;
    out["message"] = printable(c.message); // it may name a path that is not UTF-8
    out["limit"] = value_to_python(c.limit);
    out["value"] = value_to_python(c.value);
    out["step"] = c.step ? py::object(py::int_(*c.step)) : py::none();
    py::list details;
    for (const auto& line : c.details) {
        details.append(printable(line));
    }
    out["details"] = details;
    return out;
}

// The command line's refusal of a trace compared with itself: two paths of one file (by
// device and inode), or one trace read before passed twice. A trace read before and a path
// are not compared: the file may have been written again since.
void refuse_one_trace_twice(const py::handle& a, const py::handle& b) {
    const bool read_a = py::isinstance<PyTrace>(a);
    const bool read_b = py::isinstance<PyTrace>(b);
    if (read_a && read_b && a.is(b)) {
        const std::string& path = a.cast<const PyTrace&>().trace().path;
        app::refuse_same_trace(path, path);
    }
    if (!read_a && !read_b && read_same_file(path_of(a), path_of(b))) {
        app::refuse_same_trace(path_of(a), path_of(b));
    }
}

} // namespace

py::dict check(const py::handle& a, const py::handle& b, const CheckArgs& args) {
    const CheckSpec spec = spec_from_arguments(args);
    refuse_one_trace_twice(a, b);
    const auto fields = spec.fields_to_read();
    const Trace ta = trace_of(a, fields);
    const Trace tb = trace_of(b, fields);
    const app::CheckValues result = app::check_values(app::check_traces(spec, ta, tb));
    py::list criteria;
    for (const auto& c : result.criteria) {
        criteria.append(criterion_dict(c));
    }
    py::dict out;
    out["passed"] = result.passed;
    out["verdict"] = result.verdict;
    out["field"] = result.field;
    out["a"] = result.label_a;
    out["b"] = result.label_b;
    out["criteria"] = criteria;
    return out;
}

} // namespace tracediff::python
