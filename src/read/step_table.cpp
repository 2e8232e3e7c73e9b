#include "tracediff/read/step_table.hpp"

#include "tracediff/error.hpp"
#include "tracediff/io/huge_pages.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <numeric>

namespace tracediff {

std::vector<std::string> columns_of(const std::vector<FieldRequest>& fields) {
    std::vector<std::string> columns;
    for (const FieldRequest& f : fields) {
        for (const std::string& name : f.source_names()) {
            if (std::find(columns.begin(), columns.end(), name) == columns.end()) {
                columns.push_back(name);
            }
        }
    }
    return columns;
}

StepTable::StepTable(std::string display, std::vector<FieldRequest> fields, RecordLocator locator)
    : m_display(std::move(display)), m_fields(std::move(fields)), m_locator(std::move(locator)),
      m_columns(columns_of(m_fields)) {
    m_values.resize(m_columns.size());
    m_text.resize(m_columns.size());
    for (const FieldRequest& f : m_fields) {
        std::vector<std::size_t>& sources = m_sources.emplace_back();
        for (const std::string& name : f.source_names()) {
            sources.push_back(static_cast<std::size_t>(
                std::find(m_columns.begin(), m_columns.end(), name) - m_columns.begin()));
        }
    }
}

void StepTable::start_decimals() {
    m_decimals.resize(m_values.size());
    for (auto& d : m_decimals) {
        reserve_in_huge_pages(d, m_steps.capacity());
    }
}

void StepTable::note_decimal_text() {
    for (std::size_t c = 0; c < m_decimals.size(); ++c) {
        m_text[c] = {};
        for (const std::int8_t d : m_decimals[c]) {
            m_text[c].note(d);
        }
    }
}

void StepTable::reserve(std::size_t records) {
    reserve_in_huge_pages(m_steps, records);
    for (auto& v : m_values) {
        reserve_in_huge_pages(v, records);
    }
    for (auto& d : m_decimals) {
        reserve_in_huge_pages(d, records);
    }
}

void StepTable::grow() {
    reserve(std::max<std::size_t>(256, 2 * m_steps.capacity()));
}

std::string StepTable::where(std::size_t line) const {
    return m_locator.where ? m_locator.where(line) : fmt::format("{}:{}", m_display, line);
}

std::size_t StepTable::line_of(std::size_t record) const {
    const auto it =
        std::upper_bound(m_marks.begin(), m_marks.end(), record,
                         [](std::size_t r, const LineMark& mark) { return r < mark.record; });
    const LineMark& mark = *(it - 1); // the first mark is record 0
    return mark.line + (record - mark.record);
}

// Merges the records order[begin, end) of one step into `out`: each column takes the value of
// the last record that has it. Returns how many records lost a value to a later record of the
// step, and the input index of the earliest record that repeats a column of an earlier one
// (m_steps.size() when none does).
StepTable::MergeCount StepTable::merge_step(const std::vector<std::size_t>& order,
                                            std::size_t begin, std::size_t end, Merged& out) const {
    const std::size_t last = order[end - 1];
    out.steps.push_back(m_steps[last]);
    out.record_of.push_back(last);
    MergeCount count{0, m_steps.size()};
    const bool decimals = !m_decimals.empty();
    if (end - begin == 1) {
        for (std::size_t c = 0; c < m_columns.size(); ++c) {
            out.values[c].push_back(m_values[c][last]);
            if (decimals) {
                out.decimals[c].push_back(m_decimals[c][last]);
            }
        }
        return count;
    }
    // A value replaces another only when it differs (bit for bit): a record that repeats a
    // value (Lightning writes the epoch on every row) loses nothing.
    const auto bits = [](double v) {
        return std::bit_cast<std::uint64_t>(v);
    };
    std::vector<bool> lost(end - begin, false); // per position: a value of the record replaced
    for (std::size_t c = 0; c < m_columns.size(); ++c) {
        const std::vector<double>& column = m_values[c];
        std::size_t last_given = end;
        for (std::size_t k = begin; k < end; ++k) {
            const double v = column[order[k]];
            if (is_missing_value(v)) {
                continue;
            }
            if (last_given != end && bits(v) != bits(column[order[last_given]])) {
                count.first_repeat = std::min(count.first_repeat, order[k]);
            }
            last_given = k;
        }
        const double value = last_given == end ? missing_value() : column[order[last_given]];
        out.values[c].push_back(value);
        if (decimals) {
            out.decimals[c].push_back(last_given == end ? std::int8_t{-1}
                                                        : m_decimals[c][order[last_given]]);
        }
        for (std::size_t k = begin; k < last_given && last_given != end; ++k) {
            const double v = column[order[k]];
            lost[k - begin] = lost[k - begin] || (!is_missing_value(v) && bits(v) != bits(value));
        }
    }
    count.replaced = static_cast<std::size_t>(std::count(lost.begin(), lost.end(), true));
    return count;
}

// Orders the records by step and merges the records of each step (the usual case, steps
// strictly increasing, needs neither). Counts and reports the records whose values a later
// record of the same step replaced.
void StepTable::merge_by_step(Trace& trace) {
    const std::size_t n = m_steps.size();
    bool strictly_increasing = true;
    for (std::size_t i = 1; i < n && strictly_increasing; ++i) {
        strictly_increasing = m_steps[i] > m_steps[i - 1];
    }
    if (strictly_increasing) {
        return;
    }
    // Order the records by step, keeping input order among records of the same step.
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    if (!std::is_sorted(m_steps.begin(), m_steps.end())) {
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t x, std::size_t y) { return m_steps[x] < m_steps[y]; });
    }
    Merged out;
    out.values.resize(m_columns.size());
    out.decimals.resize(m_decimals.empty() ? 0 : m_columns.size());
    std::size_t first_repeat = n; // record index of the earliest repeat
    for (std::size_t i = 0; i < n;) {
        std::size_t j = i + 1;
        while (j < n && m_steps[order[j]] == m_steps[order[i]]) {
            ++j;
        }
        const MergeCount count = merge_step(order, i, j, out);
        trace.duplicate_records += count.replaced;
        if (count.first_repeat < first_repeat) {
            first_repeat = count.first_repeat;
            trace.first_duplicate_step = m_steps[first_repeat];
        }
        i = j;
    }
    m_steps = std::move(out.steps);
    m_values = std::move(out.values);
    m_decimals = std::move(out.decimals);
    m_record_of = std::move(out.record_of);
    if (trace.duplicate_records > 0) {
        trace.warnings.push_back(fmt::format(
            "{}: step {} is logged more than once with different values; the records of a "
            "step are merged, and the last value of a field wins (values of {} earlier {} "
            "replaced)",
            where(line_of(first_repeat)), trace.first_duplicate_step, trace.duplicate_records,
            trace.duplicate_records == 1 ? "record" : "records"));
    }
}

// A copy of the first `records` records, with their line marks and how their values were
// written.
StepTable StepTable::first_records(std::size_t records) const {
    StepTable out(m_display, m_fields, m_locator);
    const auto prefix = [records](const auto& column) {
        return std::decay_t<decltype(column)>(
            column.begin(), column.begin() + static_cast<std::ptrdiff_t>(records));
    };
    out.m_steps = prefix(m_steps);
    for (std::size_t c = 0; c < m_values.size(); ++c) {
        out.m_values[c] = prefix(m_values[c]);
    }
    if (!m_decimals.empty()) {
        out.m_decimals.resize(m_decimals.size());
        for (std::size_t c = 0; c < m_decimals.size(); ++c) {
            out.m_decimals[c] = prefix(m_decimals[c]);
        }
        out.note_decimal_text();
    } else {
        out.m_text = m_text;
    }
    for (const LineMark& mark : m_marks) {
        if (mark.record < records) {
            out.m_marks.push_back(mark);
        }
    }
    out.m_last_line = records == 0 ? 0 : line_of(records - 1);
    return out;
}

std::optional<Trace> StepTable::snapshot(const Trace& trace, std::size_t records) const {
    if (records == 0) {
        return std::nullopt;
    }
    StepTable table = records == size() ? *this : first_records(records);
    Trace out = trace;
    try {
        table.build(out, "");
    } catch (const Error&) {
        return std::nullopt; // a required field is in no record yet
    }
    return out;
}

// The column field f is read from: the first of its sources that some step has.
std::size_t StepTable::column_of(std::size_t f) const {
    const std::vector<std::string> sources = m_fields[f].source_names();
    const auto index = [&](const std::string& name) {
        return static_cast<std::size_t>(std::find(m_columns.begin(), m_columns.end(), name) -
                                        m_columns.begin());
    };
    if (sources.size() > 1) {
        for (const std::string& name : sources) {
            const std::vector<double>& values = m_values[index(name)];
            if (std::any_of(values.begin(), values.end(),
                            [](double v) { return !is_missing_value(v); })) {
                return index(name);
            }
        }
    }
    return index(sources.front()); // the only one, or none has a value
}

// The series of field f from `column`. The column's values may be moved when no later field
// reads it, and the step column when f is the last field.
FieldSeries StepTable::build_field(std::size_t f, std::size_t column, bool last_use,
                                   bool last_field) {
    FieldSeries fs;
    fs.name = m_fields[f].name;
    fs.series.text = m_text[column];
    std::vector<double>& values = m_values[column];
    std::vector<std::int8_t>* decimals = m_decimals.empty() ? nullptr : &m_decimals[column];
    std::size_t first_without = m_steps.size(); // entry index
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (is_missing_value(values[i])) {
            ++fs.records_without;
            first_without = std::min(first_without, i);
        }
    }
    if (fs.records_without == 0) {
        // The columns as they are.
        fs.series.steps = last_field ? std::move(m_steps) : m_steps;
        fs.series.values = last_use ? std::move(values) : values;
        if (decimals != nullptr) {
            fs.series.decimals = last_use ? std::move(*decimals) : *decimals;
        }
    } else {
        const std::size_t present = values.size() - fs.records_without;
        reserve_in_huge_pages(fs.series.steps, present);
        reserve_in_huge_pages(fs.series.values, present);
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (!is_missing_value(values[i])) {
                fs.series.steps.push_back(m_steps[i]);
                fs.series.values.push_back(values[i]);
                if (decimals != nullptr) {
                    fs.series.decimals.push_back((*decimals)[i]);
                }
            }
        }
        if (last_use) {
            std::vector<double>().swap(values);
            if (decimals != nullptr) {
                std::vector<std::int8_t>().swap(*decimals);
            }
        }
        fs.first_line_without =
            line_of(m_record_of.empty() ? first_without : m_record_of[first_without]);
    }
    return fs;
}

namespace {

// "'loss'" or "'loss' or 'train/loss'".
std::string quoted_names(const std::vector<std::string>& names) {
    std::vector<std::string> quoted;
    for (const auto& name : names) {
        quoted.push_back(fmt::format("'{}'", name));
    }
    return fmt::format("{}", fmt::join(quoted, " or "));
}

} // namespace

void StepTable::build(Trace& trace, const std::string& available) {
    note_decimal_text(); // of every record, before the records of a step are merged
    merge_by_step(trace);
    trace.step_records = m_steps.size();
    std::vector<std::size_t> column(m_fields.size());
    for (std::size_t f = 0; f < m_fields.size(); ++f) {
        column[f] = column_of(f);
    }
    for (std::size_t f = 0; f < m_fields.size(); ++f) {
        const bool last_use = std::find(column.begin() + static_cast<std::ptrdiff_t>(f + 1),
                                        column.end(), column[f]) == column.end();
        FieldSeries fs = build_field(f, column[f], last_use, f + 1 == m_fields.size());
        if (fs.series.empty() && m_fields[f].required) {
            throw Error(fmt::format("{}: no step record has the field {} ({})", m_display,
                                    quoted_names(m_fields[f].source_names()), available));
        }
        if (!fs.series.empty() && fs.records_without > 0) {
            trace.warnings.push_back(
                fmt::format("{}: skipped {} step {} without '{}' (this {} is the first)",
                            where(fs.first_line_without), fs.records_without,
                            fs.records_without == 1 ? "record" : "records", m_columns[column[f]],
                            m_locator.noun));
        }
        trace.fields.push_back(std::move(fs));
    }
    m_steps.clear();
    m_decimals.clear();
    m_marks.clear();
    m_record_of.clear();
}

} // namespace tracediff
