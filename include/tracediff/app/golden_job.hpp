// `golden`: a reference a gate can be held to, written as Megatron-LM's golden values: one run's
// values, or, from reruns of one configuration, the per-step mean with its standard deviation,
// minimum and maximum (a band).
#pragma once

#include "tracediff/app/trace_inputs.hpp"
#include "tracediff/app/warnings.hpp"
#include "tracediff/compare/step_range.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tracediff::app {

struct GoldenRequest {
    std::vector<std::string> files{};        // one run, or two or more reruns
    std::vector<std::string> fields{"loss"}; // the fields written, by their names
    std::int64_t every = 1;                  // every K-th step from the first kept
    std::optional<StepRange> steps{};        // only these steps
    InputOptions input{};
    std::string output; // the golden file ("-" for standard output)
};

// Reads the runs and writes the golden, whole or not at all. A step that not every run logged
// is left out, and a warning names such steps; a value that is not finite is an error (a golden
// holds numbers).
void write_golden(const GoldenRequest& request, Warnings& warnings);

} // namespace tracediff::app
