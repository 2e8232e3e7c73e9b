#include "py_api.hpp"

#include "tracediff/app/table_job.hpp"
#include "tracediff/app/trace_inputs.hpp"
#include "tracediff/error.hpp"
#include "tracediff/read/read_trace.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <pybind11/stl.h>

namespace tracediff::python {

namespace {

// Every read of the module is on two threads (ReadOptions::threads): the same trace, sooner.
ReadOptions read_options(const std::vector<std::pair<std::string, bool>>& fields) {
    ReadOptions options;
    options.threads = 2;
    options.fields.clear();
    for (const auto& [name, required] : fields) {
        options.fields.push_back({name, required});
    }
    return options;
}

Trace read_path(const std::string& path, ReadOptions options) {
    py::gil_scoped_release release; // reading does not touch Python objects
    return read_trace(path, options);
}

py::object optional_number(const std::optional<std::int64_t>& v) {
    return v ? py::object(py::int_(*v)) : py::none();
}

py::object step_delta(const std::optional<StepDelta>& d) {
    if (!d) {
        return py::none();
    }
    py::dict out;
    out["step"] = d->step;
    out["a"] = d->in_a ? py::object(py::float_(d->a)) : py::none();
    out["b"] = d->in_b ? py::object(py::float_(d->b)) : py::none();
    out["delta"] = d->available() ? py::object(py::float_(d->delta)) : py::none();
    return out;
}

py::dict coverage(const Coverage& c) {
    py::dict out;
    out["compared"] = c.compared;
    out["first"] = optional_number(c.first_compared);
    out["last"] = optional_number(c.last_compared);
    out["only_a"] = c.only_a;
    out["only_b"] = c.only_b;
    return out;
}

} // namespace

// A trace argument: a result of tracediff.read, or a path read with `fields`. A trace read
// before must hold every required field; an optional one it lacks counts as absent.
Trace trace_of(const py::handle& arg, const std::vector<std::pair<std::string, bool>>& fields) {
    if (!py::isinstance<PyTrace>(arg)) {
        return read_path(path_of(arg), read_options(fields));
    }
    Trace trace = arg.cast<const PyTrace&>().trace();
    for (const auto& [name, required] : fields) {
        const bool present = std::any_of(trace.fields.begin(), trace.fields.end(),
                                         [&](const FieldSeries& f) { return f.name == name; });
        if (!present && required) {
            throw Error(fmt::format("{}: the field '{}' was not read (read the trace with "
                                    "fields=[..., '{}'] or pass its path)",
                                    trace.path, name, name));
        }
        if (!present) {
            trace.fields.push_back(FieldSeries{name, {}, 0, 0});
        }
    }
    return trace;
}

PyTrace read(const py::handle& path, const ReadArgs& args) {
    std::vector<std::pair<std::string, bool>> fields;
    for (const auto& name : args.fields) {
        fields.emplace_back(name, true);
    }
    const app::InputOptions input{args.format, args.step_key, {}, args.pattern};
    return PyTrace(read_path(path_of(path), app::read_options_for(read_options(fields), input)));
}

py::dict compare(const py::handle& a, const py::handle& b, const std::string& field) {
    const Trace ta = trace_of(a, {{field, true}});
    const Trace tb = trace_of(b, {{field, true}});
    const PairRow row = app::compare_traces(ta, tb, field);
    const PairStats& s = row.stats;
    const auto when_compared = [&s](double v) {
        return s.compared > 0 ? py::object(py::float_(v)) : py::none();
    };
    py::dict out;
    out["field"] = field;
    out["step1"] = step_delta(s.step1);
    out["step2"] = step_delta(s.step2);
    out["median"] = when_compared(s.median);
    out["max"] = when_compared(s.max);
    out["max_step"] = s.compared > 0 ? py::object(py::int_(s.max_step)) : py::none();
    out["mean"] = when_compared(s.mean);
    out["nonfinite_deltas"] = s.nonfinite_deltas;
    py::dict bias;
    bias["mean"] = s.bias.steps() > 0 ? py::object(py::float_(s.bias.mean)) : py::none();
    bias["b_higher"] = s.bias.b_higher;
    bias["a_higher"] = s.bias.a_higher;
    bias["equal"] = s.bias.equal;
    bias["p_value"] = s.bias.p_value;
    out["bias"] = bias;
    out["coverage"] = coverage(row.coverage);
    return out;
}

} // namespace tracediff::python
