// What the subcommands share: loading traces, warnings, formats and writing the report.
#pragma once

#include "tracediff/read/manifest.hpp"
#include "tracediff/read/read_options.hpp"
#include "tracediff/read/trace.hpp"
#include "tracediff/render/report_model.hpp"
#include "tracediff/render/table_writer.hpp"

#include <CLI/CLI.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tracediff::cli {

// How the traces are read: the options every subcommand takes (input_options.cpp).
struct InputConfig {
    std::string from;                 // --from FORMAT; "" recognises each file's format
    std::string step_key;             // --step-key NAME
    std::vector<std::string> aliases; // --alias FIELD=NAME, repeatable
    std::string pattern;              // --pattern REGEX, for text logs
};

// Declares --from, --step-key, --alias and --pattern on a subcommand.
void add_input_options(CLI::App& sub, InputConfig& input);

// The options to read one trace with: `base` says which fields, `input` how the command line
// reads every trace, and a manifest's `entry` (may be null) how to read this one (it wins).
// Throws Error on a bad option: an unknown format, a malformed alias, a bad pattern.
ReadOptions trace_read_options(const ReadOptions& base, const InputConfig& input,
                               const ManifestTrace* entry);

// What to compare: the traces, their labels, and the pairs (rows) to report, from trace files
// or a manifest.
struct ComparisonPlan {
    std::string title;
    std::string field;
    std::vector<std::string> paths;
    std::vector<std::string> labels;
    std::vector<ManifestTrace> entries; // a manifest's traces, with how to read them; or empty
    std::vector<PairRow> rows;          // only a, b and note filled in
    std::optional<PairRow> baseline;
    std::optional<ManifestGrid> grid;
};

// `files` or `manifest` (not both); `field` overrides the manifest's field when not empty.
// Without a manifest, or with `all_pairs`, the rows are every pair i < j in order.
// `command` names the subcommand in messages.
ComparisonPlan make_comparison_plan(const std::string& command,
                                    const std::vector<std::string>& files,
                                    const std::string& manifest, const std::string& field,
                                    bool all_pairs);

// How `tracediff diff` and `report` read traces for `field`: the field, and `epoch` when
// present (for the per-epoch comparison).
ReadOptions diff_read_options(const std::string& field);

// Prints "tracediff: warning: MESSAGE" to standard error.
void warn(const std::string& message);

// Throws Error when "-" (standard input) is given more than once.
void check_stdin_used_once(const std::vector<std::string>& paths);

// Runs task(0) ... task(count - 1), on at most hardware_concurrency threads at once (the
// calling thread is one of them). If tasks throw, rethrows the exception of the lowest index
// once all tasks are done.
void run_parallel(std::size_t count, const std::function<void(std::size_t)>& task);

// Reads every trace, in parallel, then prints the reader's warnings in input order; throws the
// error of the first trace (in input order) that could not be read. `options` has one entry
// per path.
std::vector<Trace> load_traces(const std::vector<std::string>& paths,
                               const std::vector<ReadOptions>& options);

// The plan's traces, each read with `base` and the input options (trace_read_options).
std::vector<Trace> load_plan_traces(const ComparisonPlan& plan, const InputConfig& input,
                                    const ReadOptions& base);

// Warns when the headers of traces[a] and traces[b] differ, or only one has a header.
void warn_about_headers(const Trace& a, const Trace& b, const std::string& label_a,
                        const std::string& label_b);

// Warns when a compared pair has steps only one trace has, or no step in common.
void warn_about_coverage(const PairRow& row, const std::string& label_a,
                         const std::string& label_b);

OutputFormat parse_format(const std::string& name);

// Declares --format (one of `formats`; "md" is accepted for "markdown") and --output FILE.
void add_output_options(CLI::App& sub, std::string& format, std::string& output,
                        std::vector<std::string> formats);

// Throws Error when the report would overwrite one of the inputs. Call before reading them.
void check_output(const std::vector<std::string>& outputs, const std::vector<std::string>& inputs,
                  const std::string& manifest = "");

// Writes the report to `output` ("-" for standard output), whole or not at all.
void emit(const std::string& output, const std::string& text);

} // namespace tracediff::cli
