// MLPerf logging (mlcommons/logging's mllog) as an input format: one event per line,
//   :::MLLOG {"namespace": "", "time_ms": 1700000000000, "event_type": "POINT_IN_TIME",
//   "key": "eval_accuracy", "value": 0.7215, "metadata": {"file": "train.py", "lineno": 88,
//   "epoch_num": 3}}
// (one line), possibly after a prefix (a rank, "0: "). Each event's `key` is a field with its
// `value`, at the step of its metadata: `step_num`, else `samples_count`, else `epoch_num`
// (--step-key names another metadata member). Events without a step (run_start, the
// submission facts), events whose value is not a number (a string, true, null) and other lines
// are skipped and counted; a step that is not a whole number (DLRM's fractional epoch_num) skips
// the event with a warning. A line with :::MLLOG whose event is not valid JSON is an error.
#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/read/line_record_parser.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <limits>
#include <variant>

#include "format_list.hpp"
#include "number_text.hpp"
#include "tolerant_line.hpp"
#include "trace_lines.hpp"

namespace tracediff {

namespace {

constexpr std::string_view k_tag = ":::MLLOG";
constexpr std::array<const char*, 3> k_step_members = {"step_num", "samples_count", "epoch_num"};

// A whole, non-negative step; nothing for another number or value.
std::optional<std::int64_t> whole_step(const Json& value, bool markers) {
    if (value.is_number_unsigned()) {
        const auto n = value.get<std::uint64_t>();
        return n <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())
                   ? std::optional<std::int64_t>(static_cast<std::int64_t>(n))
                   : std::nullopt;
    }
    if (value.is_number_integer()) {
        const auto n = value.get<std::int64_t>();
        return n >= 0 ? std::optional<std::int64_t>(n) : std::nullopt;
    }
    const auto number = number_of(value, markers);
    if (!number || !std::isfinite(*number) || *number < 0 || *number >= 9.2e18 ||
        std::floor(*number) != *number) {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(*number);
}

class Mllog final : public LineRecordParser {
public:
    Mllog(const std::string& path, const ReadOptions& options)
        : LineRecordParser(k_mllog_format.name, path, options), m_step_key(options.step_key) {}

private:
    std::optional<std::int64_t> parse(std::string_view line) override {
        const std::size_t at = line.find(k_tag);
        if (at == std::string_view::npos) {
            return std::nullopt;
        }
        const TolerantRecord event = parse_event(trace_lines::trim(line.substr(at + k_tag.size())));
        const auto key = event.value.find("key");
        if (key == event.value.end() || !key->is_string()) {
            fail(fmt::format("the :::MLLOG event's 'key' is {}, not a string",
                             key == event.value.end() ? "missing"
                                                      : describe_value(*key, event.markers)));
        }
        const auto found = event.value.find("value");
        if (found == event.value.end()) {
            return std::nullopt;
        }
        const auto number = number_of(*found, event.markers);
        if (!number || found->is_boolean()) {
            return std::nullopt; // a string, null, a list: not a value to compare
        }
        const auto step = step_of(event);
        if (!step) {
            return std::nullopt;
        }
        const std::int8_t decimals = found->is_number_integer()
                                         ? std::int8_t{0}
                                         : (found->is_number() ? shortest_decimals(*number) : -1);
        offer_value(key->get_ref<const std::string&>(), *number, decimals);
        return *step;
    }

    TolerantRecord parse_event(std::string_view text) {
        try {
            auto parsed = parse_tolerant_line(text);
            if (const auto* bad = std::get_if<UnparsableLine>(&parsed)) {
                fail(fmt::format("the :::MLLOG event is not valid JSON: {} at column {}",
                                 bad->reason, bad->column));
            }
            auto& event = std::get<TolerantRecord>(parsed);
            if (!event.value.is_object()) {
                fail(fmt::format("the :::MLLOG event is {}, not a JSON object",
                                 type_of(event.value, event.markers)));
            }
            return std::move(event);
        } catch (const LineError& e) {
            fail(e.message);
        }
    }

    // The step of the event's metadata; nothing when it has none (or one that is not whole).
    std::optional<std::int64_t> step_of(const TolerantRecord& event) {
        const auto metadata = event.value.find("metadata");
        if (metadata == event.value.end() || !metadata->is_object()) {
            return std::nullopt;
        }
        for (const char* member : k_step_members) {
            const std::string name = m_step_key.empty() ? member : m_step_key;
            const auto it = metadata->find(name);
            if (it == metadata->end() || it->is_null()) {
                if (!m_step_key.empty()) {
                    return std::nullopt;
                }
                continue;
            }
            auto step = whole_step(*it, event.markers);
            if (!step && !m_warned) {
                m_warned = true;
                trace().warnings.push_back(fmt::format(
                    "{}:{}: the event's step (metadata {} {}) is not a whole number >= 0; events "
                    "with such a step are skipped",
                    display(), line_number(), name, describe_value(*it, event.markers)));
            }
            return step;
        }
        return std::nullopt;
    }

    std::string m_step_key;
    bool m_warned = false;
};

Trace read_mllog(InputFile& input, const std::string& path, const ReadOptions& options) {
    Mllog log(path, options);
    return read_line_records(input, path, log);
}

} // namespace

bool is_mllog_line(std::string_view line) {
    const std::size_t at = line.find(k_tag);
    return at != std::string_view::npos &&
           trace_lines::trim(line.substr(at + k_tag.size())).starts_with('{');
}

std::unique_ptr<LineRecordParser> make_mllog_parser(const std::string& path,
                                                    const ReadOptions& options) {
    return std::make_unique<Mllog>(path, options);
}

const InputFormat k_mllog_format{
    "mllog",
    "MLPerf logging (':::MLLOG {json}' lines): each event's key is a field, at the step of its "
    "metadata",
    [](std::string_view head, const ReadOptions& /*options*/) {
        return stdout_format_of(head) == "mllog";
    },
    read_mllog};

} // namespace tracediff
