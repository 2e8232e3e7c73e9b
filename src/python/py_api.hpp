// tracediff.read, compare and check, as the Python module exposes them (module.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "py_trace.hpp"

namespace tracediff::python {

struct ReadArgs {
    std::vector<std::string> fields{"loss"};
    std::string format;   // as --from; "" recognises the format
    std::string step_key; // as --step-key
    std::string pattern;  // as --pattern
};

PyTrace read(const py::handle& path, const ReadArgs& args);

// A trace argument of compare or check: a result of read, or a path read with `fields`
// (name, required). A trace read before must hold every required field; an optional one it
// lacks counts as absent.
Trace trace_of(const py::handle& arg, const std::vector<std::pair<std::string, bool>>& fields);

// A compared pair: step1, step2, median, max with its step, mean and coverage, as a dict.
py::dict compare(const py::handle& a, const py::handle& b, const std::string& field);

struct CheckArgs {
    py::dict max;     // statistic -> limit
    py::dict max_rel; // statistic -> limit on the relative deltas
    std::string mode; // "" for none
    std::optional<double> atol;
    std::optional<double> rtol;
    std::string steps; // "FIRST-LAST", "" for all
    std::size_t allow = 0;
    std::string field; // "" for loss (and, with a mode, lr, grad_norm, param_norm)
    bool require_same_steps = false;
    bool ignore_header = false;
    bool require_header = false;
};

// The gate's criteria and verdict, as a dict; a failing gate is a result, not an exception.
py::dict check(const py::handle& a, const py::handle& b, const CheckArgs& args);

struct GoldenArgs {
    std::vector<std::string> fields{"loss"};
    std::int64_t every = 1;
    std::string steps; // "FIRST-LAST", "" for all
};

// Writes the golden of one run, or the band of several reruns, to `path` (py_references.cpp).
void golden(const py::iterable& runs, const py::handle& path, const GoldenArgs& args);

// The tolerances measured from reruns, as a dict (py_references.cpp).
py::dict tolerance(const py::iterable& runs, const std::string& field, double factor);

} // namespace tracediff::python
