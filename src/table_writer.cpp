#include "tracediff/table_writer.hpp"

#include "tracediff/format.hpp"
#include "tracediff/json_values.hpp"
#include "tracediff/text_table.hpp"

#include <fmt/format.h>

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

std::optional<double> step_value(const std::optional<StepDelta>& d) {
    if (d && d->available()) {
        return d->delta;
    }
    return std::nullopt;
}

std::optional<double> run_value(const PairStats& s, double value) {
    return s.compared > 0 ? std::optional<double>(value) : std::nullopt;
}

std::optional<double> stat_value(const PairStats& s, MatrixStat stat) {
    switch (stat) {
    case MatrixStat::step1:
        return step_value(s.step1);
    case MatrixStat::step2:
        return step_value(s.step2);
    case MatrixStat::median:
        return run_value(s, s.median);
    case MatrixStat::max:
        return run_value(s, s.max);
    }
    return std::nullopt;
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
    MarkdownTable table({"comparison", "step 1 Δ", "step 2 Δ", "median Δ", "max Δ"});
    for (const auto& row : report.rows) {
        table.add_row({comparison_cell(report, row), format_step_cell(row.stats.step1, true),
                       format_step_cell(row.stats.step2, true),
                       format_run_cell(row.stats, row.stats.median, true),
                       format_run_cell(row.stats, row.stats.max, true)});
    }
    std::string out;
    if (!report.title.empty()) {
        out += fmt::format("### {}\n\n", report.title);
    }
    return out + table.render();
}

std::string render_table_csv(const TableReport& report) {
    std::string out = "a,b,note,field,steps_compared,step1_delta,step2_delta,median_delta,"
                      "max_delta,max_delta_step\n";
    for (const auto& row : report.rows) {
        const PairStats& s = row.stats;
        out += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", csv_field(report.traces[row.a].label),
                           csv_field(report.traces[row.b].label), csv_field(row.note),
                           csv_field(report.field), s.compared, csv_number(step_value(s.step1)),
                           csv_number(step_value(s.step2)), csv_number(run_value(s, s.median)),
                           csv_number(run_value(s, s.max)),
                           s.compared > 0 ? fmt::format("{}", s.max_step) : "");
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
    out["rows"] = Json::array();
    for (const auto& row : report.rows) {
        Json r = Json::object();
        r["a"] = report.traces[row.a].label;
        r["b"] = report.traces[row.b].label;
        r["note"] = row.note;
        put_pair_stats(r, row.stats);
        out["rows"].push_back(std::move(r));
    }
    return out.dump(2) + "\n";
}

std::string render_matrix_markdown(const TableReport& report, MatrixStat stat) {
    std::vector<std::string> header{matrix_stat_title(stat)};
    for (const auto& t : report.traces) {
        header.push_back(t.label);
    }
    MarkdownTable table(std::move(header));
    for (std::size_t i = 0; i < report.traces.size(); ++i) {
        std::vector<std::string> cells{report.traces[i].label};
        for (std::size_t j = 0; j < report.traces.size(); ++j) {
            cells.push_back(i == j ? "-"
                                   : format_stat_cell(find_pair(report, i, j).stats, stat, true));
        }
        table.add_row(std::move(cells));
    }
    std::string out;
    if (!report.title.empty()) {
        out += fmt::format("### {}\n\n", report.title);
    }
    return out + table.render();
}

std::string render_matrix_csv(const TableReport& report, MatrixStat stat) {
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
                out += csv_number(stat_value(find_pair(report, i, j).stats, stat));
            }
        }
        out += '\n';
    }
    return out;
}

std::string render_matrix_json(const TableReport& report, MatrixStat stat) {
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
            put_stat(cell, "v", row.stats, stat);
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
    return out.dump(2) + "\n";
}

} // namespace tracediff
