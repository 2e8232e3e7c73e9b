// The step records of one trace as a reader collects them, column by column, and the rules
// that turn them into series: records ordered by step; the records of one step merged, field by
// field, where a field given twice at one step takes the value written last; and a field a
// step lacks is skipped for that step (with a warning naming the first such line). Every input
// format fills a StepTable, so these rules are the same for all of them.
#pragma once

#include "tracediff/read/read_options.hpp"
#include "tracediff/read/trace.hpp"

#include <bit>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tracediff {

// A requested field that a step record lacks, or has as null, is stored as this signalling NaN.
// Parsing never produces it: non-finite values from the trace are quiet NaN or infinities.
inline constexpr std::uint64_t k_missing_value_bits = 0x7FF4'0000'0000'0BADULL;

inline double missing_value() {
    return std::bit_cast<double>(k_missing_value_bits);
}

inline bool is_missing_value(double value) {
    return std::bit_cast<std::uint64_t>(value) == k_missing_value_bits;
}

// The names a reader reads for `fields`, in order: every source of every field, once.
std::vector<std::string> columns_of(const std::vector<FieldRequest>& fields);

// How messages name the place a record was read from. `where` turns the number a record was
// added with into "PATH:LINE" (the default) or, say, "PATH: record at byte offset 24"; `noun`
// names such a place ("line", "record").
struct RecordLocator {
    std::function<std::string(std::size_t)> where;
    const char* noun = "line";
};

class StepTable {
public:
    // `display` names the input in messages; `fields` are the requested fields, in order.
    StepTable(std::string display, std::vector<FieldRequest> fields, RecordLocator locator = {});

    // The names a reader reads, in order: every source of every requested field, once.
    // add() takes one value per column.
    const std::vector<std::string>& columns() const { return m_columns; }

    // A hint: about how many step records are coming.
    void reserve(std::size_t records);

    // Appends one record: its step, one value per column (missing_value() where the record
    // lacks it), and the 1-based line (or record number) it was read from. Values that were
    // never text (TensorBoard's) are added so; values written as decimal text are added with
    // `decimals`, one per column: how many decimals the value was written with, or -1 for a
    // missing or non-finite value (number_text.hpp).
    void add(std::int64_t step, const double* values, std::size_t line) {
        if (m_steps.size() == m_steps.capacity()) {
            grow();
        }
        for (std::size_t f = 0; f < m_values.size(); ++f) {
            m_values[f].push_back(values[f]);
        }
        m_steps.push_back(step);
        note_line(line);
    }
    void add(std::int64_t step, const double* values, const std::int8_t* decimals,
             std::size_t line) {
        if (m_steps.size() == m_steps.capacity()) {
            grow(); // before the decimals grow on their own
        }
        if (m_decimals.empty()) {
            start_decimals(); // the first record: a table of decimal text
        }
        for (std::size_t f = 0; f < m_values.size(); ++f) {
            m_decimals[f].push_back(decimals[f]);
            m_values[f].push_back(values[f]);
        }
        m_steps.push_back(step);
        note_line(line);
    }

    std::size_t size() const { return m_steps.size(); }
    bool empty() const { return m_steps.empty(); }
    // Whether the records' values were written as decimal text (all of them or none).
    bool decimal_text() const { return !m_decimals.empty(); }
    // The step of the record added last. Only when not empty.
    std::int64_t last_step() const { return m_steps.back(); }
    // The step of record `record` (0-based, in the order added). Only before build().
    std::int64_t step_of(std::size_t record) const { return m_steps[record]; }
    // The value of requested field `field` (an index into the fields) in record `record`, from
    // the first of its sources that has one, with the decimals it was written with (-1 when not
    // decimal text); nothing when the record lacks it. Only before build().
    std::optional<std::pair<double, int>> value_of(std::size_t record, std::size_t field) const {
        for (const std::size_t column : m_sources[field]) {
            const double value = m_values[column][record];
            if (!is_missing_value(value)) {
                return std::pair<double, int>{
                    value, m_decimals.empty() ? -1 : static_cast<int>(m_decimals[column][record])};
            }
        }
        return std::nullopt;
    }
    // Whether record `record` has a value of every requested field (from one of its sources):
    // for a live check, whether that record completes its step. Only before build().
    bool record_complete(std::size_t record) const {
        for (const std::vector<std::size_t>& sources : m_sources) {
            bool any = false;
            for (const std::size_t column : sources) {
                any = any || !is_missing_value(m_values[column][record]);
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }
    // The line of the first record; 0 when there is none.
    std::size_t first_line() const { return m_marks.empty() ? 0 : m_marks.front().line; }

    // Moves the records into `trace` as one series per requested field, with the warnings
    // about repeated steps and records that lack a field. Throws Error when a required field
    // is in no record; `available` says what the input has instead, e.g. "the first step
    // record, on line 2, has: step, loss". The table is empty afterwards.
    void build(Trace& trace, const std::string& available);

    // What build() would give for the first `records` records, on a copy of `trace` and of
    // those records; the table stays as it is: for live checks, which decide record by record.
    // Nothing while there are none or a required field is in none of them yet.
    std::optional<Trace> snapshot(const Trace& trace, std::size_t records) const;

    // "PATH:LINE" for the record added with `line`.
    std::string where(std::size_t line) const;

private:
    void start_decimals();
    // How each column's values were written (m_text), from every record's decimals.
    void note_decimal_text();
    // Doubles every column's room: the columns grow together, in huge pages once large.
    void grow();
    void note_line(std::size_t line) {
        if (m_marks.empty() || line != m_last_line + 1) {
            m_marks.push_back({m_steps.size() - 1, line});
        }
        m_last_line = line;
    }
    // The records of one step, merged (step_table.cpp).
    struct Merged {
        std::vector<std::int64_t> steps;
        std::vector<std::vector<double>> values;
        std::vector<std::vector<std::int8_t>> decimals; // when the table has them
        std::vector<std::size_t> record_of;
    };
    std::size_t line_of(std::size_t record) const;
    void merge_by_step(Trace& trace);
    struct MergeCount {
        std::size_t replaced = 0;     // records that lost a value to a later one
        std::size_t first_repeat = 0; // the earliest record that repeats a value of the step
    };
    MergeCount merge_step(const std::vector<std::size_t>& order, std::size_t begin, std::size_t end,
                          Merged& out) const;
    std::size_t column_of(std::size_t f) const;
    StepTable first_records(std::size_t records) const;
    FieldSeries build_field(std::size_t f, std::size_t column, bool last_use, bool last_field);

    std::string m_display;
    std::vector<FieldRequest> m_fields;
    RecordLocator m_locator;
    std::vector<std::string> m_columns;
    std::vector<std::vector<std::size_t>> m_sources; // [field]: the columns of its sources

    // Records in input order, column by column: 8 bytes per record and column. After
    // merge_by_step, one entry per step, and m_record_of gives the record each came from.
    std::vector<std::int64_t> m_steps;
    std::vector<std::vector<double>> m_values; // [column][record]; missing_value() if absent
    std::vector<DecimalText> m_text;           // [column]: how its values were written
    // [column][record]: the decimals each value was written with; empty for a table whose
    // values were never text. A table gets records of one kind only.
    std::vector<std::vector<std::int8_t>> m_decimals;
    std::vector<std::size_t> m_record_of; // empty: entry i is record i

    // Line numbers of the records, kept sparse: record r is on line
    // mark.line + (r - mark.record) for the last mark with mark.record <= r. A mark is added
    // only where other lines (blank, header, other kinds) come between two step records.
    struct LineMark {
        std::size_t record = 0;
        std::size_t line = 0;
    };
    std::vector<LineMark> m_marks;
    std::size_t m_last_line = 0;
};

} // namespace tracediff
