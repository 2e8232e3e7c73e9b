// `tracediff golden RUN [RUN...] -o golden.json`: a reference to gate against.
#include "tracediff/app/golden_job.hpp"
#include "tracediff/error.hpp"
#include "tracediff/exit_codes.hpp"
#include "tracediff/gate/criteria.hpp"

#include <fmt/format.h>

#include <charconv>

#include "subcommands.hpp"

namespace tracediff::cli {

namespace {

constexpr const char* k_golden_footer = R"(Examples:
  tracediff golden run.jsonl -o golden_values.json
  tracediff golden --field 'lm loss' --field 'num-zeros' --every 5 run.log -o golden.json
  tracediff golden rerun1.jsonl rerun2.jsonl rerun3.jsonl -o band.json
  tracediff check --reference band.json candidate.jsonl --band 3

The file is Megatron-LM's golden values in the object layout: per field "start_step",
"end_step", "step_interval" and "values" keyed by the step as text, so that Megatron's own
tests read it too. From two or more reruns of one configuration it is a band: "values" is the
per-step mean, and "std" (sample standard deviation), "min", "max" and "runs" are added; a
step that not every rerun logged is left out, with a warning.)";

} // namespace

CLI::App* setup_golden(CLI::App& app, GoldenConfig& config) {
    CLI::App* sub = app.add_subcommand(
        "golden", "Write a run's values, or the band of several reruns, as golden values");
    sub->add_option("files", config.files, "The run, or the reruns of one configuration")
        ->type_name("TRACE")
        ->required();
    sub->add_option("--output,-o", config.output, "The golden file to write ('-': standard output)")
        ->type_name("FILE")
        ->required();
    sub->add_option("--field,-f", config.fields,
                    "A field to write (repeatable; default loss), named as in the runs")
        ->type_name("NAME");
    sub->add_option("--every", config.every,
                    "Write every K-th step, from the first one written (default 1)")
        ->type_name("K");
    sub->add_option("--steps", config.steps, "Write only the steps FIRST-LAST")
        ->type_name("FIRST-LAST");
    add_input_options(*sub, config.input);
    sub->footer(k_golden_footer);
    return sub;
}

int run_golden_command(const GoldenConfig& config, app::Warnings& warnings) {
    std::int64_t every = 1;
    if (!config.every.empty()) {
        const auto [end, ec] =
            std::from_chars(config.every.data(), config.every.data() + config.every.size(), every);
        if (ec != std::errc() || end != config.every.data() + config.every.size() || every < 1) {
            throw UsageError("golden", fmt::format("--every must be a whole number >= 1, got '{}'",
                                                   config.every));
        }
    }
    app::write_golden(
        {.files = config.files,
         .fields = config.fields.empty() ? std::vector<std::string>{"loss"} : config.fields,
         .every = every,
         .steps = config.steps.empty() ? std::nullopt
                                       : std::optional<StepRange>(parse_step_range(config.steps)),
         .input = input_options(config.input),
         .output = config.output},
        warnings);
    return k_exit_success;
}

} // namespace tracediff::cli
