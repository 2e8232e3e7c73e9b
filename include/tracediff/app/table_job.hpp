// `table`: the delta table of several traces (one row per pair), or a matrix of one statistic.
#pragma once

#include "tracediff/app/trace_inputs.hpp"
#include "tracediff/app/warnings.hpp"
#include "tracediff/compare/pair.hpp"
#include "tracediff/render/report_model.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tracediff::app {

struct TableRequest {
    std::vector<std::string> files{}; // trace files, or
    std::string manifest{};           // a manifest
    std::string field{};              // "" means the manifest's field, or loss
    std::optional<PairStat> matrix{}; // an N x N grid of one statistic: every pair is computed
    InputOptions input{};
    std::vector<std::string> outputs{}; // the files the front end will write: never an input
};

// Reads the traces and compares the pairs (in parallel). Warns about headers that differ and
// steps only one trace of a pair has.
TableReport make_table(const TableRequest& request, Warnings& warnings);

// One pair of traces read before (each with `field`): its statistics and coverage.
PairRow compare_traces(const Trace& a, const Trace& b, const std::string& field);

} // namespace tracediff::app
