// The man page and the shell completions, generated from the CLI11 definitions by the binary
// itself (`tracediff --generate man|bash|zsh|fish|options [FILE]`, run at build time), so that
// they can never disagree with --help.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace tracediff::cli {

// One option or positional argument as the help shows it.
struct OptionDoc {
    std::vector<std::string> long_names;  // "field" for --field
    std::vector<std::string> short_names; // "f" for -f
    std::string positional;               // "files" for a positional argument
    std::string value_name;               // "NAME"; "" for a flag
    std::vector<std::string> choices;     // the values an IsMember check allows
    std::string description;
    bool repeatable = false;

    bool takes_value() const { return !value_name.empty(); }
    // Whether the value names a file or folder (completed as file names).
    bool takes_path() const;
};

// The top level ("" name) or a subcommand.
struct CommandDoc {
    std::string name;
    std::string description;
    std::string footer;
    std::vector<OptionDoc> options;     // --help first, then in declaration order
    std::vector<OptionDoc> positionals; // in order
};

struct AppDoc {
    std::string version; // "tracediff 0.1.0"
    CommandDoc top;
    std::vector<CommandDoc> subcommands;
};

// Walks the app: its options, subcommands and theirs; options in no group (hidden) are left
// out.
AppDoc describe_app(const CLI::App& app, const std::string& version);

std::string generate_man(const AppDoc& doc);
std::string generate_bash(const AppDoc& doc);
std::string generate_zsh(const AppDoc& doc);
std::string generate_fish(const AppDoc& doc);
// One line per option: "SUBCOMMAND --name" ("" for the top level), every name of every option.
std::string generate_option_list(const AppDoc& doc);

// `tracediff --generate KIND [FILE]`: writes one of the above to FILE (whole or not at all) or
// standard output; returns the exit code.
int run_generate(const CLI::App& app, const std::string& version,
                 const std::vector<std::string>& args);

} // namespace tracediff::cli
