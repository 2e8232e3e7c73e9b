// Megatron-LM golden values as an input format: a JSON object of metrics,
//   {"lm loss": {"start_step": 0, "end_step": 50, "step_interval": 5, "values": [...]}}
// or, in the newer layout, "values" is an object keyed by iteration ({"1": 10.8, "5": 10.6}).
// A metric is a field. The list layout is Megatron's slice series[start_step:end_step:
// step_interval] of a series that holds every iteration from iteration 1 on, so start_step
// and end_step count positions from 0 and item i is at iteration
// start_step + i * step_interval + 1. Values are numbers, "inf" strings, bare NaN tokens (a
// NaN value), null (not logged), or the string "nan": Megatron's placeholder for an iteration
// the run did not log (a resumed run's golden values hold it for the iterations before the
// resumption), read as not logged, with a warning. Members that are not metric objects (old
// files hold plain numbers such as iteration_timing_avg) are skipped.
#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/read/step_table.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <optional>

#include "content_head.hpp"
#include "format_list.hpp"
#include "json_document.hpp"
#include "number_text.hpp"

namespace tracediff {

namespace {

using nlohmann::json;

// The object of a JSON document whose members are metrics with "values", and nothing that
// marks it as another kind of record.
bool recognise_megatron(std::string_view head, const ReadOptions& options) {
    const content_head::JsonHead h = content_head::scan_json(head);
    if (!h.object || h.several || h.with_values.empty() || h.has_key("log_history") ||
        h.has_key("kind") || (!options.step_key.empty() && h.has_key(options.step_key))) {
        return false;
    }
    return default_step_key(h.keys).empty();
}

// The iteration of item `i` of a list of values: start_step + i * step_interval + 1 (the list
// is a slice of a series whose position 0 is iteration 1); nothing when it is past the
// largest step (2^63 - 1).
std::optional<std::int64_t> list_step(std::int64_t start, std::int64_t interval, std::size_t i) {
    std::int64_t offset = 0;
    std::int64_t position = 0;
    std::int64_t step = 0;
    if (i > static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max()) ||
        __builtin_mul_overflow(static_cast<std::int64_t>(i), interval, &offset) ||
        __builtin_add_overflow(start, offset, &position) ||
        __builtin_add_overflow(position, 1, &step)) {
        return std::nullopt;
    }
    return step;
}

// "1-50, 60, 70-80": the steps, in order, as ranges of entries that follow one another in
// `all` (every step of the metric, in order).
std::string step_ranges(const std::vector<std::int64_t>& steps,
                        const std::vector<std::int64_t>& all) {
    std::vector<std::string> ranges;
    std::size_t k = 0; // index into all
    for (std::size_t i = 0; i < steps.size();) {
        while (all[k] != steps[i]) {
            ++k;
        }
        std::size_t j = i + 1;
        while (j < steps.size() && k + (j - i) < all.size() && all[k + (j - i)] == steps[j]) {
            ++j;
        }
        ranges.push_back(j - i == 1 ? fmt::format("{}", steps[i])
                                    : fmt::format("{}-{}", steps[i], steps[j - 1]));
        k += j - i;
        i = j;
    }
    return fmt::format("{}", fmt::join(ranges, ", "));
}

class GoldenValues {
public:
    GoldenValues(std::string display, const ReadOptions& options)
        : m_display(std::move(display)), m_columns(columns_of(options.fields)) {}

    void read_metric(const std::string& name, const json& metric);
    // Adds one record per step, in order; `steps` gets the step of each.
    void fill(StepTable& table, std::vector<std::int64_t>& steps) const;
    const std::vector<std::string>& metrics() const { return m_metrics; }
    // The warnings about "nan" placeholders read as not logged, one per metric read.
    std::vector<std::string> placeholder_warnings() const;
    // Throws Error when a required field is read from metrics that hold only placeholders.
    void refuse_only_placeholders(const std::vector<FieldRequest>& fields) const;

private:
    // What each step of a metric holds, for the warnings about placeholders.
    struct MetricSteps {
        std::vector<std::int64_t> all;          // every step of the metric
        std::vector<std::int64_t> placeholders; // the steps whose value is the string "nan"
    };

    [[noreturn]] void fail(const std::string& name, const std::string& what) const {
        throw Error(fmt::format("{}: metric '{}': {}", m_display, name, what));
    }
    std::int64_t integer_member(const std::string& name, const json& metric, const char* key,
                                std::int64_t least) const;
    void take(const std::string& name, std::size_t column, std::int64_t step, const json& item,
              const std::string& where);
    void read_list(const std::string& name, std::size_t column, const json& metric,
                   const json& values);
    void add(std::size_t column, std::int64_t step, double value);
    std::string placeholder_text(const std::string& name) const;

    std::string m_display;
    std::vector<std::string> m_columns;
    std::vector<std::string> m_metrics;
    std::map<std::int64_t, std::vector<double>> m_rows; // step -> one value per column
    std::map<std::string, MetricSteps> m_steps;         // per metric read as a column
};

std::int64_t GoldenValues::integer_member(const std::string& name, const json& metric,
                                          const char* key, std::int64_t least) const {
    const auto it = metric.find(key);
    if (it == metric.end()) {
        fail(name, fmt::format("a list of values needs '{}'", key));
    }
    if (!it->is_number_integer() || it->get<std::int64_t>() < least) {
        fail(name, fmt::format("'{}' must be an integer >= {}, found {}", key, least,
                               describe_document_value(*it)));
    }
    return it->get<std::int64_t>();
}

// Adds the value `item` of metric `name` at `step`. null is not logged; the string "nan" (in
// any case) is Megatron's placeholder for a step the run did not log: the step is left out of
// the metric, and noted for the warning. A bare NaN token is a NaN value.
void GoldenValues::take(const std::string& name, std::size_t column, std::int64_t step,
                        const json& item, const std::string& where) {
    double value = 0.0;
    bool placeholder = false;
    if (item.is_null()) {
        value = missing_value();
    } else if (const auto number = document_number(item)) {
        value = *number;
    } else if (item.is_string() &&
               parse_number(item.get_ref<const std::string&>(), value) == NumberText::ok) {
        placeholder = std::isnan(value); // "nan"; "inf" and "-inf" are infinite values
    } else {
        fail(name,
             fmt::format("{} must be a number, found {}", where, describe_document_value(item)));
    }
    if (column < m_columns.size()) {
        MetricSteps& steps = m_steps[name];
        steps.all.push_back(step);
        if (placeholder) {
            steps.placeholders.push_back(step);
        }
    }
    if (!placeholder) {
        add(column, step, value);
    }
}

void GoldenValues::add(std::size_t column, std::int64_t step, double value) {
    auto [it, inserted] = m_rows.try_emplace(step);
    if (inserted) {
        it->second.assign(m_columns.size(), missing_value());
    }
    if (column < m_columns.size()) {
        it->second[column] = value;
    }
}

void GoldenValues::read_list(const std::string& name, std::size_t column, const json& metric,
                             const json& values) {
    const std::int64_t start = integer_member(name, metric, "start_step", 0);
    const std::int64_t interval = integer_member(name, metric, "step_interval", 1);
    std::optional<std::int64_t> end;
    if (metric.contains("end_step")) {
        end = integer_member(name, metric, "end_step", start);
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
        const std::optional<std::int64_t> step = list_step(start, interval, i);
        if (!step) {
            fail(name, fmt::format("values[{}] is past the largest step, {} (start_step {}, "
                                   "step_interval {})",
                                   i, std::numeric_limits<std::int64_t>::max(), start, interval));
        }
        // The list is series[start_step:end_step:step_interval]: the item at position p (step
        // p + 1) is in it when p < end_step.
        if (end && *step > *end) {
            fail(name, fmt::format("values[{}] is at step {}, past end_step {}: 'values' has more "
                                   "items than its steps",
                                   i, *step, *end));
        }
        take(name, column, *step, values[i], fmt::format("values[{}]", i));
    }
}

void GoldenValues::read_metric(const std::string& name, const json& metric) {
    m_metrics.push_back(name);
    const std::size_t column = static_cast<std::size_t>(
        std::find(m_columns.begin(), m_columns.end(), name) - m_columns.begin());
    const json& values = metric["values"];
    if (values.is_array()) {
        read_list(name, column, metric, values);
    } else if (values.is_object()) {
        std::map<std::int64_t, std::string> keys; // "5" and "05" are one step
        for (const auto& [key, item] : values.items()) {
            std::int64_t step = 0;
            if (!parse_step_text(key, step) || key.find_first_of(" \t") != std::string::npos) {
                fail(name, fmt::format("the key '{}' of 'values' is not a step number", key));
            }
            if (const auto [it, fresh] = keys.emplace(step, key); !fresh) {
                fail(name, fmt::format("step {} is given twice in 'values' (keys '{}' and '{}')",
                                       step, it->second, key));
            }
            take(name, column, step, item, fmt::format("values[\"{}\"]", key));
        }
    } else {
        fail(name, fmt::format("'values' must be a list, or an object keyed by step; found {}",
                               values.type_name()));
    }
}

// "the string "nan" at steps 1-50 (11 values)" for metric `name`.
std::string GoldenValues::placeholder_text(const std::string& name) const {
    MetricSteps steps = m_steps.at(name);
    std::sort(steps.all.begin(), steps.all.end()); // an object's keys come in text order
    std::sort(steps.placeholders.begin(), steps.placeholders.end());
    const std::size_t n = steps.placeholders.size();
    return fmt::format("the string \"nan\" at {} {} ({} {})", n == 1 ? "step" : "steps",
                       step_ranges(steps.placeholders, steps.all), n, n == 1 ? "value" : "values");
}

std::vector<std::string> GoldenValues::placeholder_warnings() const {
    std::vector<std::string> warnings;
    for (const std::string& name : m_metrics) {
        const auto it = m_steps.find(name);
        if (it != m_steps.end() && !it->second.placeholders.empty()) {
            warnings.push_back(fmt::format(
                "{}: metric '{}': {} read as not logged: Megatron writes \"nan\" for the steps "
                "a run did not log (a resumed run's golden values, for the steps before it "
                "resumed)",
                m_display, name, placeholder_text(name)));
        }
    }
    return warnings;
}

void GoldenValues::refuse_only_placeholders(const std::vector<FieldRequest>& fields) const {
    for (const FieldRequest& field : fields) {
        const std::string* only_placeholders = nullptr;
        bool has_values = false;
        for (const std::string& source : field.source_names()) {
            const auto it = m_steps.find(source);
            if (it == m_steps.end()) {
                continue;
            }
            has_values = has_values || it->second.placeholders.size() < it->second.all.size();
            if (only_placeholders == nullptr && !it->second.placeholders.empty()) {
                only_placeholders = &it->first;
            }
        }
        if (field.required && !has_values && only_placeholders != nullptr) {
            fail(*only_placeholders,
                 fmt::format("{} and no other value: Megatron writes \"nan\" for the steps a "
                             "run did not log, so the file has no value of it",
                             placeholder_text(*only_placeholders)));
        }
    }
}

void GoldenValues::fill(StepTable& table, std::vector<std::int64_t>& steps) const {
    // The document's text is gone once parsed; its numbers were written in shortest form.
    std::vector<std::int8_t> decimals(m_columns.size());
    for (const auto& [step, row] : m_rows) {
        steps.push_back(step);
        for (std::size_t c = 0; c < row.size(); ++c) {
            decimals[c] = is_missing_value(row[c]) ? std::int8_t{-1} : shortest_decimals(row[c]);
        }
        table.add(step, row.data(), decimals.data(), steps.size());
    }
}

Trace read_megatron(InputFile& input, const std::string& path, const ReadOptions& options) {
    const std::string display = display_path(path);
    const json document = read_json_document(input, display);
    if (!document.is_object()) {
        throw Error(fmt::format("{}: golden values are a JSON object of metrics, found {}", display,
                                document.type_name()));
    }
    GoldenValues golden(display, options);
    for (const auto& [name, metric] : document.items()) {
        if (metric.is_object() && metric.contains("values")) {
            golden.read_metric(name, metric);
            // A band (tracediff golden of reruns) keys "std", "min" and "max" like "values":
            // the fields "NAME.std", "NAME.min" and "NAME.max".
            for (const char* part : {"std", "min", "max"}) {
                if (metric.contains(part) && metric[part].is_object()) {
                    json edge = metric;
                    edge["values"] = metric[part];
                    golden.read_metric(name + "." + part, edge);
                }
            }
        }
    }
    if (golden.metrics().empty()) {
        throw Error(fmt::format("{}: no metrics (a metric is an object with \"values\")", display));
    }
    auto steps = std::make_shared<std::vector<std::int64_t>>();
    StepTable table(display, options.fields,
                    RecordLocator{[display, steps](std::size_t n) {
                                      return fmt::format("{}: step {}", display, (*steps)[n - 1]);
                                  },
                                  "step"});
    golden.refuse_only_placeholders(options.fields);
    golden.fill(table, *steps);
    Trace trace;
    trace.path = path;
    trace.warnings = golden.placeholder_warnings();
    if (table.empty()) {
        throw Error(fmt::format("{}: no step records (every metric's values are empty)", display));
    }
    table.build(trace, fmt::format("the metrics are: {}", fmt::join(golden.metrics(), ", ")));
    return trace;
}

} // namespace

const InputFormat k_megatron_format{
    "megatron", "Megatron-LM golden values: metrics with start_step, step_interval and values",
    recognise_megatron, read_megatron};

} // namespace tracediff
