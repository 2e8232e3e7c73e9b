// The command line as a whole: options, dispatch to a subcommand, and error handling.
#pragma once

#include <CLI/CLI.hpp>

#include "subcommands.hpp"

namespace tracediff::cli {

// Every subcommand's configuration and its CLI11 definition, filled by setup_app.
struct Commands {
    TableConfig table_config;
    DiffConfig diff_config;
    CheckConfig check_config;
    PlotConfig plot_config;
    ReportConfig report_config;
    ToleranceConfig tolerance_config;
    GoldenConfig golden_config;
    CLI::App* table = nullptr;
    CLI::App* diff = nullptr;
    CLI::App* check = nullptr;
    CLI::App* plot = nullptr;
    CLI::App* report = nullptr;
    CLI::App* tolerance = nullptr;
    CLI::App* golden = nullptr;
};

// Declares tracediff's description, options and subcommands on `app` (named "tracediff").
void setup_app(CLI::App& app, Commands& commands);

// Runs tracediff with the given arguments and returns the process exit code.
int run(int argc, char** argv);

} // namespace tracediff::cli
