#include "tracediff/read/step_table.hpp"

#include "tracediff/error.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <numeric>

namespace tracediff {

StepTable::StepTable(std::string display, std::vector<FieldRequest> fields)
    : m_display(std::move(display)), m_fields(std::move(fields)) {
    m_values.resize(m_fields.size());
}

void StepTable::reserve(std::size_t records) {
    m_steps.reserve(records);
    for (auto& v : m_values) {
        v.reserve(records);
    }
}

std::size_t StepTable::line_of(std::size_t record) const {
    const auto it =
        std::upper_bound(m_marks.begin(), m_marks.end(), record,
                         [](std::size_t r, const LineMark& mark) { return r < mark.record; });
    const LineMark& mark = *(it - 1); // the first mark is record 0
    return mark.line + (record - mark.record);
}

// The records that survive, ordered by step; empty when that is all of them in input order
// (the usual case: steps strictly increasing). Counts and reports the replaced records.
std::vector<std::size_t> StepTable::order_by_step(Trace& trace) {
    const std::size_t n = m_steps.size();
    bool strictly_increasing = true;
    for (std::size_t i = 1; i < n && strictly_increasing; ++i) {
        strictly_increasing = m_steps[i] > m_steps[i - 1];
    }
    if (strictly_increasing) {
        return {};
    }
    // Order the records by step, keeping input order among records of the same step.
    std::vector<std::size_t> kept(n);
    std::iota(kept.begin(), kept.end(), std::size_t{0});
    if (!std::is_sorted(m_steps.begin(), m_steps.end())) {
        std::stable_sort(kept.begin(), kept.end(),
                         [&](std::size_t x, std::size_t y) { return m_steps[x] < m_steps[y]; });
    }
    // Of the records that share a step, the one written last wins.
    std::size_t out = 0;
    std::size_t first_repeat = n; // record index of the earliest repeat
    for (std::size_t i = 0; i < n; ++i) {
        const bool last_of_step = i + 1 == n || m_steps[kept[i + 1]] != m_steps[kept[i]];
        if (last_of_step) {
            kept[out++] = kept[i];
            continue;
        }
        ++trace.duplicate_records;
        const std::size_t repeat = kept[i + 1];
        if (repeat < first_repeat) {
            first_repeat = repeat;
            trace.first_duplicate_step = m_steps[kept[i]];
        }
    }
    kept.resize(out);
    kept.shrink_to_fit();
    if (trace.duplicate_records > 0) {
        trace.warnings.push_back(fmt::format(
            "{}:{}: step {} appears more than once; the last record of each step wins ({} "
            "earlier {} replaced)",
            m_display, line_of(first_repeat), trace.first_duplicate_step, trace.duplicate_records,
            trace.duplicate_records == 1 ? "record" : "records"));
    }
    return kept;
}

// The series of field f over the kept records. The last field may take the step column.
FieldSeries StepTable::build_field(std::size_t f, const std::vector<std::size_t>& kept, bool last) {
    const bool identity = kept.empty();
    const std::size_t count = identity ? m_steps.size() : kept.size();
    const auto record_at = [&](std::size_t i) {
        return identity ? i : kept[i];
    };
    FieldSeries fs;
    fs.name = m_fields[f].name;
    std::vector<double>& values = m_values[f];
    std::size_t first_without = m_steps.size(); // record index
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t r = record_at(i);
        if (is_missing_value(values[r])) {
            ++fs.records_without;
            first_without = std::min(first_without, r);
        }
    }
    if (identity && fs.records_without == 0) {
        // The columns as they are.
        fs.series.steps = last ? std::move(m_steps) : m_steps;
        fs.series.values = std::move(values);
    } else {
        const std::size_t present = count - fs.records_without;
        fs.series.steps.reserve(present);
        fs.series.values.reserve(present);
        for (std::size_t i = 0; i < count; ++i) {
            const std::size_t r = record_at(i);
            if (!is_missing_value(values[r])) {
                fs.series.steps.push_back(m_steps[r]);
                fs.series.values.push_back(values[r]);
            }
        }
        std::vector<double>().swap(values);
    }
    if (fs.records_without > 0) {
        fs.first_line_without = line_of(first_without);
    }
    return fs;
}

void StepTable::build(Trace& trace, const std::vector<std::string>& first_keys) {
    const std::size_t first_line = this->first_line();
    const std::vector<std::size_t> kept = order_by_step(trace);
    trace.step_records = kept.empty() ? m_steps.size() : kept.size();
    for (std::size_t f = 0; f < m_fields.size(); ++f) {
        FieldSeries fs = build_field(f, kept, f + 1 == m_fields.size());
        if (fs.series.empty() && m_fields[f].required) {
            throw Error(fmt::format("{}: no step record has the field '{}' (the first step "
                                    "record, on line {}, has: {})",
                                    m_display, fs.name, first_line, fmt::join(first_keys, ", ")));
        }
        if (!fs.series.empty() && fs.records_without > 0) {
            trace.warnings.push_back(
                fmt::format("{}:{}: skipped {} step {} without '{}' (this line is the first)",
                            m_display, fs.first_line_without, fs.records_without,
                            fs.records_without == 1 ? "record" : "records", fs.name));
        }
        trace.fields.push_back(std::move(fs));
    }
    m_steps.clear();
    m_marks.clear();
}

} // namespace tracediff
