// HuggingFace Trainer's trainer_state.json as an input format: the entries of its log_history,
// each with a step ("step", or --step-key) and numbers such as loss, learning_rate, grad_norm,
// eval_loss. A training entry and an evaluation entry of one step are one step with both.
#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/read/step_table.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <limits>
#include <set>

#include "content_head.hpp"
#include "format_list.hpp"
#include "json_document.hpp"
#include "json_member.hpp"
#include "number_text.hpp"

namespace tracediff {

namespace {

using nlohmann::json;

bool recognise_trainer_state(std::string_view head, const ReadOptions& /*options*/) {
    const content_head::JsonHead h = content_head::scan_json(head);
    return h.object && !h.several && h.has_key("log_history");
}

class LogHistory {
public:
    LogHistory(const std::string& display, const ReadOptions& options, const RecordLocator& locator)
        : m_display(display), m_step_key(options.step_key),
          m_table(display, options.fields, locator), m_values(m_table.columns().size()) {}

    void read_entry(const json& entry, std::size_t index);
    Trace finish(const std::string& path);

private:
    [[noreturn]] void fail(std::size_t index, const std::string& what) const {
        throw Error(fmt::format("{}: log_history[{}]: {}", m_display, index, what));
    }
    std::int64_t step_of(const json& entry, std::size_t index);

    std::string m_display;
    std::string m_step_key; // empty until the first entry with a default step member
    StepTable m_table;
    std::vector<double> m_values;
    std::set<std::string> m_keys; // every member of every entry, for messages
};

std::int64_t LogHistory::step_of(const json& entry, std::size_t index) {
    if (m_step_key.empty()) {
        std::vector<std::string> keys;
        for (const auto& [key, value] : entry.items()) {
            keys.push_back(key);
        }
        m_step_key = default_step_key(keys);
    }
    const json* step = m_step_key.empty() ? nullptr : find_member(entry, m_step_key);
    if (step == nullptr) {
        fail(index, fmt::format("no step member ({})",
                                m_step_key.empty()
                                    ? fmt::format("{}", fmt::join(k_default_step_keys, ", "))
                                    : "'" + m_step_key + "'"));
    }
    if (step->is_number_unsigned() &&
        step->get<std::uint64_t>() <=
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return static_cast<std::int64_t>(step->get<std::uint64_t>());
    }
    fail(index, fmt::format("'{}' must be a non-negative integer, found {}", m_step_key,
                            describe_document_value(*step)));
}

void LogHistory::read_entry(const json& entry, std::size_t index) {
    if (!entry.is_object()) {
        fail(index, fmt::format("an entry must be an object, found {}", entry.type_name()));
    }
    const std::int64_t step = step_of(entry, index);
    for (const auto& [key, value] : entry.items()) {
        m_keys.insert(key);
    }
    const auto& columns = m_table.columns();
    std::vector<std::int8_t> decimals(columns.size(), -1);
    for (std::size_t c = 0; c < columns.size(); ++c) {
        const json* value = find_member(entry, columns[c]);
        m_values[c] = missing_value();
        if (value != nullptr && !value->is_null()) {
            const auto number = document_number(*value);
            if (!number) {
                fail(index, fmt::format("'{}' must be a number, found {}", columns[c],
                                        describe_document_value(*value)));
            }
            m_values[c] = *number;
            // The document's numbers were written in shortest form; its text is gone.
            decimals[c] = value->is_number_float() ? shortest_decimals(*number)
                          : value->is_number()     ? 0
                                                   : -1;
        }
    }
    m_table.add(step, m_values.data(), decimals.data(), index + 1);
}

Trace LogHistory::finish(const std::string& path) {
    Trace trace;
    trace.path = path;
    if (m_table.empty()) {
        throw Error(fmt::format("{}: no step records: log_history is empty", m_display));
    }
    m_table.build(trace, fmt::format("the log_history entries have: {}", fmt::join(m_keys, ", ")));
    return trace;
}

Trace read_trainer_state(InputFile& input, const std::string& path, const ReadOptions& options) {
    const std::string display = display_path(path);
    const json document = read_json_document(input, display);
    const auto history = document.is_object() ? document.find("log_history") : document.end();
    if (!document.is_object() || history == document.end() || !history->is_array()) {
        throw Error(fmt::format("{}: a trainer_state.json has a list 'log_history'", display));
    }
    const RecordLocator locator{
        [display](std::size_t n) { return fmt::format("{}: log_history[{}]", display, n - 1); },
        "entry"};
    LogHistory log(display, options, locator);
    for (std::size_t i = 0; i < history->size(); ++i) {
        log.read_entry((*history)[i], i);
    }
    return log.finish(path);
}

} // namespace

const InputFormat k_trainer_state_format{
    "trainer-state", "HuggingFace trainer_state.json: the entries of its log_history",
    recognise_trainer_state, read_trainer_state};

} // namespace tracediff
