#include "options.hpp"

#include "tracediff/error.hpp"
#include "tracediff/io/output_file.hpp"
#include "tracediff/printable.hpp"
#include "tracediff/read/input_format.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdio>

namespace tracediff::cli {

void add_input_options(CLI::App& sub, InputConfig& input) {
    sub.add_option("--from", input.from,
                   "Read every trace as this format instead of recognising it: " + format_names())
        ->type_name("FORMAT");
    sub.add_option("--step-key", input.step_key,
                   "The member, column or pattern group that holds the step, spelled exactly "
                   "(default: the first of step, iteration, iter, global_step, _step the "
                   "records have, in any case)")
        ->type_name("NAME");
    sub.add_option("--alias", input.aliases,
                   "Read NAME as FIELD in a trace that has no FIELD, e.g. loss=train/loss "
                   "(repeatable)")
        ->type_name("FIELD=NAME");
    sub.add_option("--pattern", input.pattern,
                   "Read text logs with this RE2 pattern; its named groups are step and the "
                   "fields, e.g. 'step:\\s*(?P<step>\\d+)\\s+loss:\\s*(?P<loss>\\S+)'")
        ->type_name("REGEX");
}

app::InputOptions input_options(const InputConfig& input) {
    app::InputOptions out{input.from, input.step_key, {}, input.pattern};
    for (const std::string& text : input.aliases) {
        const auto eq = text.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
            throw Error(
                fmt::format("--alias takes FIELD=NAME (read NAME as FIELD), got '{}'", text));
        }
        const std::string field = text.substr(0, eq);
        if (!out.aliases.emplace(field, text.substr(eq + 1)).second) {
            throw Error(fmt::format("--alias: the field '{}' is given twice", field));
        }
    }
    return out;
}

void add_output_options(CLI::App& sub, std::string& format, std::string& output,
                        std::vector<std::string> formats) {
    const std::string names = fmt::format("{}", fmt::join(formats, ", "));
    if (std::find(formats.begin(), formats.end(), "markdown") != formats.end()) {
        formats.push_back("md");
    }
    sub.add_option("--format", format, "Output format: " + names)
        ->type_name("FORMAT")
        ->check(CLI::IsMember(formats))
        ->capture_default_str();
    sub.add_option("--output,-o", output, "Write the report to FILE instead of standard output")
        ->type_name("FILE");
}

OutputFormat parse_format(const std::string& name) {
    if (name == "markdown" || name == "md") {
        return OutputFormat::markdown;
    }
    if (name == "csv") {
        return OutputFormat::csv;
    }
    if (name == "json") {
        return OutputFormat::json;
    }
    return OutputFormat::text;
}

void print_warnings(app::Warnings& warnings) {
    const std::vector<std::string> sentences = warnings.take();
    if (sentences.empty()) {
        return;
    }
    std::fflush(stdout);
    for (const auto& s : sentences) {
        fmt::print(stderr, "tracediff: warning: {}\n", printable(s));
    }
}

void emit(const std::string& output, const std::string& text) {
    write_output(output, text);
}

} // namespace tracediff::cli
