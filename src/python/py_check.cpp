// tracediff.check: the gate of `tracediff check A B` on two traces, as a dict.
#include "tracediff/gate/check.hpp"
#include "tracediff/gate/criteria.hpp"
#include "tracediff/render/check_report.hpp"
#include "tracediff/render/labels.hpp"

#include <pybind11/stl.h>

#include "py_api.hpp"

namespace tracediff::python {

namespace {

CheckSpec spec_of(const CheckArgs& args) {
    CheckSpec spec;
    for (const auto& [stat, limit] : args.max) {
        MaxCriterion criterion = parse_check_stat(py::str(stat));
        criterion.limit = limit.cast<double>();
        spec.max.push_back(criterion);
    }
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

py::dict criterion_dict(const CriterionResult& c) {
    py::dict out;
    out["name"] = c.name;
    out["passed"] = c.passed;
    out["skipped"] = c.skipped;
    out["verdict"] = c.skipped ? "SKIP" : c.passed ? "PASS" : "FAIL";
    out["message"] = c.message;
    out["limit"] = c.cells.limit;
    out["value"] = c.cells.value;
    out["step"] = c.cells.step;
    out["details"] = c.details;
    return out;
}

} // namespace

py::dict check(const py::handle& a, const py::handle& b, const CheckArgs& args) {
    const CheckSpec spec = spec_of(args);
    const auto fields = spec.fields_to_read();
    const Trace ta = trace_of(a, fields);
    const Trace tb = trace_of(b, fields);
    const std::vector<std::string> labels = derive_labels({ta.path, tb.path});
    const CheckResult result = describe_check(run_check(spec, ta, tb, labels[0], labels[1]));
    py::list criteria;
    for (const auto& c : result.criteria) {
        criteria.append(criterion_dict(c));
    }
    py::dict out;
    out["passed"] = result.passed();
    out["verdict"] = result.passed() ? "PASS" : "FAIL";
    out["field"] = result.field;
    out["a"] = result.label_a;
    out["b"] = result.label_b;
    out["criteria"] = criteria;
    return out;
}

} // namespace tracediff::python
