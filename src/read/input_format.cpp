#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "format_list.hpp"

namespace tracediff {

std::string format_names() {
    std::vector<std::string_view> names;
    for (const InputFormat* f : input_formats()) {
        names.push_back(f->name);
    }
    return fmt::format("{}", fmt::join(names, ", "));
}

const std::vector<const InputFormat*>& input_formats() {
    // The order matters when recognising: the first format that recognises the content reads
    // it. Binary event files first; then the JSON documents, whose first line may look like a
    // JSON-Lines record; then JSON Lines; then tables with a step column; text logs only with
    // a pattern; then the trainers' standard outputs, by the first line that is one's step
    // record (after the text log: a pattern the user gave wins).
    static const std::vector<const InputFormat*> formats{
        &k_tensorboard_format, &k_trainer_state_format, &k_megatron_format,
        &k_jsonl_format,       &k_csv_format,           &k_tsv_format,
        &k_text_format,        &k_megatron_log_format,  &k_torchtitan_log_format,
        &k_nanogpt_log_format, &k_mllog_format};
    return formats;
}

const InputFormat& format_named(std::string_view name) {
    if (name == "trace") {
        return k_jsonl_format;
    }
    for (const InputFormat* f : input_formats()) {
        if (f->name == name) {
            return *f;
        }
    }
    throw Error(
        fmt::format("unknown input format '{}' (expected one of: {})", name, format_names()));
}

const InputFormat& recognise_format(std::string_view head, const std::string& path,
                                    const ReadOptions& options) {
    for (const InputFormat* f : input_formats()) {
        if (f->recognise(head, options)) {
            return *f;
        }
    }
    throw Error(fmt::format("{}: not a format tracediff reads: {}; the formats are {} (--from "
                            "FORMAT reads a file as one of them)",
                            display_path(path), describe_content(head), format_names()));
}

} // namespace tracediff
