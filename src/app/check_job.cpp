#include "tracediff/app/check_job.hpp"

#include "tracediff/error.hpp"
#include "tracediff/exit_codes.hpp"
#include "tracediff/gate/manifest_criteria.hpp"
#include "tracediff/io/file_identity.hpp"
#include "tracediff/io/trace_path.hpp"
#include "tracediff/read/manifest.hpp"
#include "tracediff/read/read_trace.hpp"
#include "tracediff/render/check_writer.hpp"
#include "tracediff/render/labels.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <map>

#include "live_job.hpp"

namespace tracediff::app {

namespace {

// The fields a trace is read with: every field any of its checks needs; required if any check
// requires it.
// A check a trace is read for, and whether the trace is its reference (A), which also reads a
// band's fields.
struct ReadFor {
    const CheckSpec* spec = nullptr;
    bool reference = false;
};

ReadOptions fields_for_checks(const std::vector<ReadFor>& checks) {
    std::map<std::string, bool> required;
    std::vector<std::string> order;
    for (const auto& [spec, reference] : checks) {
        const auto fields = reference && spec->reference ? spec->reference_fields_to_read()
                                                         : spec->fields_to_read();
        for (const auto& [field, is_required] : fields) {
            if (!required.contains(field)) {
                order.push_back(field);
                required[field] = false;
            }
            required[field] = required[field] || is_required;
        }
    }
    ReadOptions options;
    options.fields.clear();
    for (const auto& field : order) {
        options.fields.push_back({field, required[field]});
    }
    return options;
}

// The traces of a pair check: A and B, or the reference and the candidate.
std::vector<std::string> pair_paths(const CheckRequest& request) {
    const bool reference = !request.reference.empty();
    if (request.files.size() != (reference ? 1U : 2U)) {
        throw Error(reference ? fmt::format("check --reference REF needs one candidate trace, "
                                            "got {}",
                                            request.files.size())
                              : fmt::format("check needs two trace files (or --manifest), got {}",
                                            request.files.size()));
    }
    std::vector<std::string> paths = request.files;
    if (reference) {
        paths.insert(paths.begin(), request.reference);
    }
    refuse_stdin_twice(paths);
    return paths;
}

void check_live_options(const CheckRequest& request, const std::vector<std::string>& paths,
                        bool live) {
    const bool whole_reference = reads_reference_whole(request, paths);
    for (std::size_t i = whole_reference ? 1 : 0; i < paths.size(); ++i) {
        if (live && split_trace_path(paths[i]).picks_run) {
            throw Error(fmt::format("a live check (standard input, a FIFO, --follow, -- COMMAND) "
                                    "reads a trace as it is written; '{}' picks a run out of a "
                                    "file of several: check the finished file",
                                    paths[i]));
        }
    }
    if (live && request.spec.band && !whole_reference) {
        throw Error("--band reads the band of a golden, which a live check reads whole from a "
                    "regular file: give the golden as --reference FILE");
    }
    if (request.idle_timeout && !live) {
        throw Error("--idle-timeout ends a live check, whose traces are read as they are "
                    "written: give --follow or -- COMMAND, or read a FIFO or standard input");
    }
    if (request.grace && request.command.empty()) {
        throw Error("--grace is how long a stopped command may take: give -- COMMAND");
    }
}

const char* verdict_of(const CriterionResult& c) {
    return c.skipped ? "SKIP" : c.passed ? "PASS" : "FAIL";
}

CriterionValues::Value text_value(const std::string& text) {
    if (text.empty()) {
        return std::monostate{};
    }
    return text;
}

CriterionValues criterion_values(const CriterionOutcome& outcome, const CriterionResult& c) {
    CriterionValues out{.name = c.name,
                        .passed = c.passed,
                        .skipped = c.skipped,
                        .verdict = verdict_of(c),
                        .message = c.message,
                        .details = c.details,
                        .limit = text_value(c.cells.limit),
                        .value = text_value(c.cells.value),
                        .step = c.cells.step};
    if (const auto* s = std::get_if<StatisticOutcome>(&outcome.facts)) {
        out.limit = s->criterion.limit;
        if (s->gap == StatisticOutcome::Gap::none) {
            out.value = s->value; // the table shows it as markdown: **0**
        }
    }
    return out;
}

} // namespace

void refuse_same_trace(const std::string& a, const std::string& b) {
    const bool run = split_trace_path(a).picks_run || split_trace_path(b).picks_run;
    throw Error(fmt::format("'{}' and '{}' are the same {}; a trace compared with itself "
                            "always passes",
                            a, b, run ? "run of one file" : "file"));
}

CheckOutcome check_traces(const CheckSpec& spec, const Trace& a, const Trace& b) {
    const std::vector<std::string> labels = derive_labels({a.path, b.path});
    return run_check(spec, a, b, labels[0], labels[1]);
}

int run_pair_check(const CheckRequest& request, const CheckReporter& report, Warnings& warnings) {
    const std::vector<std::string> paths = pair_paths(request);
    CheckSpec spec = request.spec;
    spec.reference = !request.reference.empty();
    spec.validate(request.spelling);
    const bool live =
        request.follow || !request.command.empty() || is_stream(paths[0]) || is_stream(paths[1]);
    check_live_options(request, paths, live);
    if (request.command.empty() && read_same_file(paths[0], paths[1])) {
        refuse_same_trace(paths[0], paths[1]);
    }
    check_outputs(request.outputs, paths);
    const ReadOptions options =
        read_options_for(fields_for_checks({{&spec, false}}), request.input);
    const ReadOptions reference_options =
        read_options_for(fields_for_checks({{&spec, true}}), request.input);
    std::vector<std::string> labels = derive_labels(paths);
    if (reads_command_output(request, paths)) {
        // The command's output is named after the command, not standard input.
        labels[1] = std::filesystem::path(request.command.front()).filename().string();
        if (labels[1] == labels[0]) {
            labels[1] += " output";
        }
    }
    if (live) {
        return run_live_check({request, spec, paths, labels, options, reference_options}, report,
                              warnings);
    }
    const std::vector<Trace> traces = load_traces(paths, {reference_options, options}, warnings);
    const CheckResult result =
        describe_check(run_check(spec, traces[0], traces[1], labels[0], labels[1]));
    report(result, warnings);
    return exit_code_of({result});
}

std::vector<CheckResult> run_manifest_checks(const ManifestCheckRequest& request,
                                             Warnings& warnings) {
    const Manifest m = load_manifest(request.manifest);
    const std::vector<NamedCheck> checks = manifest_check_specs(m);
    if (checks.empty()) {
        throw Error(fmt::format("{}: no 'checks' to run (see tracediff check --help and "
                                "docs/manifest.md for the schema)",
                                m.path));
    }
    std::vector<std::string> paths;
    for (const auto& t : m.traces) {
        paths.push_back(t.path);
    }
    for (const auto& c : checks) {
        if (read_same_file(paths[c.a], paths[c.b])) {
            throw Error(fmt::format("{}: check '{}' compares '{}' with '{}', which are the same "
                                    "file '{}'; a trace compared with itself always passes",
                                    m.path, c.spec.name, m.traces[c.a].label, m.traces[c.b].label,
                                    paths[c.a]));
        }
    }
    check_outputs(request.outputs, paths, request.manifest);

    // Read each trace that a check uses, once, with every field its checks need.
    std::vector<std::vector<ReadFor>> specs_of(m.traces.size());
    for (const auto& c : checks) {
        specs_of[c.a].push_back({&c.spec, true});
        specs_of[c.b].push_back({&c.spec, false});
    }
    std::vector<std::optional<Trace>> traces(m.traces.size());
    for (std::size_t i = 0; i < m.traces.size(); ++i) {
        if (!specs_of[i].empty()) {
            const ReadOptions options =
                read_options_for(fields_for_checks(specs_of[i]), request.input, &m.traces[i]);
            traces[i] = load_traces({m.traces[i].path}, {options}, warnings).front();
        }
    }
    std::vector<CheckResult> results;
    for (const auto& c : checks) {
        results.push_back(describe_check(run_check(c.spec, *traces[c.a], *traces[c.b],
                                                   m.traces[c.a].label, m.traces[c.b].label)));
    }
    return results;
}

int exit_code_of(const std::vector<CheckResult>& results) {
    for (const auto& r : results) {
        if (!r.passed()) {
            return k_exit_gate_failed;
        }
    }
    return k_exit_success;
}

CheckReports render_check_reports(const std::vector<CheckResult>& results, OutputFormat format,
                                  bool manifest) {
    CheckReports out;
    if (format == OutputFormat::json) {
        out.report = render_checks_json(results);
    } else if (format == OutputFormat::markdown) {
        out.report = render_checks_markdown(results);
    } else {
        out.report = manifest ? render_checks_text(results) : render_check_text(results.front());
    }
    out.junit = render_junit(results);
    out.annotations = render_github_annotations(results);
    return out;
}

CheckValues check_values(const CheckOutcome& outcome) {
    const CheckResult result = describe_check(outcome);
    CheckValues out{.passed = result.passed(),
                    .verdict = result.passed() ? "PASS" : "FAIL",
                    .field = result.field,
                    .label_a = result.label_a,
                    .label_b = result.label_b,
                    .criteria = {}};
    for (std::size_t i = 0; i < result.criteria.size(); ++i) {
        out.criteria.push_back(criterion_values(outcome.criteria[i], result.criteria[i]));
    }
    return out;
}

} // namespace tracediff::app
