// `tracediff diff A B`: the detailed report of one pair.
#include "tracediff/app/diff_job.hpp"
#include "tracediff/error.hpp"
#include "tracediff/exit_codes.hpp"
#include "tracediff/render/diff_writer.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "subcommands.hpp"

namespace tracediff::cli {

namespace {

constexpr const char* k_diff_footer = R"(Examples:
  tracediff diff run_a.jsonl run_b.jsonl
  tracediff run_a.jsonl run_b.jsonl                  (the same: diff is the default)
  tracediff diff --field lr --format json a.jsonl b.jsonl
  zcat b.jsonl.gz | tracediff diff a.jsonl -

The report gives, for each trace, its path, label, phase, network and step range; whether the
headers describe the same network, configuration and data (and every field that differs);
which steps were compared and which only one trace has; and the statistics of |A - B|.)";

std::string render(const DiffReport& report, OutputFormat format) {
    switch (format) {
    case OutputFormat::markdown:
        return render_diff_markdown(report);
    case OutputFormat::csv:
        return render_diff_csv(report);
    case OutputFormat::json:
        return render_diff_json(report);
    case OutputFormat::text:
        break;
    }
    return render_diff_text(report);
}

} // namespace

CLI::App* setup_diff(CLI::App& app, DiffConfig& config) {
    CLI::App* sub = app.add_subcommand("diff", "Print a detailed report on one pair of traces "
                                               "(the default when the first argument is a file)");
    sub->add_option("files", config.files, "The two trace files, A and B; '-' reads standard input")
        ->type_name("TRACE")
        ->required();
    sub->add_option("--field,-f", config.field, "The numeric member of the step records to compare")
        ->type_name("NAME")
        ->capture_default_str();
    add_output_options(*sub, config.format, config.output, {"text", "markdown", "csv", "json"});
    add_input_options(*sub, config.input);
    sub->footer(k_diff_footer);
    return sub;
}

int run_diff_command(const DiffConfig& config, app::Warnings& warnings) {
    if (config.files.size() != 2) {
        const std::string what =
            config.shorthand ? "tracediff A B (short for tracediff diff A B)" : "tracediff diff";
        std::string message =
            fmt::format("{} compares two traces, A and B; got {}", what, config.files.size());
        if (config.files.size() > 2) {
            message += fmt::format(". To compare several, use tracediff table {}",
                                   fmt::join(config.files, " "));
        }
        throw UsageError("diff", message);
    }
    const DiffReport report = app::make_diff(
        {config.files, config.field, input_options(config.input), {config.output}}, warnings);
    print_warnings(warnings);
    emit(config.output, render(report, parse_format(config.format)));
    return k_exit_success;
}

} // namespace tracediff::cli
