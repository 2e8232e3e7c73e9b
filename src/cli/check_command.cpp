// `tracediff check`: the CI gate. Exit 0 when every criterion passes, 1 when one fails, 2 when
// the input or the arguments are bad.
#include "tracediff/app/check_job.hpp"
#include "tracediff/error.hpp"
#include "tracediff/exit_codes.hpp"
#include "tracediff/io/output_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "subcommands.hpp"

namespace tracediff::cli {

namespace {

constexpr const char* k_check_footer = R"(Criteria:
  --max STAT=LIMIT   STAT is step1, step2, median, max, mean or step@N (the delta at step N),
                     or bias (|mean of B - A|); passes when it is at most LIMIT. Repeatable.
  --max-rel STAT=LIMIT  the same on the relative deltas |A - B| / |A| (A the reference).
  --mode NAME        every compared step of loss (and of lr, grad_norm and param_norm where
                     both traces have them; only FIELD with --field) must satisfy
                     |a-b| <= max(rtol*max(|a|,|b|), atol), as Python's math.isclose:
                       strict      atol 1e-4, rtol 1e-3
                       cross-gpu   atol 1e-3, rtol 1e-2
                       cross-comp  atol 1e-2, rtol 1e-1
  The headers must describe the same network, config and data unless --ignore-header; when
  neither trace has one, the header line is SKIP (--require-header makes it fail).
  A NaN or infinite delta, a missing step, or no common steps never passes.
  --reference REF: REF's steps are the steps that count (a sparse golden trace); a step
  only the candidate has is not missing, a REF step the candidate lacks is.

Live checks (standard input, a FIFO, --follow, -- COMMAND): each criterion that rests on
  steps up to N (step1, step2, step@N, any over --steps FIRST-LAST) is decided once step N
  is logged in both traces with every field read, and check exits at the first failure, or
  once every criterion has passed. The max and --mode fail as soon as the steps so far fail
  them, and pass at the end; median and mean wait for the end of the run. A run that
  ends before LAST fails a criterion over --steps as undecided (the whole-file check of the
  same files may pass). Live reading takes JSON Lines and trainers' standard output
  (megatron-log, torchtitan-log, nanogpt-log, mllog, text with --pattern); a --reference file
  is read whole, in any format; compressed files cannot be followed. An input that does not
  grow for --idle-timeout seconds ends (default 60, none with a command).
  -- COMMAND ARGS... (last): start COMMAND in its own process group, follow the trace files
  it writes, and end the run when it exits. A failed criterion stops its process group
  (SIGTERM, SIGKILL after --grace); a passed check lets it finish, then stops what it left
  running. Nothing of the group outlives check, even when check is killed.

Examples:
  tracediff check a.jsonl b.jsonl --max step1=1e-5 --max step2=1e-4
  tracediff check a.jsonl b.jsonl --mode cross-comp --steps 1-100
  tracediff check a.jsonl b.jsonl --mode strict --allow 3 --junit check.xml
  tracediff check --manifest checks.json --format json
  tracediff check a.jsonl b.jsonl --max step2=1e-4 --format markdown >> "$GITHUB_STEP_SUMMARY"
  tracediff check --reference golden.jsonl run.jsonl --follow --max step1=1e-5
  tracediff check --reference golden.jsonl run.jsonl --max step1=1e-5 -- python train.py

Exit codes: 0 every criterion passed, 1 a criterion failed, 2 bad arguments or input; with
-- COMMAND, a passed check exits with the command's status; 128+N when ended by signal N
(130 on Ctrl-C).)";
double parse_tolerance(const std::string& text, const char* flag) {
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size()) {
        throw Error(fmt::format("{} must be a number, got '{}'", flag, text));
    }
    return value;
}

std::optional<double> parse_seconds(const std::string& text, const char* flag) {
    if (text.empty()) {
        return std::nullopt;
    }
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || !(value >= 0) || value > 1e9) {
        throw Error(fmt::format("{} must be a number of seconds >= 0, got '{}'", flag, text));
    }
    return value;
}

// --allow N (a count) or --allow P% (a share of the reference's steps).
void parse_allow(const std::string& text, CheckSpec& spec) {
    const bool percent = text.ends_with('%');
    const std::string number = percent ? text.substr(0, text.size() - 1) : text;
    const char* end = number.data() + number.size();
    if (percent) {
        double p = 0;
        const auto [stop, ec] = std::from_chars(number.data(), end, p);
        if (number.empty() || ec != std::errc() || stop != end) {
            throw Error(fmt::format("--allow takes a count or a percentage (2%), got '{}'", text));
        }
        spec.allow_percent = p;
        return;
    }
    std::size_t allow = 0;
    const auto [stop, ec] = std::from_chars(number.data(), end, allow);
    if (number.empty() || ec != std::errc() || stop != end) {
        throw Error(fmt::format("--allow must be a whole number >= 0 or a percentage (2%), got "
                                "'{}'",
                                text));
    }
    spec.allow = allow;
}

// --band K (standard deviations) or --band minmax.
BandSpec parse_band(const std::string& text) {
    if (text == "minmax") {
        return {true, 0.0};
    }
    double k = 0;
    const char* end = text.data() + text.size();
    const auto [stop, ec] = std::from_chars(text.data(), end, k);
    if (text.empty() || ec != std::errc() || stop != end || !(k > 0) || !std::isfinite(k)) {
        throw Error(fmt::format("--band takes a number of standard deviations > 0 (3) or minmax, "
                                "got '{}'",
                                text));
    }
    return {false, k};
}

// The criteria as typed values; the application layer validates how they combine.
CheckSpec spec_from_options(const CheckConfig& config) {
    CheckSpec spec;
    for (const auto& text : config.max) {
        spec.max.push_back(parse_max_criterion(text));
    }
    for (const auto& text : config.max_rel) {
        try {
            spec.max.push_back(relative_criterion(parse_max_criterion(text)));
        } catch (const CriterionError& e) {
            throw Error(fmt::format("--max-rel {}: {}", text, e.what()));
        }
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
        if (config.mode.empty() && config.band.empty()) {
            throw Error("--allow is a budget of steps outside a --mode tolerance or a --band; "
                        "give one");
        }
        parse_allow(config.allow, spec);
    }
    if (!config.band.empty()) {
        spec.band = parse_band(config.band);
    }
    spec.require_same_steps = config.require_same_steps;
    spec.ignore_header = config.ignore_header;
    spec.require_header = config.require_header;
    return spec;
}

// The options as the command line spells them in messages.
std::string option_spelling(std::string_view name) {
    if (name == "max") {
        return "--max STAT=LIMIT";
    }
    std::string option = "--" + std::string(name);
    std::replace(option.begin(), option.end(), '_', '-');
    return option;
}

bool has_criteria_options(const CheckConfig& c) {
    return !c.max.empty() || !c.max_rel.empty() || !c.mode.empty() || !c.band.empty() ||
           !c.atol.empty() || !c.rtol.empty() || !c.field.empty() || !c.steps.empty() ||
           !c.allow.empty() || c.require_same_steps || c.ignore_header || c.require_header ||
           !c.reference.empty();
}

bool has_live_options(const CheckConfig& c) {
    return c.follow || !c.idle_timeout.empty() || !c.grace.empty() || !c.command.empty();
}

std::vector<std::string> outputs_of(const CheckConfig& c) {
    if (c.junit.empty()) {
        return {c.output};
    }
    return {c.output, c.junit};
}

// Writes the reports of `results` as check's options say: the report (text, JSON or markdown),
// JUnit XML, and on GitHub Actions the annotations. The whole report first; only then the exit
// status.
void write_reports(const CheckConfig& config, const std::vector<CheckResult>& results,
                   bool manifest) {
    const OutputFormat format = parse_format(config.format);
    const app::CheckReports reports = app::render_check_reports(results, format, manifest);
    emit(config.output, reports.report);
    if (!config.junit.empty()) {
        write_output(config.junit, reports.junit);
    }
    const char* github = std::getenv("GITHUB_ACTIONS");
    if (github != nullptr && std::string(github) == "true") {
        // Annotations go to standard output, where the runner reads them, unless the JSON
        // report is there: then to standard error, to keep the JSON clean.
        if (format == OutputFormat::json && config.output == "-") {
            std::fflush(stdout);
            std::fputs(reports.annotations.c_str(), stderr);
        } else {
            emit("-", reports.annotations);
        }
    }
}

int run_manifest_check(const CheckConfig& config, app::Warnings& warnings) {
    if (has_live_options(config)) {
        // Several checks on traces some of them share would each decide at their own steps;
        // a manifest's traces are read whole (a FIFO to its end), and its checks run then.
        throw Error("a manifest's checks run on finished traces, read whole (a FIFO or standard "
                    "input to its end): --follow, --idle-timeout, --grace and -- COMMAND gate one "
                    "pair while it trains, e.g. tracediff check --reference REF RUN --follow "
                    "--max step1=LIMIT");
    }
    if (!config.files.empty() || has_criteria_options(config)) {
        throw Error("with --manifest, the traces and the criteria come from the manifest; give "
                    "no trace files or criteria options");
    }
    const std::vector<CheckResult> results = app::run_manifest_checks(
        {config.manifest, input_options(config.input), outputs_of(config)}, warnings);
    print_warnings(warnings);
    write_reports(config, results, true);
    return app::exit_code_of(results);
}

} // namespace

CLI::App* setup_check(CLI::App& app, CheckConfig& config) {
    CLI::App* sub = app.add_subcommand(
        "check", "Gate a build on the deltas: exit 1 when a criterion fails (CI use)");
    sub->add_option("files", config.files,
                    "The two trace files, A and B (one, the candidate, with --reference)")
        ->type_name("TRACE");
    sub->add_option("--reference", config.reference,
                    "The reference trace: its steps are the steps that count")
        ->type_name("REF");
    sub->add_option("--manifest,-m", config.manifest,
                    "Run the named checks of a manifest instead (see docs/manifest.md)")
        ->type_name("FILE");
    sub->add_option("--max", config.max,
                    "A criterion STAT=LIMIT: step1, step2, median, max, mean, bias or step@N "
                    "must be at most LIMIT (repeatable)")
        ->type_name("STAT=LIMIT");
    sub->add_option("--max-rel", config.max_rel,
                    "A criterion STAT=LIMIT on the relative deltas |A - B| / |A| (A the "
                    "reference): step1, step2, median, max, mean or step@N (repeatable)")
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
                    "Let up to N steps per field (or P% of the reference's steps) fall outside a "
                    "--mode tolerance or a --band (a failure budget; never covers NaN, infinite "
                    "or missing values)")
        ->type_name("N|P%");
    sub->add_option("--band", config.band,
                    "With --reference GOLDEN, a band written by tracediff golden from reruns: "
                    "each reference step within K standard deviations of the reruns' mean, or "
                    "within their [min, max] (minmax)")
        ->type_name("K|minmax");
    sub->add_flag("--require-same-steps", config.require_same_steps,
                  "Fail when a step is present in only one trace");
    sub->add_flag("--ignore-header", config.ignore_header,
                  "Do not fail when the headers differ or one is missing");
    sub->add_flag("--require-header", config.require_header,
                  "Fail when neither trace has a header (otherwise the header check is skipped)");
    sub->add_flag("--follow", config.follow,
                  "Read the trace files while they are written (not the --reference), and "
                  "decide each criterion as soon as its steps are there");
    sub->add_option("--idle-timeout", config.idle_timeout,
                    "A live check: end an input when it has not grown for SECONDS (default 60; "
                    "none with a command, whose exit ends the run)")
        ->type_name("SECONDS");
    sub->add_option("--grace", config.grace,
                    "-- COMMAND: when check stops the command's process group (a failed "
                    "criterion, a signal, what is left after it exits), SIGTERM, then SIGKILL "
                    "after SECONDS (default 10)")
        ->type_name("SECONDS");
    sub->add_option("--junit", config.junit, "Also write the results as JUnit XML to FILE")
        ->type_name("FILE");
    add_output_options(*sub, config.format, config.output, {"text", "json", "markdown"});
    add_input_options(*sub, config.input);
    sub->footer(k_check_footer);
    return sub;
}

int run_check_command(const CheckConfig& config, app::Warnings& warnings) {
    if (!config.manifest.empty()) {
        return run_manifest_check(config, warnings);
    }
    app::CheckRequest request{.files = config.files,
                              .reference = config.reference,
                              .spec = spec_from_options(config),
                              .follow = config.follow,
                              .idle_timeout = parse_seconds(config.idle_timeout, "--idle-timeout"),
                              .grace = parse_seconds(config.grace, "--grace"),
                              .command = config.command,
                              .input = input_options(config.input),
                              .outputs = outputs_of(config),
                              .spelling = option_spelling};
    return app::run_pair_check(
        request,
        [&config](const CheckResult& result, app::Warnings& said) {
            print_warnings(said);
            write_reports(config, {result}, false);
        },
        warnings);
}

} // namespace tracediff::cli
