#include "tracediff/render/diff_writer.hpp"

#include "tracediff/render/numbers.hpp"
#include "tracediff/render/table_writer.hpp"
#include "tracediff/render/text_table.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "diff_lines.hpp"

namespace tracediff {

using namespace diff_lines;

std::string render_diff_text(const DiffReport& r) {
    std::string out = fmt::format("tracediff diff of '{}'\n\n", r.field);
    const std::size_t label_width =
        std::max(display_width(r.traces[0].label), display_width(r.traces[1].label));
    for (std::size_t i = 0; i < 2; ++i) {
        const TraceSummary& t = r.traces[i];
        out += fmt::format("{}  {:<{}}  {}\n", k_side_names[i], t.label, label_width, t.path);
        out += fmt::format("   phase {}, netspec {}, {}\n", or_dash(t.phase),
                           or_dash(t.netspec_name), step_span(t));
    }

    out += fmt::format("\nheader\n  {}\n", header_verdict_line(r));
    for (const auto& d : r.header.differences) {
        out += fmt::format("    {}\n", describe_difference(d));
    }

    const Coverage& c = r.pair.coverage;
    out += "\ncoverage\n";
    out += fmt::format("  {:<18}{}\n", "compared", compared_text(c));
    out += fmt::format("  {:<18}{}\n", "only in A", coverage_text(c.only_a, c.only_a_ranges));
    out += fmt::format("  {:<18}{}\n", "only in B", coverage_text(c.only_b, c.only_b_ranges));

    out += fmt::format("\nstatistics of |A - B|\n");
    for (const auto& [name, value] : statistics_lines(r, false)) {
        // fmt pads by code points, so "Δ" counts as one column.
        out += fmt::format("  {:<18}{}\n", name, value);
    }

    out += "\ndrift\n";
    for (const auto& [name, value] : drift_lines(r, false)) {
        out += fmt::format("  {:<18}{}\n", name, value);
    }
    if (!r.drift.epochs.empty()) {
        out += fmt::format("\nper-epoch mean of '{}' (over the compared steps)\n", r.field);
        out += plain_table(k_epoch_header, epoch_rows(r, false));
    }
    if (!r.drift.eval.empty()) {
        out += "\nlast eval record\n";
        out += plain_table(k_eval_header, eval_rows(r, false));
    }

    out += "\nrecords not compared\n";
    for (std::size_t i = 0; i < 2; ++i) {
        out += fmt::format("  {:<18}{}\n", k_side_names[i], ignored_records(r.traces[i], r.field));
    }
    return out;
}

std::string render_diff_markdown(const DiffReport& r) {
    const TraceSummary& a = r.traces[0];
    const TraceSummary& b = r.traces[1];
    std::string out = fmt::format("### `{} vs {}`: {}\n\n", a.label, b.label, r.field);

    MarkdownTable traces({"", "label", "path", "phase", "netspec", "steps"});
    for (std::size_t i = 0; i < 2; ++i) {
        const TraceSummary& t = r.traces[i];
        traces.add_row({k_side_names[i], fmt::format("`{}`", t.label), fmt::format("`{}`", t.path),
                        or_dash(t.phase), or_dash(t.netspec_name), step_span(t)});
    }
    out += traces.render();

    out += fmt::format("\n**Header:** {}\n", header_verdict_line(r));
    for (const auto& d : r.header.differences) {
        out += fmt::format("- `{}`\n", describe_difference(d));
    }

    const Coverage& c = r.pair.coverage;
    out += fmt::format("\n**Coverage:** compared {}; only in A: {}; only in B: {}\n\n",
                       compared_text(c), coverage_text(c.only_a, c.only_a_ranges),
                       coverage_text(c.only_b, c.only_b_ranges));

    MarkdownTable stats({"statistic", "value"});
    for (auto& [name, value] : statistics_lines(r, true)) {
        stats.add_row({name, value});
    }
    out += stats.render();

    MarkdownTable drift({"drift", "finding"});
    for (auto& [name, value] : drift_lines(r, true)) {
        drift.add_row({name, value});
    }
    out += '\n';
    out += drift.render();
    if (!r.drift.epochs.empty()) {
        MarkdownTable epochs(k_epoch_header);
        for (auto& row : epoch_rows(r, true)) {
            epochs.add_row(std::move(row));
        }
        out += fmt::format("\n**Per-epoch mean of `{}`** (over the compared steps)\n\n{}", r.field,
                           epochs.render());
    }
    if (!r.drift.eval.empty()) {
        MarkdownTable eval(k_eval_header);
        for (auto& row : eval_rows(r, true)) {
            eval.add_row(std::move(row));
        }
        out += fmt::format("\n**Last eval record**\n\n{}", eval.render());
    }
    out += fmt::format("\n**Records not compared:** A: {}; B: {}\n", ignored_records(a, r.field),
                       ignored_records(b, r.field));
    return out;
}

std::string render_diff_csv(const DiffReport& r) {
    // The table's columns, then the details only a diff has.
    TableReport one;
    one.field = r.field;
    one.traces = r.traces;
    one.rows.push_back(r.pair);
    one.columns.push_back(PairStat::bias);
    std::string table = render_table_csv(one);
    const auto newline = table.find('\n');
    std::string header = table.substr(0, newline);
    std::string row = table.substr(newline + 1);
    row.pop_back(); // the final '\n'

    const PairStats& s = r.pair.stats;
    const Coverage& c = r.pair.coverage;
    header += ",mean_delta,zero_delta_steps,nonfinite_deltas,first_nonfinite_step,"
              "steps_only_in_a,steps_only_in_b,header_identical,identical_prefix_steps,"
              "step1_ulps,step2_ulps,steps_per_efold\n";
    const DriftAnalysis& d = r.drift;
    auto optional_number = [](const std::optional<double>& v) {
        return v ? format_shortest(*v) : std::string();
    };
    row += fmt::format(
        ",{},{},{},{},{},{},{},{},{},{},{}\n", s.compared > 0 ? format_shortest(s.mean) : "",
        s.zero_deltas, s.nonfinite_deltas,
        s.nonfinite_deltas > 0 ? fmt::format("{}", s.first_nonfinite_step) : "", c.only_a, c.only_b,
        r.header.identical() ? "true" : "false", d.identical_prefix_steps,
        optional_number(d.step1_ulps), optional_number(d.step2_ulps),
        d.growth.fitted ? format_shortest(d.growth.steps_per_efold) : "");
    return header + row;
}

} // namespace tracediff
