// The standard output of nanoGPT-style trainers as an input format. modded-nanogpt's print0
// lines,
//   step:10/1750 train_loss:4.1234 train_time:1234ms step_avg:123.45ms
//   step:125/1750 val_loss:4.2000 train_time:15432ms step_avg:123.46ms
// whose step is before the slash and whose `name:value` words are fields named as printed; and
// karpathy/nanoGPT's train.py lines,
//   iter 10: loss 4.1234, time 12.34ms, mfu 1.23%
//   step 250: train loss 4.1234, val loss 4.2345
// whose `name value` parts, between commas, are fields named as printed (`loss`, `time`,
// `mfu`, `train loss`, `val loss`). A value loses its unit: train_time 1234ms is 1234 (ms),
// mfu 1.23% is 1.23 (percent).
#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/read/line_record_parser.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "format_list.hpp"
#include "number_text.hpp"
#include "trace_lines.hpp"

namespace tracediff {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t';
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

std::size_t skip_digits(std::string_view s, std::size_t i) {
    while (i < s.size() && is_digit(s[i])) {
        ++i;
    }
    return i;
}

enum class Shape { none, modded, karpathy };

struct Start {
    Shape shape = Shape::none;
    std::size_t pairs = 0; // where the fields start
    std::string_view step;
};

// "step:N/M name:" (modded-nanogpt) or "iter N: name" / "step N: name" (nanoGPT), at the start
// of the line or after a space.
Start line_start(std::string_view line) {
    for (std::size_t at = 0; at < line.size(); ++at) {
        if ((at > 0 && !is_space(line[at - 1])) || (line[at] != 's' && line[at] != 'i')) {
            continue;
        }
        const std::string_view rest = line.substr(at);
        if (rest.starts_with("step:")) {
            const std::size_t digits = at + 5;
            const std::size_t slash = skip_digits(line, digits);
            const std::size_t total = slash + 1;
            const std::size_t end = skip_digits(line, total);
            if (slash > digits && slash < line.size() && line[slash] == '/' && end > total &&
                end + 1 < line.size() && is_space(line[end]) && is_letter(line[end + 1])) {
                return {Shape::modded, end + 1, line.substr(digits, slash - digits)};
            }
        }
        const std::size_t word = rest.starts_with("step ") ? 5 : rest.starts_with("iter ") ? 5 : 0;
        if (word > 0) {
            const std::size_t digits = at + word;
            const std::size_t end = skip_digits(line, digits);
            if (end > digits && line.substr(end, 2) == ": " && end + 2 < line.size() &&
                is_letter(line[end + 2])) {
                return {Shape::karpathy, end + 2, line.substr(digits, end - digits)};
            }
        }
    }
    return {};
}

class NanogptLog final : public LineRecordParser {
public:
    NanogptLog(const std::string& path, const ReadOptions& options)
        : LineRecordParser(k_nanogpt_log_format.name, path, options) {}

private:
    std::optional<std::int64_t> parse(std::string_view line) override {
        const Start start = line_start(line);
        if (start.shape == Shape::none) {
            return std::nullopt;
        }
        std::int64_t step = 0;
        if (!parse_step_text(start.step, step)) {
            fail(fmt::format("the step {} is too large", start.step));
        }
        const std::string_view rest = line.substr(start.pairs);
        if (start.shape == Shape::modded) {
            read_words(rest);
        } else {
            read_parts(rest);
        }
        return step;
    }

    // "train_loss:4.1234 train_time:1234ms"
    void read_words(std::string_view rest) {
        std::size_t i = 0;
        while (i < rest.size()) {
            const std::size_t end = std::min(rest.find_first_of(" \t", i), rest.size());
            const std::string_view word = rest.substr(i, end - i);
            const std::size_t colon = word.find(':');
            if (colon != std::string_view::npos && colon > 0) {
                add(word.substr(0, colon), word.substr(colon + 1));
            }
            i = end + 1;
        }
    }

    // "loss 4.1234, time 12.34ms, mfu 1.23%"
    void read_parts(std::string_view rest) {
        while (!rest.empty()) {
            const std::size_t comma = rest.find(',');
            const std::string_view part = trace_lines::trim(rest.substr(0, comma));
            rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
            const std::size_t space = part.rfind(' ');
            if (space != std::string_view::npos && space > 0) {
                add(trace_lines::trim(part.substr(0, space)), part.substr(space + 1));
            }
        }
    }

    void add(std::string_view name, std::string_view value) {
        const auto number = split_unit(value);
        offer(name, number ? number->number : value);
    }
};

Trace read_nanogpt_log(InputFile& input, const std::string& path, const ReadOptions& options) {
    NanogptLog log(path, options);
    return read_line_records(input, path, log);
}

} // namespace

bool is_nanogpt_log_line(std::string_view line) {
    return line_start(line).shape != Shape::none;
}

std::unique_ptr<LineRecordParser> make_nanogpt_log_parser(const std::string& path,
                                                          const ReadOptions& options) {
    return std::make_unique<NanogptLog>(path, options);
}

const InputFormat k_nanogpt_log_format{
    "nanogpt-log",
    "nanoGPT's and modded-nanogpt's standard output ('iter N: loss ...', "
    "'step:N/M train_loss:...' lines)",
    [](std::string_view head, const ReadOptions& /*options*/) {
        return stdout_format_of(head) == "nanogpt-log";
    },
    read_nanogpt_log};

} // namespace tracediff
