// A manifest names the traces of a comparison, their labels, and the rows to print.
//
//   {
//     "title": "MNIST MLP",                       optional string
//     "field": "loss",                            optional string
//     "traces": { "LABEL": "PATH", ... },         required; paths relative to the manifest;
//                                                 an entry may be an object instead:
//       "LABEL": { "path": "PATH", "from": "csv", "step_key": "iteration",
//                  "pattern": "REGEX", "fields": { "loss": "train/loss" } }
//     "comparisons": [                            optional; default: every pair in order
//       { "a": "LABEL", "b": "LABEL", "note": "..." }
//     ],
//     "baseline": { "a": "LABEL", "b": "LABEL" }, optional; the same pipeline run twice
//     "grid": {                                   optional; which trace is which corner
//       "columns": ["pipeline A", "pipeline B"],
//       "rows": [ { "name": "platform X", "cells": ["LABEL", "LABEL"] }, ... ]
//     },
//     "checks": [                                 optional; for `tracediff check --manifest`
//       { "name": "dense", "a": "LABEL", "b": "LABEL",      or "reference": "LABEL" for "a"
//         "max": { "step2": 1e-5 }, "max_rel": { "max": 0.01 },
//         "mode": "cross-comp", "atol": 0.01, "rtol": 0.1,
//         "steps": "1-100", "allow": 0, "field": "loss",
//         "require_same_steps": false, "ignore_header": false }
//     ]
//   }
#pragma once

#include "tracediff/read/trace.hpp" // Json

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tracediff {

struct ManifestTrace {
    std::string label;
    std::string path; // resolved against the manifest's folder
    // How to read it, when the entry is an object; empty: as the command line says.
    std::string from;                          // the input format (read/input_format.hpp)
    std::string step_key;                      // the step member
    std::string pattern;                       // a text log's pattern
    std::map<std::string, std::string> fields; // field -> the name this trace gives it
};

struct ManifestComparison {
    std::size_t a = 0; // index into Manifest::traces
    std::size_t b = 0;
    std::string note;
};

// A check as the manifest gives it. The reader checks its name and traces; the gate
// (gate/manifest_criteria.hpp) reads its criteria from `members`.
struct ManifestCheck {
    std::string name;
    std::size_t a = 0;      // index into Manifest::traces: the peer A, or the reference
    bool reference = false; // named as "reference": its steps are the steps that count
    std::size_t b = 0;
    std::string where; // "checks[2]", for messages
    Json members;      // the whole object
};

struct ManifestGridRow {
    std::string name;
    std::vector<std::optional<std::size_t>> cells; // trace indices; empty for a null cell
};

struct ManifestGrid {
    std::vector<std::string> columns;
    std::vector<ManifestGridRow> rows;
};

struct Manifest {
    std::string path; // of the manifest itself, for messages
    std::string title;
    std::optional<std::string> field;
    std::vector<ManifestTrace> traces;
    std::vector<ManifestComparison> comparisons; // filled with every pair when not given
    std::optional<ManifestComparison> baseline;  // rerun noise: deltas are also shown relative
    std::optional<ManifestGrid> grid;
    std::vector<ManifestCheck> checks;
};

// A manifest is at most 16 MiB, nested at most k_max_nesting deep, with at most k_max_members
// members in all (read_options.hpp).
inline constexpr std::size_t k_max_manifest_bytes = std::size_t{16} << 20;

// Parses manifest text; `path` names the manifest in messages and anchors relative paths.
// Throws Error on anything malformed, naming the manifest and the offending member.
Manifest parse_manifest(std::string_view text, const std::string& path);

// Reads and parses the manifest at `path`, and checks that every trace file it names exists.
Manifest load_manifest(const std::string& path);

} // namespace tracediff
