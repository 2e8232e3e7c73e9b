#include "command_line.hpp"

#include "tracediff/error.hpp"
#include "tracediff/exit_codes.hpp"
#include "tracediff/printable.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "generate.hpp"
#include "options.hpp"

#ifndef TRACEDIFF_VERSION
#define TRACEDIFF_VERSION "unknown"
#endif

namespace tracediff::cli {

namespace {

constexpr const char* k_description =
    "tracediff compares the training traces of runs of one network (two compilers, two GPUs, "
    "...) step by step and reports how far they drift apart: the delta at step 1 (forward "
    "pass), at step 2 (first step through backward pass and optimizer), and the median and max "
    "delta over the run. It reads its JSON-Lines trace format and the logs frameworks write: "
    "TensorBoard event files, CSV and TSV (Lightning, W&B), Megatron-LM golden values, "
    "HuggingFace trainer_state.json, text logs with --pattern; the format comes from the "
    "content.";

constexpr const char* k_footer = R"(Examples:
  tracediff table a.jsonl b.jsonl c.jsonl      one markdown row per pair
  tracediff table --manifest corners.json      the rows, labels and notes a manifest names
  tracediff table --matrix step1 *.jsonl       an N x N grid of the step-1 delta
  tracediff diff a.jsonl b.jsonl               a detailed report of one pair
  tracediff a.jsonl b.jsonl                    the same, shorter
  tracediff check a.jsonl b.jsonl --max step1=1e-5   exit 1 when the step-1 delta is larger
  tracediff plot a.jsonl b.jsonl -o deltas.svg        |Δ| per step, as SVG
  tracediff report --manifest m.json --out DIR        a markdown report with plot and findings
  tracediff table run.jsonl events.out.tfevents.1 metrics.csv --alias loss=train/loss
  tracediff table a.jsonl stdout.log --pattern 'step:\s*(?P<step>\d+)\s+loss:\s*(?P<loss>\S+)'

Exit codes: 0 success, 1 a gate failed, 2 bad arguments or bad input.
Run 'tracediff SUBCOMMAND --help' for the options of a subcommand.)";

bool is_subcommand(const std::string& word) {
    return word == "table" || word == "diff" || word == "check" || word == "plot" ||
           word == "report" || word == "tolerance" || word == "golden";
}

// `tracediff A.jsonl B.jsonl` is short for `tracediff diff A.jsonl B.jsonl`: insert "diff"
// when the first argument is a file rather than a subcommand or an option.
std::vector<std::string> expand_shorthand(int argc, char** argv, bool& shorthand) {
    std::vector<std::string> args(argv + 1, argv + argc);
    shorthand = !args.empty() && !is_subcommand(args[0]) && (args[0] == "-" || args[0][0] != '-');
    if (shorthand) {
        args.insert(args.begin(), "diff");
    }
    return args;
}

// `check ... -- COMMAND ARGS...`: what follows `--` is the command the check runs beside, not
// arguments for CLI11. Nothing when there is no `--`; ["--"] alone when no command follows it.
std::vector<std::string> split_command(std::vector<std::string>& args) {
    if (args.empty() || args[0] != "check") {
        return {};
    }
    const auto dash = std::find(args.begin(), args.end(), "--");
    if (dash == args.end()) {
        return {};
    }
    std::vector<std::string> command(dash + 1, args.end());
    args.erase(dash, args.end());
    return command.empty() ? std::vector<std::string>{"--"} : command;
}

// Runs the subcommand that was parsed; errors become messages and exit code 2, after the
// warnings given before them.
int run_parsed(const Commands& c) {
    app::Warnings warnings;
    const auto fail = [&warnings](const char* message, const std::string& hint = "") {
        print_warnings(warnings);
        std::fflush(stdout);
        fmt::print(stderr, "tracediff: error: {}\n", message);
        if (!hint.empty()) {
            fmt::print(stderr, "Run 'tracediff {} --help' for usage.\n", hint);
        }
        return k_exit_input_error;
    };
    try {
        int code = k_exit_input_error;
        if (c.table->parsed()) {
            code = run_table_command(c.table_config, warnings);
        } else if (c.diff->parsed()) {
            code = run_diff_command(c.diff_config, warnings);
        } else if (c.check->parsed()) {
            code = run_check_command(c.check_config, warnings);
        } else if (c.plot->parsed()) {
            code = run_plot_command(c.plot_config, warnings);
        } else if (c.report->parsed()) {
            code = run_report_command(c.report_config, warnings);
        } else if (c.tolerance->parsed()) {
            code = run_tolerance_command(c.tolerance_config, warnings);
        } else if (c.golden->parsed()) {
            code = run_golden_command(c.golden_config, warnings);
        }
        print_warnings(warnings);
        return code;
    } catch (const UsageError& e) {
        return fail(e.what(), e.subcommand());
    } catch (const Error& e) {
        return fail(e.what());
    } catch (const std::bad_alloc&) {
        return fail("out of memory");
    }
}

} // namespace

void setup_app(CLI::App& app, Commands& commands) {
    app.description(k_description);
    app.set_version_flag("--version", std::string("tracediff ") + TRACEDIFF_VERSION,
                         "Print the version and exit");
    app.footer(k_footer);
    app.require_subcommand(1);
    commands.table = setup_table(app, commands.table_config);
    commands.diff = setup_diff(app, commands.diff_config);
    commands.check = setup_check(app, commands.check_config);
    commands.plot = setup_plot(app, commands.plot_config);
    commands.report = setup_report(app, commands.report_config);
    commands.tolerance = setup_tolerance(app, commands.tolerance_config);
    commands.golden = setup_golden(app, commands.golden_config);
    // Every option with a value takes exactly one (--max X --max Y for several), so the traces
    // may come before or after the options.
    for (CLI::App* sub : app.get_subcommands({})) {
        for (CLI::Option* option : sub->get_options()) {
            if (option->nonpositional()) {
                option->allow_extra_args(false);
            }
        }
    }
}

int run(int argc, char** argv) {
    CLI::App app("", "tracediff");
    Commands commands;
    setup_app(app, commands);
    std::vector<std::string> args = expand_shorthand(argc, argv, commands.diff_config.shorthand);
    if (!args.empty() && args[0] == "--generate") {
        // Hidden: the build writes the man page and the completions with it.
        return run_generate(app, std::string("tracediff ") + TRACEDIFF_VERSION, args);
    }
    commands.check_config.command = split_command(args);
    if (commands.check_config.command == std::vector<std::string>{"--"}) {
        fmt::print(stderr, "tracediff: error: -- must be followed by the command to run, e.g. "
                           "-- python train.py\nRun 'tracediff check --help' for usage.\n");
        return k_exit_input_error;
    }
    std::reverse(args.begin(), args.end()); // CLI11 takes the arguments in reverse order
    try {
        app.parse(args);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) {
            return app.exit(e); // --help or --version, printed to stdout
        }
        std::string hint = "tracediff --help";
        for (const CLI::App* sub : app.get_subcommands()) {
            hint = fmt::format("tracediff {} --help", sub->get_name());
        }
        fmt::print(stderr, "tracediff: error: {}\nRun '{}' for usage.\n", printable(e.what()),
                   hint);
        return k_exit_input_error;
    }
    return run_parsed(commands);
}

} // namespace tracediff::cli
