// `tracediff check`: the CI gate. Exit 0 when every criterion passes, 1 when one fails, 2 when
// the input or the arguments are bad.
#include "tracediff/cli/common.hpp"
#include "tracediff/cli/subcommands.hpp"
#include "tracediff/error.hpp"
#include "tracediff/exit_codes.hpp"
#include "tracediff/gate/check.hpp"
#include "tracediff/gate/manifest_checks.hpp"
#include "tracediff/io/output_file.hpp"
#include "tracediff/read/manifest.hpp"
#include "tracediff/read/read_trace.hpp"
#include "tracediff/render/check_writer.hpp"
#include "tracediff/render/labels.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdlib>
#include <map>

#include "live.hpp"

namespace tracediff::cli {

namespace {

double parse_tolerance(const std::string& text, const char* flag) {
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size()) {
        throw Error(fmt::format("{} must be a number, got '{}'", flag, text));
    }
    return value;
}

CheckSpec spec_from_options(const CheckConfig& config) {
    CheckSpec spec;
    for (const auto& text : config.max) {
        spec.max.push_back(parse_max_criterion(text));
    }
    spec.mode = config.mode;
    if (!config.atol.empty()) {
        spec.atol = parse_tolerance(config.atol, "--atol");
    }
    if (!config.rtol.empty()) {
        spec.rtol = parse_tolerance(config.rtol, "--rtol");
    }
    if (!config.field.empty()) {
        spec.field = config.field;
        spec.field_given = true;
    }
    if (!config.steps.empty()) {
        spec.steps = parse_step_range(config.steps);
    }
    if (!config.allow.empty()) {
        if (config.mode.empty()) {
            throw Error("--allow is a budget of steps outside a --mode tolerance; give --mode too");
        }
        std::size_t allow = 0;
        const auto [end, ec] =
            std::from_chars(config.allow.data(), config.allow.data() + config.allow.size(), allow);
        if (ec != std::errc() || end != config.allow.data() + config.allow.size()) {
            throw Error(fmt::format("--allow must be a whole number >= 0, got '{}'", config.allow));
        }
        spec.allow = allow;
    }
    spec.require_same_steps = config.require_same_steps;
    spec.ignore_header = config.ignore_header;
    spec.require_header = config.require_header;
    spec.validate();
    return spec;
}

bool has_criteria_options(const CheckConfig& c) {
    return !c.max.empty() || !c.mode.empty() || !c.atol.empty() || !c.rtol.empty() ||
           !c.field.empty() || !c.steps.empty() || !c.allow.empty() || c.require_same_steps ||
           c.ignore_header || c.require_header || !c.reference.empty() || c.follow ||
           !c.idle_timeout.empty() || !c.grace.empty() || !c.command.empty();
}

std::vector<std::string> outputs_of(const CheckConfig& c) {
    if (c.junit.empty()) {
        return {c.output};
    }
    return {c.output, c.junit};
}

// The fields each trace is read with: every field any of its checks needs; required if any
// check requires it.
ReadOptions read_options_for(const std::vector<const CheckSpec*>& specs) {
    std::map<std::string, bool> required;
    std::vector<std::string> order;
    for (const CheckSpec* spec : specs) {
        for (const auto& [field, is_required] : spec->fields_to_read()) {
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

std::vector<CheckResult> run_manifest_checks(const CheckConfig& config) {
    if (!config.files.empty() || has_criteria_options(config)) {
        throw Error("with --manifest, the traces and the criteria come from the manifest; give "
                    "no trace files or criteria options");
    }
    const Manifest m = load_manifest(config.manifest);
    const std::vector<NamedCheck> checks = manifest_checks(m);
    if (checks.empty()) {
        throw Error(fmt::format("{}: no 'checks' to run (see tracediff check --help and the "
                                "README for the schema)",
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
    check_output(outputs_of(config), paths, config.manifest);

    // Read each trace that a check uses, once, with every field its checks need.
    std::vector<std::vector<const CheckSpec*>> specs_of(m.traces.size());
    for (const auto& c : checks) {
        specs_of[c.a].push_back(&c.spec);
        specs_of[c.b].push_back(&c.spec);
    }
    std::vector<std::optional<Trace>> traces(m.traces.size());
    for (std::size_t i = 0; i < m.traces.size(); ++i) {
        if (!specs_of[i].empty()) {
            traces[i] =
                load_traces({m.traces[i].path}, {trace_read_options(read_options_for(specs_of[i]),
                                                                    config.input, &m.traces[i])})
                    .front();
        }
    }
    std::vector<CheckResult> results;
    for (const auto& c : checks) {
        results.push_back(describe_check(run_check(c.spec, *traces[c.a], *traces[c.b],
                                                   m.traces[c.a].label, m.traces[c.b].label)));
    }
    return results;
}

// The traces of a pair check: A and B, or the reference and the candidate.
std::vector<std::string> pair_paths(const CheckConfig& config) {
    const bool reference = !config.reference.empty();
    if (config.files.size() != (reference ? 1U : 2U)) {
        throw Error(reference ? fmt::format("check --reference REF needs one candidate trace, "
                                            "got {}",
                                            config.files.size())
                              : fmt::format("check needs two trace files (or --manifest), got {}",
                                            config.files.size()));
    }
    std::vector<std::string> paths = config.files;
    if (reference) {
        paths.insert(paths.begin(), config.reference);
    }
    check_stdin_used_once(paths);
    return paths;
}

int run_pair_check(const CheckConfig& config) {
    const std::vector<std::string> paths = pair_paths(config);
    CheckSpec spec = spec_from_options(config);
    spec.reference = !config.reference.empty();
    if (!config.idle_timeout.empty() && !config.follow && config.command.empty()) {
        throw Error("--idle-timeout ends a followed run: give --follow (or -- COMMAND)");
    }
    if (!config.grace.empty() && config.command.empty()) {
        throw Error("--grace is how long a stopped command may take: give -- COMMAND");
    }
    if (config.command.empty() && read_same_file(paths[0], paths[1])) {
        throw Error(fmt::format("'{}' and '{}' are the same file; a trace compared with itself "
                                "always passes",
                                paths[0], paths[1]));
    }
    check_output(outputs_of(config), paths);
    const ReadOptions options =
        trace_read_options(read_options_for({&spec}), config.input, nullptr);
    const std::vector<std::string> labels = derive_labels(paths);
    const bool live =
        config.follow || !config.command.empty() || is_stream(paths[0]) || is_stream(paths[1]);
    if (live) {
        return run_live_check(
            config, spec, paths, labels, options,
            [&config](const CheckResult& r) { write_reports(config, {r}, false); });
    }
    const std::vector<Trace> traces = load_traces(paths, {options, options});
    return write_reports(
        config, {describe_check(run_check(spec, traces[0], traces[1], labels[0], labels[1]))},
        false);
}

} // namespace

int run_check(const CheckConfig& config) {
    if (config.manifest.empty()) {
        return run_pair_check(config);
    }
    return write_reports(config, run_manifest_checks(config), true);
}

int write_reports(const CheckConfig& config, const std::vector<CheckResult>& results,
                  bool manifest) {
    // The whole report first; only then the exit status.
    const bool json = config.format == "json";
    std::string report;
    if (json) {
        report = render_checks_json(results);
    } else if (parse_format(config.format) == OutputFormat::markdown) {
        report = render_checks_markdown(results);
    } else {
        report = manifest ? render_checks_text(results) : render_check_text(results.front());
    }
    emit(config.output, report);
    if (!config.junit.empty()) {
        write_output(config.junit, render_junit(results));
    }
    const char* github = std::getenv("GITHUB_ACTIONS");
    if (github != nullptr && std::string(github) == "true") {
        // Annotations go to standard output, where the runner reads them, unless the JSON
        // report is there: then to standard error, to keep the JSON clean.
        const std::string annotations = render_github_annotations(results);
        if (json && config.output == "-") {
            std::fflush(stdout);
            std::fputs(annotations.c_str(), stderr);
        } else {
            emit("-", annotations);
        }
    }
    for (const auto& r : results) {
        if (!r.passed()) {
            return k_exit_gate_failed;
        }
    }
    return k_exit_success;
}

} // namespace tracediff::cli
