// tracediff.check: the gate of `tracediff check A B` on two traces, as a dict.
#include "tracediff/error.hpp"
#include "tracediff/gate/check.hpp"
#include "tracediff/gate/criteria.hpp"
#include "tracediff/printable.hpp"
#include "tracediff/read/read_trace.hpp"
#include "tracediff/render/check_report.hpp"
#include "tracediff/render/labels.hpp"

#include <fmt/format.h>

#include <pybind11/stl.h>
#include <string>
#include <variant>

#include "py_api.hpp"

namespace tracediff::python {

namespace {

// max={"step1": 1e-5} as the command line's --max step1=1e-5: the limit's text goes through
// the same parser, so NaN, infinities, negative limits and non-numbers fail with its message.
// A Python float's str() is the shortest text that reads back as the same double.
MaxCriterion max_criterion(const py::handle& stat, const py::handle& limit) {
    const std::string name = py::str(stat);
    parse_check_stat(name); // an unknown statistic first, as a name with '=' in it
    return parse_max_criterion(name + "=" + std::string(py::str(limit)));
}

CheckSpec spec_of(const CheckArgs& args) {
    CheckSpec spec;
    for (const auto& [stat, limit] : args.max) {
        spec.max.push_back(max_criterion(stat, limit));
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

// A cell of the summary table as plain text; None where the column does not apply.
py::object text_or_none(const std::string& text) {
    return text.empty() ? py::none() : py::object(py::str(text));
}

// The criterion's limit, value and step as plain Python values: a statistic's limit and value
// as floats (NaN and infinities included), steps as ints, the rest as the table's plain text
// ("identical", "atol=0.0001, rtol=0.001", "3 of 100 steps outside", "missing from B").
py::dict criterion_dict(const CriterionOutcome& outcome, const CriterionResult& c) {
    py::dict out;
    out["name"] = c.name;
    out["passed"] = c.passed;
    out["skipped"] = c.skipped;
    out["verdict"] = c.skipped ? "SKIP" : c.passed ? "PASS" : "FAIL";
    out["message"] = printable(c.message); // it may name a path that is not UTF-8
    out["limit"] = text_or_none(c.cells.limit);
    out["value"] = text_or_none(c.cells.value);
    out["step"] =
        c.cells.step.empty() ? py::none() : py::object(py::int_(std::stoll(c.cells.step)));
    if (const auto* s = std::get_if<StatisticOutcome>(&outcome.facts)) {
        out["limit"] = py::float_(s->criterion.limit);
        if (s->gap == StatisticOutcome::Gap::none) {
            out["value"] = py::float_(s->value); // the table shows it as markdown: **0**
        }
    }
    py::list details;
    for (const auto& line : c.details) {
        details.append(printable(line));
    }
    out["details"] = details;
    return out;
}

Error same_trace_error(const std::string& a, const std::string& b) {
    return Error(fmt::format("'{}' and '{}' are the same file; a trace compared with itself "
                             "always passes",
                             a, b));
}

// The command line's refusal of a trace compared with itself: two paths of one file (by
// device and inode), or one trace read before passed twice. A trace read before and a path
// are not compared: the file may have been written again since.
void refuse_same_trace(const py::handle& a, const py::handle& b) {
    const bool read_a = py::isinstance<PyTrace>(a);
    const bool read_b = py::isinstance<PyTrace>(b);
    if (read_a && read_b && a.is(b)) {
        const std::string& path = a.cast<const PyTrace&>().trace().path;
        throw same_trace_error(path, path);
    }
    if (!read_a && !read_b && read_same_file(path_of(a), path_of(b))) {
        throw same_trace_error(path_of(a), path_of(b));
    }
}

} // namespace

py::dict check(const py::handle& a, const py::handle& b, const CheckArgs& args) {
    const CheckSpec spec = spec_of(args);
    refuse_same_trace(a, b);
    const auto fields = spec.fields_to_read();
    const Trace ta = trace_of(a, fields);
    const Trace tb = trace_of(b, fields);
    const std::vector<std::string> labels = derive_labels({ta.path, tb.path});
    const CheckOutcome outcome = run_check(spec, ta, tb, labels[0], labels[1]);
    const CheckResult result = describe_check(outcome);
    py::list criteria;
    for (std::size_t i = 0; i < result.criteria.size(); ++i) {
        criteria.append(criterion_dict(outcome.criteria[i], result.criteria[i]));
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
