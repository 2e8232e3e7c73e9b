#include "tensorboard_events.hpp"

#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/read/tfrecord.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <bit>
#include <optional>

namespace tracediff {

namespace {

// TensorFlow's DataType numbers.
constexpr int k_dt_float = 1;
constexpr int k_dt_double = 2;

std::optional<double> tensor_scalar(const tb::TensorProto& t) {
    for (const auto& dim : t.tensor_shape().dim()) {
        if (dim.size() != 1) {
            return std::nullopt; // more (or fewer) than one element
        }
    }
    const std::string& content = t.tensor_content();
    if (t.dtype() == k_dt_float) {
        if (content.size() == 4) {
            std::uint32_t bits = 0;
            for (int i = 3; i >= 0; --i) {
                bits = bits << 8 | static_cast<unsigned char>(content[static_cast<std::size_t>(i)]);
            }
            return static_cast<double>(std::bit_cast<float>(bits));
        }
        if (content.empty() && t.float_val_size() == 1) {
            return static_cast<double>(t.float_val(0));
        }
    } else if (t.dtype() == k_dt_double) {
        if (content.size() == 8) {
            std::uint64_t bits = 0;
            for (int i = 7; i >= 0; --i) {
                bits = bits << 8 | static_cast<unsigned char>(content[static_cast<std::size_t>(i)]);
            }
            return std::bit_cast<double>(bits);
        }
        if (content.empty() && t.double_val_size() == 1) {
            return t.double_val(0);
        }
    }
    return std::nullopt;
}

std::optional<double> scalar_of(const tb::Summary::Value& v) {
    if (v.has_simple_value()) {
        return static_cast<double>(v.simple_value());
    }
    if (v.has_tensor()) {
        return tensor_scalar(v.tensor());
    }
    return std::nullopt;
}

} // namespace

std::size_t EventReader::column_of(const std::string& tag) {
    const auto [it, fresh] = m_column_of_tag.try_emplace(tag, std::string::npos);
    if (fresh) {
        const auto& columns = m_table.columns();
        const auto column = std::find(columns.begin(), columns.end(), tag);
        if (column != columns.end()) {
            it->second = static_cast<std::size_t>(column - columns.begin());
        }
        m_tags.push_back(tag);
    }
    return it->second;
}

void EventReader::add_event(const tb::Event& event, std::size_t file, std::uint64_t offset) {
    std::fill(m_values.begin(), m_values.end(), missing_value());
    bool any_scalar = false;
    for (const auto& value : event.summary().value()) {
        const std::optional<double> scalar = scalar_of(value);
        if (!scalar) {
            ++m_trace.non_scalar_values;
            continue;
        }
        any_scalar = true;
        if (const std::size_t c = column_of(value.tag()); c != std::string::npos) {
            m_values[c] = *scalar;
        }
    }
    if (!any_scalar) {
        return;
    }
    if (event.step() < 0) {
        throw Error(fmt::format("{}: record at byte offset {}: the step must not be negative, "
                                "found {}",
                                display_path(m_files->paths[file]), offset, event.step()));
    }
    m_files->places.push_back((std::uint64_t{file} << k_file_shift) + offset);
    m_table.add(event.step(), m_values.data(), m_files->places.size());
}

// Reserves room for the records of the whole file, judged by its first events.
void EventReader::estimate(const InputFile& input, std::uint64_t offset, std::size_t events) {
    if (const auto size = input.plain_size(); size && offset > 0) {
        const auto records =
            static_cast<std::size_t>(static_cast<double>(*size) / static_cast<double>(offset) *
                                     1.05 * static_cast<double>(events));
        m_table.reserve(m_table.size() + records);
        m_files->places.reserve(m_files->places.size() + records);
    }
}

void EventReader::add_record(std::string_view data, std::size_t file, std::uint64_t offset) {
    if (!m_event.ParseFromArray(data.data(), static_cast<int>(data.size()))) {
        throw Error(fmt::format("{}: record at byte offset {}: not a TensorBoard event "
                                "(the protobuf message does not parse)",
                                display_path(m_files->paths[file]), offset));
    }
    if (m_event.has_summary()) {
        add_event(m_event, file, offset);
    }
}

void EventReader::note_truncation(const std::string& warning) {
    m_trace.truncated_last_line = true;
    m_trace.warnings.push_back(warning);
}

void EventReader::read_file(InputFile& input, std::size_t file) {
    TfRecordReader records(input, display_path(m_files->paths[file]));
    std::string_view data;
    std::uint64_t offset = 0;
    std::size_t events = 0;
    while (records.next(data, offset)) {
        if (++events == k_events_to_estimate) {
            estimate(input, offset, events);
        }
        add_record(data, file, offset);
    }
    if (records.truncation()) {
        note_truncation(*records.truncation());
    }
}

std::optional<Trace> EventReader::snapshot(std::size_t records) const {
    return m_table.snapshot(m_trace, records);
}

Trace EventReader::finish(const std::string& display) {
    if (m_table.empty()) {
        throw Error(fmt::format("{}: no scalar values (a TensorBoard scalar is a simple_value, or "
                                "a float or double tensor of one element)",
                                display));
    }
    m_table.build(m_trace, fmt::format("the scalar tags are: {}", fmt::join(m_tags, ", ")));
    return std::move(m_trace);
}

} // namespace tracediff
