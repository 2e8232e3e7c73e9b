// What the subcommands share: the input options (--from, --step-key, --alias, --pattern) and
// the output options (--format, --output) as CLI11 declares them and as the application layer
// takes them, and the edge where results leave: warnings on standard error, reports written
// whole or not at all.
#pragma once

#include "tracediff/app/trace_inputs.hpp"
#include "tracediff/app/warnings.hpp"
#include "tracediff/error.hpp"
#include "tracediff/render/table_writer.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace tracediff::cli {

// A mistake in how a subcommand was called, found after parsing: printed with the hint
// "Run 'tracediff SUBCOMMAND --help' for usage.", as CLI11's own parse errors are.
class UsageError : public Error {
public:
    UsageError(std::string subcommand, const std::string& message)
        : Error(message), m_subcommand(std::move(subcommand)) {}
    const std::string& subcommand() const { return m_subcommand; }

private:
    std::string m_subcommand;
};

// How the traces are read, as the options spell it.
struct InputConfig {
    std::string from;                 // --from FORMAT; "" recognises each file's format
    std::string step_key;             // --step-key NAME
    std::vector<std::string> aliases; // --alias FIELD=NAME, repeatable
    std::string pattern;              // --pattern REGEX, for text logs
};

// Declares --from, --step-key, --alias and --pattern on a subcommand.
void add_input_options(CLI::App& sub, InputConfig& input);

// The typed input options. Throws Error on a malformed --alias or a field aliased twice.
app::InputOptions input_options(const InputConfig& input);

// Declares --format (one of `formats`; "md" is accepted for "markdown") and --output FILE.
void add_output_options(CLI::App& sub, std::string& format, std::string& output,
                        std::vector<std::string> formats);

OutputFormat parse_format(const std::string& name);

// Prints "tracediff: warning: SENTENCE" to standard error for each warning, and takes them.
void print_warnings(app::Warnings& warnings);

// Writes the report to `output` ("-" for standard output), whole or not at all.
void emit(const std::string& output, const std::string& text);

} // namespace tracediff::cli
