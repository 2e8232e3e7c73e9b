// Walks the CLI11 definitions into an AppDoc, and `tracediff --generate KIND [FILE]`.
#include "generate.hpp"

#include "tracediff/exit_codes.hpp"
#include "tracediff/io/output_file.hpp"

#include <fmt/format.h>

#include <exception>

namespace tracediff::cli {

namespace {

// CLI11 shows an IsMember check as "TYPE:{a,b,c}" in the type name; the part before the colon
// is the value's name and the braces list the choices.
void read_type_name(const std::string& type_name, OptionDoc& doc) {
    const auto brace = type_name.find(":{");
    doc.value_name = type_name.substr(0, brace);
    if (brace == std::string::npos || type_name.back() != '}') {
        return;
    }
    const std::string list = type_name.substr(brace + 2, type_name.size() - brace - 3);
    std::size_t start = 0;
    while (start <= list.size()) {
        const auto comma = list.find(',', start);
        const auto end = comma == std::string::npos ? list.size() : comma;
        if (end > start) {
            doc.choices.push_back(list.substr(start, end - start));
        }
        start = end + 1;
    }
}

OptionDoc describe_option(const CLI::Option& option) {
    OptionDoc doc;
    doc.long_names = option.get_lnames();
    doc.short_names = option.get_snames();
    if (!option.nonpositional()) {
        doc.positional = option.get_name();
    }
    if (option.get_type_size() > 0) {
        read_type_name(option.get_type_name(), doc);
    }
    doc.description = option.get_description();
    doc.repeatable = option.get_expected_max() > 1;
    return doc;
}

CommandDoc describe_command(const CLI::App& app) {
    CommandDoc doc;
    doc.name = app.get_name();
    doc.description = app.get_description();
    doc.footer = app.get_footer();
    for (const CLI::Option* option : app.get_options()) {
        if (option->get_group().empty()) {
            continue; // hidden
        }
        (option->nonpositional() ? doc.options : doc.positionals)
            .push_back(describe_option(*option));
    }
    return doc;
}

} // namespace

bool OptionDoc::takes_path() const {
    return value_name == "FILE" || value_name == "DIR" || value_name == "TRACE" ||
           !positional.empty();
}

AppDoc describe_app(const CLI::App& app, const std::string& version) {
    AppDoc doc;
    doc.version = version;
    doc.top = describe_command(app);
    doc.top.name = "tracediff";
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        doc.subcommands.push_back(describe_command(*sub));
    }
    return doc;
}

std::string generate_option_list(const AppDoc& doc) {
    std::string out;
    auto list = [&out](const std::string& command, const CommandDoc& c) {
        for (const OptionDoc& o : c.options) {
            for (const auto& name : o.long_names) {
                out += fmt::format("{} --{}\n", command, name);
            }
            for (const auto& name : o.short_names) {
                out += fmt::format("{} -{}\n", command, name);
            }
        }
    };
    list("", doc.top);
    for (const CommandDoc& sub : doc.subcommands) {
        list(sub.name, sub);
    }
    return out;
}

int run_generate(const CLI::App& app, const std::string& version,
                 const std::vector<std::string>& args) {
    const std::string kind = args.size() > 1 ? args[1] : "";
    if (args.size() > 3) {
        fmt::print(stderr, "tracediff: error: --generate takes KIND and at most one FILE\n");
        return k_exit_input_error;
    }
    const AppDoc doc = describe_app(app, version);
    std::string text;
    if (kind == "man") {
        text = generate_man(doc);
    } else if (kind == "bash") {
        text = generate_bash(doc);
    } else if (kind == "zsh") {
        text = generate_zsh(doc);
    } else if (kind == "fish") {
        text = generate_fish(doc);
    } else if (kind == "options") {
        text = generate_option_list(doc);
    } else {
        fmt::print(stderr,
                   "tracediff: error: --generate takes man, bash, zsh, fish or options, "
                   "got '{}'\n",
                   kind);
        return k_exit_input_error;
    }
    try {
        write_output(args.size() > 2 ? args[2] : "-", text);
    } catch (const std::exception& e) {
        fmt::print(stderr, "tracediff: error: {}\n", e.what());
        return k_exit_input_error;
    }
    return k_exit_success;
}

} // namespace tracediff::cli
