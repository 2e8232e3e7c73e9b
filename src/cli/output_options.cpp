// --format and --output, shared by the subcommands.
#include "tracediff/cli/common.hpp"
#include "tracediff/io/file_identity.hpp"
#include "tracediff/io/output_file.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace tracediff::cli {

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

void check_output(const std::vector<std::string>& outputs, const std::vector<std::string>& inputs,
                  const std::string& manifest) {
    check_outputs(outputs, inputs, manifest);
}

void emit(const std::string& output, const std::string& text) {
    write_output(output, text);
}

} // namespace tracediff::cli
