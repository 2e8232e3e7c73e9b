// torchtitan's standard output as an input format: the metrics line its MetricsProcessor logs
// per logged step, with or without the logging prefix and the terminal colours,
//   [rank0]:[titan] 2025-01-01 00:00:00,000 - root - INFO - step:  1  loss:  8.1234
//   grad_norm:  1.2345  memory: 12.34GiB(15.67%)  tps: 1,234  tflops: 12.34  mfu: 1.23%
// (one line): each `name: value` is a field named as printed. Numbers lose their unit and
// thousands separators: tps 1,234 is 1234, mfu 1.23% is 1.23 (percent), and memory
// 12.34GiB(15.67%) is memory 12.34 (GiB) and memory_pct 15.67. The validator's line
// ("validate step: 100  loss: ...") gives the fields `validation loss`, `validation memory`, ...
// at that step. Also torchtitan's loss files (tests/assets/losses/*.txt, written by
// scripts/loss_compare.py): "STEP LOSS" on every line, the loss as Python's repr writes it; a
// file whose first line has that shape is one, and each line is the field `loss`.
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

constexpr std::string_view k_step = "step:";
constexpr std::string_view k_validate = "validate ";

bool is_space(char c) {
    return c == ' ' || c == '\t';
}

struct Start {
    std::size_t pairs = std::string_view::npos; // after the step number
    std::string_view step;
    bool validation = false;
};

// "step: N  loss:" (or "validate step: N  loss:") anywhere in the line, after a space or at
// its start.
Start metrics_start(std::string_view line) {
    for (std::size_t at = line.find(k_step); at != std::string_view::npos;
         at = line.find(k_step, at + 1)) {
        if (at > 0 && !is_space(line[at - 1])) {
            continue;
        }
        std::size_t i = at + k_step.size();
        while (i < line.size() && is_space(line[i])) {
            ++i;
        }
        const std::size_t digits = i;
        while (i < line.size() && line[i] >= '0' && line[i] <= '9') {
            ++i;
        }
        const std::size_t end = i;
        while (i < line.size() && is_space(line[i])) {
            ++i;
        }
        if (end == digits || i == end || line.substr(i, 5) != "loss:") {
            continue;
        }
        const bool validation =
            at >= k_validate.size() && line.substr(at - k_validate.size(), 9) == k_validate;
        return {end, line.substr(digits, end - digits), validation};
    }
    return {};
}

class TorchtitanLog final : public LineRecordParser {
public:
    TorchtitanLog(const std::string& path, const ReadOptions& options)
        : LineRecordParser(k_torchtitan_log_format.name, path, options) {}

private:
    enum class Kind { unknown, metrics, losses };

    std::optional<std::int64_t> parse(std::string_view line) override {
        if (m_kind == Kind::unknown && !trace_lines::trim(line).empty()) {
            m_kind = is_torchtitan_loss_line(line) ? Kind::losses : Kind::metrics;
        }
        return m_kind == Kind::losses ? parse_loss_line(line) : parse_metrics(line);
    }

    std::optional<std::int64_t> parse_loss_line(std::string_view line) {
        line = trace_lines::trim(line);
        if (line.empty()) {
            return std::nullopt;
        }
        if (!is_torchtitan_loss_line(line)) {
            fail(fmt::format("a torchtitan loss file has 'STEP LOSS' on every line; found '{}'",
                             trace_lines::excerpt(line)));
        }
        const std::size_t blank = line.find_first_of(" \t");
        std::int64_t step = 0;
        if (!parse_step_text(line.substr(0, blank), step)) {
            fail(fmt::format("the step {} is too large", line.substr(0, blank)));
        }
        offer("loss", trim_blanks(line.substr(blank)));
        return step;
    }

    std::optional<std::int64_t> parse_metrics(std::string_view line) {
        const Start start = metrics_start(line);
        if (start.pairs == std::string_view::npos) {
            return std::nullopt;
        }
        std::int64_t step = 0;
        if (!parse_step_text(start.step, step)) {
            fail(fmt::format("the step {} is too large", start.step));
        }
        std::size_t i = start.pairs;
        while (true) {
            while (i < line.size() && is_space(line[i])) {
                ++i;
            }
            const std::size_t name_end = line.find_first_of(": \t", i);
            if (i >= line.size() || name_end == std::string_view::npos || line[name_end] != ':') {
                break;
            }
            const std::string_view name = line.substr(i, name_end - i);
            i = name_end + 1;
            while (i < line.size() && is_space(line[i])) {
                ++i;
            }
            const std::size_t value_end = std::min(line.find_first_of(" \t", i), line.size());
            add_value(name, line.substr(i, value_end - i), start.validation);
            i = value_end;
        }
        return step;
    }

    // "12.34GiB(15.67%)" is name 12.34 and name_pct 15.67.
    void add_value(std::string_view name, std::string_view value, bool validation) {
        const std::string field =
            validation ? fmt::format("validation {}", name) : std::string(name);
        const std::size_t paren = value.find('(');
        if (paren != std::string_view::npos && value.ends_with(')')) {
            add_number(field + "_pct", value.substr(paren + 1, value.size() - paren - 2));
            value = value.substr(0, paren);
        }
        add_number(field, value);
    }

    void add_number(const std::string& name, std::string_view value) {
        if (!without_thousands(value, m_plain)) {
            offer(name, value); // an error if it is a field asked for
            return;
        }
        const auto number = split_unit(m_plain);
        offer(name, number ? number->number : std::string_view(m_plain));
    }

    Kind m_kind = Kind::unknown;
    std::string m_plain;
};

Trace read_torchtitan_log(InputFile& input, const std::string& path, const ReadOptions& options) {
    TorchtitanLog log(path, options);
    return read_line_records(input, path, log);
}

} // namespace

bool is_torchtitan_log_line(std::string_view line) {
    return metrics_start(line).pairs != std::string_view::npos;
}

bool is_torchtitan_loss_line(std::string_view line) {
    line = trace_lines::trim(line);
    const std::size_t blank = line.find_first_of(" \t");
    if (blank == 0 || blank == std::string_view::npos) {
        return false;
    }
    for (const char c : line.substr(0, blank)) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    double loss = 0.0;
    return parse_number(line.substr(blank), loss) == NumberText::ok;
}

std::unique_ptr<LineRecordParser> make_torchtitan_log_parser(const std::string& path,
                                                             const ReadOptions& options) {
    return std::make_unique<TorchtitanLog>(path, options);
}

const InputFormat k_torchtitan_log_format{
    "torchtitan-log",
    "torchtitan's standard output ('step: N  loss: ...  grad_norm: ...' lines), or its "
    "'STEP LOSS' loss files",
    [](std::string_view head, const ReadOptions& /*options*/) {
        return stdout_format_of(head) == "torchtitan-log";
    },
    read_torchtitan_log};

} // namespace tracediff
