// --from, --step-key, --alias and --pattern: how every subcommand reads its traces.
#include "tracediff/cli/common.hpp"
#include "tracediff/error.hpp"
#include "tracediff/read/input_format.hpp"
#include "tracediff/read/read_trace.hpp"

#include <fmt/format.h>

namespace tracediff::cli {

namespace {

// --alias FIELD=NAME, each once per field.
std::map<std::string, std::string> parse_aliases(const std::vector<std::string>& aliases) {
    std::map<std::string, std::string> out;
    for (const std::string& text : aliases) {
        const auto eq = text.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
            throw Error(
                fmt::format("--alias takes FIELD=NAME (read NAME as FIELD), got '{}'", text));
        }
        const std::string field = text.substr(0, eq);
        if (!out.emplace(field, text.substr(eq + 1)).second) {
            throw Error(fmt::format("--alias: the field '{}' is given twice", field));
        }
    }
    return out;
}

} // namespace

void add_input_options(CLI::App& sub, InputConfig& input) {
    sub.add_option("--from", input.from,
                   "Read every trace as this format instead of recognising it: " + format_names())
        ->type_name("FORMAT");
    sub.add_option("--step-key", input.step_key,
                   "The member, column or pattern group that holds the step (default: the first "
                   "of step, iteration, iter, global_step, _step the records have)")
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

ReadOptions trace_read_options(const ReadOptions& base, const InputConfig& input,
                               const ManifestTrace* entry) {
    ReadOptions options = base;
    options.format = entry != nullptr && !entry->from.empty() ? entry->from : input.from;
    options.step_key =
        entry != nullptr && !entry->step_key.empty() ? entry->step_key : input.step_key;
    options.pattern = entry != nullptr && !entry->pattern.empty() ? entry->pattern : input.pattern;
    if (!options.format.empty() && format_named(options.format).name != "text" &&
        !options.pattern.empty()) {
        const bool format_of_entry = entry != nullptr && !entry->from.empty();
        const bool pattern_of_entry = entry != nullptr && !entry->pattern.empty();
        if (format_of_entry && !pattern_of_entry) {
            options.pattern.clear(); // --pattern is for the text logs among the traces
        } else {
            throw Error(fmt::format("a pattern reads text logs; it does not go with the format "
                                    "'{}'",
                                    options.format));
        }
    }
    check_text_pattern(options);
    apply_field_names(options, parse_aliases(input.aliases),
                      entry != nullptr ? entry->fields : std::map<std::string, std::string>{});
    return options;
}

} // namespace tracediff::cli
