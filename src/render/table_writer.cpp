#include "tracediff/render/table_writer.hpp"

#include "tracediff/render/json_values.hpp"
#include "tracediff/render/numbers.hpp"
#include "tracediff/render/text_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace tracediff {

namespace {

std::string comparison_cell(const TableReport& report, const PairRow& row) {
    std::string cell =
        fmt::format("`{} vs {}`", report.traces[row.a].label, report.traces[row.b].label);
    if (!row.note.empty()) {
        cell += fmt::format(" ({})", row.note);
    }
    return cell;
}

// A number for CSV: shortest round-trip form, "NaN" or "inf"; nothing when there is no value.
std::string csv_number(const std::optional<double>& value) {
    return value ? format_shortest(*value) : "";
}

// The row comparing traces i and j, in either order.
const PairRow& find_pair(const TableReport& report, std::size_t i, std::size_t j) {
    for (const auto& row : report.rows) {
        if ((row.a == i && row.b == j) || (row.a == j && row.b == i)) {
            return row;
        }
    }
    throw std::logic_error("matrix: a pair of traces was not compared");
}

// The statistics of traces i (as A) and j (as B): the bias changes sign when the row compares
// them the other way round; the deltas are the same either way.
PairStats oriented_stats(const TableReport& report, std::size_t i, std::size_t j) {
    const PairRow& row = find_pair(report, i, j);
    PairStats s = row.stats;
    if (row.a != i) {
        s.bias.mean = -s.bias.mean;
        std::swap(s.bias.a_higher, s.bias.b_higher);
    }
    return s;
}

// Whether the report shows the bias (table --stats ...,bias): then CSV and JSON carry it too.
bool shows_bias(const TableReport& report) {
    return std::find(report.columns.begin(), report.columns.end(), PairStat::bias) !=
           report.columns.end();
}

// "2.64×", "baseline" for the baseline's own row, or "n/a".
std::string ratio_cell(const PairRow& row, const PairRow& baseline) {
    if (same_pair(row, baseline)) {
        return "baseline";
    }
    const auto ratio = noise_ratio(row.stats, baseline.stats, PairStat::median);
    return ratio ? fmt::format("{:.3g}×", *ratio) : "n/a";
}

constexpr PairStat k_all_stats[] = {PairStat::step1, PairStat::step2, PairStat::median,
                                    PairStat::max};

} // namespace

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) {
        return text;
    }
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    return out + '"';
}

std::string render_table_markdown(const TableReport& report) {
    std::vector<std::string> header{"comparison"};
    for (const PairStat stat : report.columns) {
        header.push_back(matrix_stat_title(stat));
    }
    if (report.baseline) {
        header.emplace_back("median Δ ÷ baseline");
    }
    MarkdownTable table(std::move(header));
    for (const auto& row : report.rows) {
        std::vector<std::string> cells{comparison_cell(report, row)};
        for (const PairStat stat : report.columns) {
            cells.push_back(format_stat_cell(row.stats, stat, true));
        }
        if (report.baseline) {
            cells.push_back(ratio_cell(row, *report.baseline));
        }
        table.add_row(std::move(cells));
    }
    std::string out;
    if (!report.title.empty()) {
        out += fmt::format("### {}\n\n", report.title);
    }
    return out + table.render();
}

std::string render_table_csv(const TableReport& report) {
    std::string out = "a,b,note,field,steps_compared,step1_delta,step2_delta,median_delta,"
                      "max_delta,max_delta_step";
    if (shows_bias(report)) {
        out += ",bias_mean,bias_b_higher,bias_a_higher,bias_equal,bias_p_value";
    }
    if (report.baseline) {
        out += ",step1_ratio,step2_ratio,median_ratio,max_ratio";
    }
    out += '\n';
    for (const auto& row : report.rows) {
        const PairStats& s = row.stats;
        out += fmt::format(
            "{},{},{},{},{},{},{},{},{},{}\n", csv_field(report.traces[row.a].label),
            csv_field(report.traces[row.b].label), csv_field(row.note), csv_field(report.field),
            s.compared, csv_number(stat_value(s, PairStat::step1)),
            csv_number(stat_value(s, PairStat::step2)), csv_number(stat_value(s, PairStat::median)),
            csv_number(stat_value(s, PairStat::max)),
            s.compared > 0 ? fmt::format("{}", s.max_step) : "");
        if (shows_bias(report)) {
            out.pop_back(); // the row goes on
            out += fmt::format(",{},{},{},{},{}\n", csv_number(stat_value(s, PairStat::bias)),
                               s.bias.b_higher, s.bias.a_higher, s.bias.equal,
                               format_shortest(s.bias.p_value));
        }
        if (report.baseline) {
            out.pop_back(); // the row goes on
            for (const PairStat stat : k_all_stats) {
                out += ',';
                out += csv_number(noise_ratio(s, report.baseline->stats, stat));
            }
            out += '\n';
        }
    }
    return out;
}

std::string render_table_json(const TableReport& report) {
    Json out = Json::object();
    if (!report.title.empty()) {
        out["title"] = report.title;
    }
    out["field"] = report.field;
    out["traces"] = Json::array();
    for (const auto& t : report.traces) {
        out["traces"].push_back(trace_summary_json(t));
    }
    if (report.baseline) {
        out["baseline"] = {{"a", report.traces[report.baseline->a].label},
                           {"b", report.traces[report.baseline->b].label}};
    }
    out["rows"] = Json::array();
    for (const auto& row : report.rows) {
        Json r = Json::object();
        r["a"] = report.traces[row.a].label;
        r["b"] = report.traces[row.b].label;
        r["note"] = row.note;
        put_pair_stats(r, row.stats);
        if (shows_bias(report)) {
            r["bias"] = bias_json(row.stats);
        }
        if (report.baseline) {
            r["is_baseline"] = same_pair(row, *report.baseline);
            for (const PairStat stat : k_all_stats) {
                put_number(r, matrix_stat_name(stat) + "_ratio",
                           noise_ratio(row.stats, report.baseline->stats, stat),
                           "no ratio: a value is missing or not finite, or the baseline's is "
                           "zero");
            }
        }
        out["rows"].push_back(std::move(r));
    }
    return dump_json(out);
}

std::string render_matrix_markdown(const TableReport& report, PairStat stat) {
    std::vector<std::string> header{matrix_stat_title(stat)};
    for (const auto& t : report.traces) {
        header.push_back(t.label);
    }
    MarkdownTable table(std::move(header));
    for (std::size_t i = 0; i < report.traces.size(); ++i) {
        std::vector<std::string> cells{report.traces[i].label};
        for (std::size_t j = 0; j < report.traces.size(); ++j) {
            cells.push_back(i == j ? "-"
                                   : format_stat_cell(oriented_stats(report, i, j), stat, true));
        }
        table.add_row(std::move(cells));
    }
    std::string out;
    if (!report.title.empty()) {
        out += fmt::format("### {}\n\n", report.title);
    }
    return out + table.render();
}

std::string render_matrix_csv(const TableReport& report, PairStat stat) {
    std::string out = csv_field(matrix_stat_name(stat));
    for (const auto& t : report.traces) {
        out += ',';
        out += csv_field(t.label);
    }
    out += '\n';
    for (std::size_t i = 0; i < report.traces.size(); ++i) {
        out += csv_field(report.traces[i].label);
        for (std::size_t j = 0; j < report.traces.size(); ++j) {
            out += ',';
            if (i != j) {
                out += csv_number(stat_value(oriented_stats(report, i, j), stat));
            }
        }
        out += '\n';
    }
    return out;
}

std::string render_matrix_json(const TableReport& report, PairStat stat) {
    Json out = Json::object();
    if (!report.title.empty()) {
        out["title"] = report.title;
    }
    out["field"] = report.field;
    out["stat"] = matrix_stat_name(stat);
    out["labels"] = Json::array();
    for (const auto& t : report.traces) {
        out["labels"].push_back(t.label);
    }
    Json values = Json::array();
    Json reasons = Json::array();
    for (std::size_t i = 0; i < report.traces.size(); ++i) {
        Json value_row = Json::array();
        Json reason_row = Json::array();
        for (std::size_t j = 0; j < report.traces.size(); ++j) {
            if (i == j) {
                value_row.push_back(nullptr);
                reason_row.push_back("diagonal");
                continue;
            }
            const PairRow& row = find_pair(report, i, j);
            // The reason is written as if i were trace a, so "missing in a" means trace i.
            const bool swapped = row.a != i;
            Json cell = Json::object();
            put_stat(cell, "v", oriented_stats(report, i, j), stat);
            std::string reason =
                cell.contains("v_reason") ? cell["v_reason"].get<std::string>() : std::string();
            if (swapped && reason == "missing in a") {
                reason = "missing in b";
            } else if (swapped && reason == "missing in b") {
                reason = "missing in a";
            }
            value_row.push_back(cell["v"]);
            reason_row.push_back(reason.empty() ? Json(nullptr) : Json(reason));
        }
        values.push_back(std::move(value_row));
        reasons.push_back(std::move(reason_row));
    }
    out["values"] = std::move(values);
    out["reasons"] = std::move(reasons);
    return dump_json(out);
}

} // namespace tracediff
