// `tracediff tolerance RUN1 RUN2 ...`: limits a team can defend, measured from reruns.
#include "tracediff/app/tolerance_job.hpp"
#include "tracediff/error.hpp"
#include "tracediff/exit_codes.hpp"
#include "tracediff/render/tolerance_writer.hpp"

#include <fmt/format.h>

#include <charconv>

#include "subcommands.hpp"

namespace tracediff::cli {

namespace {

constexpr const char* k_tolerance_footer = R"(Examples:
  tracediff tolerance rerun1.jsonl rerun2.jsonl rerun3.jsonl
  tracediff tolerance --factor 3 --field 'lm loss' golden_*.json

The reruns are one configuration run again (other seeds, other nondeterministic kernels, other
machines): their differences are the noise a gate must allow. For step1, step2, median and max,
the largest value over every pair of them, times --factor (default 2), rounded up to two
significant digits, is a limit; the last line is the --max options to paste into a check.)";

double parse_factor(const std::string& text) {
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !(value >= 1) ||
        value > 1e6) {
        throw Error(fmt::format("--factor must be a decimal number from 1 to 1e6, got '{}'", text));
    }
    return value;
}

} // namespace

CLI::App* setup_tolerance(CLI::App& app, ToleranceConfig& config) {
    CLI::App* sub = app.add_subcommand(
        "tolerance", "Measure the noise between reruns and print --max limits that allow it");
    sub->add_option("files", config.files, "The reruns: two or more traces of one configuration")
        ->type_name("TRACE");
    sub->add_option("--field,-f", config.field, "The numeric member to measure")
        ->type_name("NAME")
        ->capture_default_str();
    sub->add_option("--factor", config.factor,
                    "Each limit is the largest pairwise value times this (default 2)")
        ->type_name("X");
    add_output_options(*sub, config.format, config.output, {"text", "json"});
    add_input_options(*sub, config.input);
    sub->footer(k_tolerance_footer);
    return sub;
}

int run_tolerance_command(const ToleranceConfig& config, app::Warnings& warnings) {
    const ToleranceReport report =
        app::measure_tolerances({config.files,
                                 config.field,
                                 config.factor.empty() ? 2.0 : parse_factor(config.factor),
                                 input_options(config.input),
                                 {config.output}},
                                warnings);
    print_warnings(warnings);
    emit(config.output, parse_format(config.format) == OutputFormat::json
                            ? render_tolerance_json(report)
                            : render_tolerance_text(report));
    return k_exit_success;
}

} // namespace tracediff::cli
