// The subcommands: each has a config struct filled by CLI11, a setup function that declares
// its options, and a run function that turns the config into the application layer's typed
// request, runs it, renders the result and returns the exit code. Warnings go to `warnings`;
// the caller prints them (also when the command throws).
#pragma once

#include "tracediff/app/warnings.hpp"
#include "tracediff/render/plot.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "options.hpp"

namespace tracediff::cli {

struct TableConfig {
    std::vector<std::string> files;
    std::string manifest;
    std::string matrix; // "" for the pair table, else step1|step2|median|max|bias
    std::string stats;  // --stats: the columns, comma-separated; "" for the default
    std::string field;  // "" means the manifest's field, or "loss"
    std::string format = "markdown";
    std::string output = "-";
    InputConfig input;
};

CLI::App* setup_table(CLI::App& app, TableConfig& config);
int run_table_command(const TableConfig& config, app::Warnings& warnings);

struct DiffConfig {
    std::vector<std::string> files;
    bool shorthand = false; // given as `tracediff A B`, without the word diff
    std::string field = "loss";
    std::string format = "text";
    std::string output = "-";
    InputConfig input;
};

CLI::App* setup_diff(CLI::App& app, DiffConfig& config);
int run_diff_command(const DiffConfig& config, app::Warnings& warnings);

struct CheckConfig {
    std::vector<std::string> files;
    std::string manifest;
    std::vector<std::string> max;     // STAT=LIMIT
    std::vector<std::string> max_rel; // STAT=LIMIT, on the relative deltas
    std::string mode;
    std::string atol; // "" when not given
    std::string rtol;
    std::string field; // "" when not given
    std::string steps; // "" for all steps
    std::string allow; // "" when not given; N or P%
    std::string band;  // --band K or minmax; "" when not given
    bool require_same_steps = false;
    bool ignore_header = false;
    bool require_header = false;
    std::string reference;            // --reference REF; "" for two peers
    bool follow = false;              // --follow
    std::string idle_timeout;         // --idle-timeout SECONDS; "" when not given
    std::string grace;                // --grace SECONDS; "" when not given
    std::vector<std::string> command; // after `--`: the command the check runs beside
    std::string junit;
    std::string format = "text";
    std::string output = "-";
    InputConfig input;
};

CLI::App* setup_check(CLI::App& app, CheckConfig& config);
int run_check_command(const CheckConfig& config, app::Warnings& warnings);

struct GoldenConfig {
    std::vector<std::string> files;
    std::string output;
    std::vector<std::string> fields; // empty: loss
    std::string every;               // "" for every step
    std::string steps;               // "" for all steps
    InputConfig input;
};

CLI::App* setup_golden(CLI::App& app, GoldenConfig& config);
int run_golden_command(const GoldenConfig& config, app::Warnings& warnings);

struct ToleranceConfig {
    std::vector<std::string> files;
    std::string field = "loss";
    std::string factor; // "" for the default, 2
    std::string format = "text";
    std::string output = "-";
    InputConfig input;
};

CLI::App* setup_tolerance(CLI::App& app, ToleranceConfig& config);
int run_tolerance_command(const ToleranceConfig& config, app::Warnings& warnings);

struct PlotConfig {
    std::vector<std::string> files;
    std::string manifest;
    std::string field; // "" means the manifest's field, or "loss"
    std::string title;
    std::string output = "-";
    std::size_t max_pairs = k_default_max_pairs;
    std::string steps; // "" for all steps
    InputConfig input;
};

CLI::App* setup_plot(CLI::App& app, PlotConfig& config);
int run_plot_command(const PlotConfig& config, app::Warnings& warnings);

struct ReportConfig {
    std::string manifest;
    std::string out;
    std::string field;
    std::size_t max_pairs = k_default_max_pairs;
    std::string steps; // "" for all steps
    InputConfig input;
};

CLI::App* setup_report(CLI::App& app, ReportConfig& config);
int run_report_command(const ReportConfig& config, app::Warnings& warnings);

} // namespace tracediff::cli
