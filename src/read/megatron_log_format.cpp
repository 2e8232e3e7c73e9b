// Megatron-LM's standard output as an input format: training_log's line per logged iteration,
//    [2026-01-01 00:00:00] iteration       10/     100 | consumed samples:          640 |
//   elapsed time per iteration (ms): 140.2 | learning rate: 1.500000E-04 | global batch size:
//   64 | lm loss: 1.045532E+01 | loss scale: 1.0 | grad norm: 5.123 | number of skipped
//   iterations:   0 | number of nan iterations:   0 |
// (one line), whose step is the iteration and whose fields are its `name: value |` pairs, named
// as printed; and evaluate_and_print_results's line,
//    validation loss at iteration 100 | lm loss value: 4.290123E+00 | lm loss PPL: 7.297310E+01 |
// whose `NAME value` is the field `validation NAME` and `NAME PPL` is `validation NAME PPL`, at
// that iteration. A pair whose value is not a number ("elapsed time: 0:01:02") is a field only
// when asked for, and then an error. Lines of dashes, the end-of-training validation (no
// iteration) and everything else are skipped.
#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/read/line_record_parser.hpp"

#include <fmt/format.h>

#include <cctype>

#include "format_list.hpp"
#include "number_text.hpp"

namespace tracediff {

namespace {

constexpr std::string_view k_iteration = "iteration";
constexpr std::string_view k_validation = "validation loss at iteration";

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::size_t skip_spaces(std::string_view s, std::size_t i) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) {
        ++i;
    }
    return i;
}

std::size_t skip_digits(std::string_view s, std::size_t i) {
    while (i < s.size() && is_digit(s[i])) {
        ++i;
    }
    return i;
}

// Where the pairs of a training line start, after "iteration N/ M |", and the step text N.
struct Start {
    std::size_t pairs = std::string_view::npos;
    std::string_view step;
};

Start training_start(std::string_view line) {
    for (std::size_t at = line.find(k_iteration); at != std::string_view::npos;
         at = line.find(k_iteration, at + 1)) {
        if (at > 0 && line[at - 1] != ' ') {
            continue;
        }
        std::size_t i = skip_spaces(line, at + k_iteration.size());
        const std::size_t digits = i;
        i = skip_digits(line, i);
        if (digits == at + k_iteration.size() || i == digits || i >= line.size() ||
            line[i] != '/') {
            continue;
        }
        const std::string_view step = line.substr(digits, i - digits);
        i = skip_spaces(line, i + 1);
        const std::size_t total = i;
        i = skip_spaces(line, skip_digits(line, i));
        if (i > total && i < line.size() && line[i] == '|') {
            return {i + 1, step};
        }
    }
    return {};
}

Start validation_start(std::string_view line) {
    const std::size_t at = line.find(k_validation);
    if (at == std::string_view::npos) {
        return {};
    }
    std::size_t i = skip_spaces(line, at + k_validation.size());
    const std::size_t digits = i;
    i = skip_digits(line, i);
    if (i == digits) {
        return {};
    }
    const std::string_view step = line.substr(digits, i - digits);
    const std::size_t bar = line.find('|', i);
    if (bar == std::string_view::npos) {
        return {};
    }
    return {bar + 1, step};
}

// "lm loss value" -> "validation lm loss"; "lm loss PPL" -> "validation lm loss PPL".
std::string validation_name(std::string_view name) {
    constexpr std::string_view value = " value";
    if (name.ends_with(value)) {
        name.remove_suffix(value.size());
    }
    return fmt::format("validation {}", name);
}

class MegatronLog final : public LineRecordParser {
public:
    MegatronLog(const std::string& path, const ReadOptions& options)
        : LineRecordParser(k_megatron_log_format.name, path, options) {}

private:
    std::optional<std::int64_t> parse(std::string_view line) override {
        bool validation = false;
        Start start = training_start(line);
        if (start.pairs == std::string_view::npos) {
            start = validation_start(line);
            validation = true;
        }
        if (start.pairs == std::string_view::npos) {
            return std::nullopt;
        }
        std::int64_t step = 0;
        if (!parse_step_text(start.step, step)) {
            fail(fmt::format("the iteration {} is too large", start.step));
        }
        std::string_view rest = line.substr(start.pairs);
        while (!rest.empty()) {
            const std::size_t bar = rest.find('|');
            const std::string_view pair = rest.substr(0, bar);
            rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
            const std::size_t colon = pair.find(':');
            if (colon == std::string_view::npos) {
                continue;
            }
            const std::string_view name = trim_blanks(pair.substr(0, colon));
            const std::string_view value = trim_blanks(pair.substr(colon + 1));
            if (name.empty()) {
                continue;
            }
            if (validation) {
                offer(validation_name(name), value);
            } else {
                offer(name, value);
            }
        }
        return step;
    }
};

Trace read_megatron_log(InputFile& input, const std::string& path, const ReadOptions& options) {
    MegatronLog log(path, options);
    return read_line_records(input, path, log);
}

} // namespace

bool is_megatron_log_line(std::string_view line) {
    return training_start(line).pairs != std::string_view::npos;
}

std::unique_ptr<LineRecordParser> make_megatron_log_parser(const std::string& path,
                                                           const ReadOptions& options) {
    return std::make_unique<MegatronLog>(path, options);
}

const InputFormat k_megatron_log_format{
    "megatron-log",
    "Megatron-LM's standard output: 'iteration N/ M | lm loss: ... |' lines, each pair a field",
    [](std::string_view head, const ReadOptions& /*options*/) {
        return stdout_format_of(head) == "megatron-log";
    },
    read_megatron_log};

} // namespace tracediff
