// Reading the traces of a use case: how each is read (the input options every subcommand and
// the Python module take), and reading several at once.
#pragma once

#include "tracediff/app/warnings.hpp"
#include "tracediff/compare/step_range.hpp"
#include "tracediff/read/manifest.hpp"
#include "tracediff/read/read_options.hpp"
#include "tracediff/read/trace.hpp"

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace tracediff::app {

// How the traces are read, for every trace of a use case (a manifest's trace may say otherwise).
struct InputOptions {
    std::string from{};                           // the input format; "" recognises each file's
    std::string step_key{};                       // the step member; "" for the default keys
    std::map<std::string, std::string> aliases{}; // FIELD -> NAME: read NAME as FIELD
    std::string pattern{};                        // a text log's RE2 pattern
};

// The options to read one trace with: `base` says which fields, `input` how every trace is
// read, and a manifest's `entry` (may be null) how to read this one (it wins). Throws Error on
// a bad option: an unknown format, a pattern given for a format that is not text, a bad pattern.
ReadOptions read_options_for(const ReadOptions& base, const InputOptions& input,
                             const ManifestTrace* entry = nullptr);

// How `diff` and `report` read traces for `field`: the field, and `epoch` when present (for the
// per-epoch comparison).
ReadOptions diff_read_options(const std::string& field);

// Throws Error when "-" (standard input) is given more than once.
void refuse_stdin_twice(const std::vector<std::string>& paths);

// Runs task(0) ... task(count - 1), on at most hardware_concurrency threads at once (the
// calling thread is one of them). If tasks throw, rethrows the exception of the lowest index
// once all tasks are done.
void run_parallel(std::size_t count, const std::function<void(std::size_t)>& task);

// Reads every trace, in parallel (`options` has one entry per path), and adds the reader's
// warnings in input order; throws the error of the first trace (in input order) that could not
// be read, after the warnings of the traces before it.
std::vector<Trace> load_traces(const std::vector<std::string>& paths,
                               const std::vector<ReadOptions>& options, Warnings& warnings);

// Keeps only the steps in `range` of every field of every trace (--steps of plot and report).
void keep_steps(std::vector<Trace>& traces, const StepRange& range);

} // namespace tracediff::app
