// What the reader produces: one trace, reduced to the values that will be compared.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tracediff {

using Json = nlohmann::ordered_json;

// How the values of a field were written. A value written as decimal text ("10.37915",
// "1.045532E+01") has a number of decimals: the digits after the point, less the exponent.
// Values that were never text (TensorBoard's float32s) have none.
struct DecimalText {
    int most = -1;           // the most decimals a value was written with; -1: not decimal text
    std::size_t at_most = 0; // finite values written with `most` decimals
    std::size_t values = 0;  // finite values written as decimal text

    void note(int decimals) {
        if (decimals < 0) {
            return;
        }
        ++values;
        if (decimals > most) {
            most = decimals;
            at_most = 0;
        }
        at_most += decimals == most ? 1 : 0;
    }
    void merge(const DecimalText& other) {
        if (other.most > most) {
            *this = DecimalText{other.most, other.at_most, values + other.values};
            return;
        }
        at_most += other.most == most ? other.at_most : 0;
        values += other.values;
    }
};

// One numeric field of the step records, as a function of the step number.
// Steps are sorted, each appears once, and steps[i] pairs with values[i].
struct Series {
    std::vector<std::int64_t> steps;
    std::vector<double> values;
    // How many decimals values[i] was written with (-1 for a non-finite value); empty when the
    // values were never decimal text (TensorBoard's float32s).
    std::vector<std::int8_t> decimals{};
    DecimalText text{}; // how the values were written, in sum

    std::size_t size() const { return steps.size(); }
    bool empty() const { return steps.empty(); }
};

// How one requested field turned out in one trace.
struct FieldSeries {
    std::string name;
    Series series;
    // Step records (after duplicates were resolved) that lacked the field or had it as null.
    std::size_t records_without = 0;
    std::size_t first_line_without = 0; // 1-based line number; 0 when records_without == 0
};

struct Trace {
    std::string path;            // as the user gave it; "-" is standard input
    std::string format{"jsonl"}; // the input format that read it (read/input_format.hpp)
    std::optional<Json> header;
    std::size_t header_line = 0;

    std::vector<FieldSeries> fields; // in the order requested

    std::size_t step_records = 0;      // distinct steps, after duplicates were resolved
    std::size_t duplicate_records = 0; // step records replaced by a later record of the same step
    std::int64_t first_duplicate_step = 0;
    std::map<std::string, std::size_t> ignored_kinds; // records that are neither header nor step
    std::optional<Json> last_eval;                    // the last record of kind "eval", if any
    bool truncated_last_line = false;
    std::size_t unmatched_lines = 0;   // text logs: lines the pattern does not match
    std::size_t non_scalar_values = 0; // event files: histograms, images, text, ...

    // Things the user should hear about but that do not stop the work, as full sentences
    // starting with "PATH:" or "PATH:LINE:". The command line prints them to stderr.
    std::vector<std::string> warnings;

    // The series of a requested field. Throws std::out_of_range for a field not requested.
    const FieldSeries& field(const std::string& name) const;
    // The same, or null for a field not requested.
    const FieldSeries* find_field(const std::string& name) const;

    // The header member as a string, or "" when there is no header or no such string member.
    std::string header_string(const char* key) const;

    // Whether the format could have given a header at all: only the trace format (JSON Lines)
    // has a header record; CSV, event files, golden values and text logs have none.
    bool can_have_header() const { return format == "jsonl"; }
};

} // namespace tracediff
