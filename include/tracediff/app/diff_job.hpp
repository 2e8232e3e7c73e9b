// `diff`: the detailed report on one pair of traces.
#pragma once

#include "tracediff/app/trace_inputs.hpp"
#include "tracediff/app/warnings.hpp"
#include "tracediff/render/report_model.hpp"

#include <string>
#include <vector>

namespace tracediff::app {

struct DiffRequest {
    std::vector<std::string> files{}; // exactly two: A and B
    std::string field = "loss";
    InputOptions input{};
    std::vector<std::string> outputs{}; // the files the front end will write: never an input
};

DiffReport make_diff(const DiffRequest& request, Warnings& warnings);

} // namespace tracediff::app
