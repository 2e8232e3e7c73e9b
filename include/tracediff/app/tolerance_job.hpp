// `tolerance`: limits a team can defend, from reruns of one configuration (other seeds, other
// nondeterministic kernels, other machines): for step1, step2, median and max, the largest value
// over every pair of the reruns, times a factor, rounded up to two significant digits.
#pragma once

#include "tracediff/app/trace_inputs.hpp"
#include "tracediff/app/warnings.hpp"
#include "tracediff/render/tolerance_writer.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tracediff::app {

struct ToleranceRequest {
    std::vector<std::string> files{}; // the reruns: at least two
    std::string field = "loss";
    double factor = 2.0; // the limit is the largest pairwise value times this
    InputOptions input{};
    std::vector<std::string> outputs{}; // the files the front end will write: never an input
};

ToleranceReport measure_tolerances(const ToleranceRequest& request, Warnings& warnings);

// `value` rounded up to two significant digits, as decimal text: 4.7619e-07 -> "4.8e-07",
// 0.0123 -> "1.3e-02", 1234 -> "1.3e+03"; "0" for 0. Binary rounding of `value` below a
// relative 1e-12 does not count: 1e-4 * 3 is 3.0e-04, not 3.1e-04.
std::string round_up_two_digits(double value);

} // namespace tracediff::app
