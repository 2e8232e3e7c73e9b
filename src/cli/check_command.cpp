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
#include "tracediff/render/check_writer.hpp"
#include "tracediff/render/labels.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdlib>
#include <map>

namespace tracediff::cli {

namespace {

constexpr const char* k_check_footer = R"(Criteria:
  --max STAT=LIMIT   STAT is step1, step2, median, max, mean or step@N (the delta at step N);
                     passes when the delta is at most LIMIT. Repeatable.
  --mode NAME        every compared step of loss (and of lr, grad_norm and param_norm where
                     both traces have them; only FIELD with --field) must satisfy
                     |a-b| <= max(rtol*max(|a|,|b|), atol), as Python's math.isclose:
                       strict      atol 1e-4, rtol 1e-3
                       cross-gpu   atol 1e-3, rtol 1e-2
                       cross-comp  atol 1e-2, rtol 1e-1
  The headers must describe the same network, config and data unless --ignore-header; when
  neither trace has one, the header line is SKIP (--require-header makes it fail).
  A NaN or infinite delta, a missing step, or no common steps never passes.

Examples:
  tracediff check a.jsonl b.jsonl --max step1=1e-5 --max step2=1e-4
  tracediff check a.jsonl b.jsonl --mode cross-comp --steps 1-100
  tracediff check a.jsonl b.jsonl --mode strict --allow 3 --junit check.xml
  tracediff check --manifest checks.json --format json
  tracediff check a.jsonl b.jsonl --max step2=1e-4 --format markdown >> "$GITHUB_STEP_SUMMARY"

Exit codes: 0 every criterion passed, 1 a criterion failed, 2 bad arguments or input.)";

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
           c.ignore_header || c.require_header;
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
    check_output(config.output, paths);
    check_output(config.junit, paths);

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

std::vector<CheckResult> run_pair_check(const CheckConfig& config) {
    if (config.files.size() != 2) {
        throw Error(fmt::format("check needs two trace files (or --manifest), got {}",
                                config.files.size()));
    }
    const CheckSpec spec = spec_from_options(config);
    check_output(config.output, config.files);
    check_output(config.junit, config.files);
    const ReadOptions options = read_options_for({&spec});
    const std::vector<Trace> traces =
        load_traces(config.files, {trace_read_options(options, config.input, nullptr),
                                   trace_read_options(options, config.input, nullptr)});
    const std::vector<std::string> labels = derive_labels(config.files);
    return {describe_check(run_check(spec, traces[0], traces[1], labels[0], labels[1]))};
}

} // namespace

CLI::App* setup_check(CLI::App& app, CheckConfig& config) {
    CLI::App* sub = app.add_subcommand(
        "check", "Gate a build on the deltas: exit 1 when a criterion fails (CI use)");
    sub->add_option("files", config.files, "The two trace files, A and B")->type_name("TRACE");
    sub->add_option("--manifest,-m", config.manifest,
                    "Run the named checks of a manifest instead (see README)")
        ->type_name("FILE");
    sub->add_option("--max", config.max,
                    "A criterion STAT=LIMIT: step1, step2, median, max, mean or step@N must be "
                    "at most LIMIT (repeatable)")
        ->type_name("STAT=LIMIT");
    sub->add_option("--mode", config.mode,
                    "Check every compared step with a tolerance preset: strict, cross-gpu or "
                    "cross-comp")
        ->type_name("MODE")
        ->check(CLI::IsMember({"strict", "cross-gpu", "cross-comp"}));
    sub->add_option("--atol", config.atol, "Override the absolute tolerance of --mode")
        ->type_name("X");
    sub->add_option("--rtol", config.rtol, "Override the relative tolerance of --mode")
        ->type_name("X");
    sub->add_option("--field,-f", config.field,
                    "Check this field only (default: loss for --max; loss, lr, grad_norm and "
                    "param_norm for --mode)")
        ->type_name("NAME");
    sub->add_option("--steps", config.steps, "Check only the steps FIRST-LAST, e.g. 1-100")
        ->type_name("FIRST-LAST");
    sub->add_option("--allow", config.allow,
                    "Let up to N steps per field fall outside a --mode tolerance (a failure "
                    "budget; never covers NaN, infinite or missing values)")
        ->type_name("N");
    sub->add_flag("--require-same-steps", config.require_same_steps,
                  "Fail when a step is present in only one trace");
    sub->add_flag("--ignore-header", config.ignore_header,
                  "Do not fail when the headers differ or one is missing");
    sub->add_flag("--require-header", config.require_header,
                  "Fail when neither trace has a header (otherwise the header check is skipped)");
    sub->add_option("--junit", config.junit, "Also write the results as JUnit XML to FILE")
        ->type_name("FILE");
    add_output_options(*sub, config.format, config.output, {"text", "json", "markdown"});
    add_input_options(*sub, config.input);
    sub->footer(k_check_footer);
    return sub;
}

int run_check(const CheckConfig& config) {
    const bool manifest = !config.manifest.empty();
    const std::vector<CheckResult> results =
        manifest ? run_manifest_checks(config) : run_pair_check(config);

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
