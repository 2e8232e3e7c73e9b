#include "tracediff/render/report_writer.hpp"

#include "tracediff/render/numbers.hpp"
#include "tracediff/render/table_writer.hpp"
#include "tracediff/render/text_table.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace tracediff {

namespace {

std::string pair_name(const ReportDocument& doc, const PairRow& row) {
    std::string name =
        fmt::format("`{} vs {}`", doc.table.traces[row.a].label, doc.table.traces[row.b].label);
    if (!row.note.empty()) {
        name += fmt::format(" ({})", row.note);
    }
    return name;
}

// ", at the logging resolution (6 decimals)" when the delta cannot be resolved.
std::string resolution_note(double delta, const Resolution& resolution) {
    if (!at_resolution(delta, resolution)) {
        return "";
    }
    return fmt::format(", at the logging resolution ({} decimals)", resolution.decimals);
}

std::string ulps(const std::optional<double>& u) {
    if (!u) {
        return "";
    }
    const std::string number = *u >= 10 ? fmt::format("{:.0f}", *u) : fmt::format("{:.2g}", *u);
    return fmt::format(" ({} float32 ULP{})", number, *u == 1.0 ? "" : "s");
}

// "by 2.38e-07 (1 float32 ULP)" or "is bit-identical".
std::string step_difference(const StepDelta& d, const std::optional<double>& u,
                            const Resolution& resolution) {
    if (d.delta == 0.0) {
        return "is bit-identical" + resolution_note(d.delta, resolution);
    }
    return fmt::format("differs by {}{}{}", format_delta(d.delta, false), ulps(u),
                       resolution_note(d.delta, resolution));
}

std::string file_name(const std::string& path) {
    return std::filesystem::path(path).filename().string();
}

std::string traces_section(const ReportDocument& doc) {
    if (doc.grid) {
        std::vector<std::string> header{""};
        header.insert(header.end(), doc.grid->columns.begin(), doc.grid->columns.end());
        MarkdownTable grid(std::move(header));
        for (const auto& row : doc.grid->rows) {
            std::vector<std::string> cells{fmt::format("**{}**", row.name)};
            for (const auto& cell : row.cells) {
                cells.push_back(cell ? fmt::format("`{}`", doc.table.traces[*cell].label) : "-");
            }
            grid.add_row(std::move(cells));
        }
        std::string out = grid.render() + "\n";
        MarkdownTable files({"label", "file", "phase", "steps"});
        for (const auto& t : doc.table.traces) {
            files.add_row(
                {fmt::format("`{}`", t.label), fmt::format("`{}`", file_name(t.path)),
                 t.phase.empty() ? "-" : t.phase,
                 t.first_step ? fmt::format("{}-{}", *t.first_step, *t.last_step) : "none"});
        }
        return out + files.render();
    }
    MarkdownTable files({"label", "file", "phase", "netspec", "steps"});
    for (const auto& t : doc.table.traces) {
        files.add_row({fmt::format("`{}`", t.label), fmt::format("`{}`", file_name(t.path)),
                       t.phase.empty() ? "-" : t.phase,
                       t.netspec_name.empty() ? "-" : t.netspec_name,
                       t.first_step ? fmt::format("{}-{}", *t.first_step, *t.last_step) : "none"});
    }
    return files.render();
}

// How the runs start: identical for a while, or different from the first steps.
std::optional<std::string> start_sentence(const std::string& name, const PairStats& s,
                                          const DriftAnalysis& drift) {
    // Values logged with few decimals can be equal in the log without being equal in the run.
    const std::string identical =
        drift.resolution.full_precision
            ? "bit-identical"
            : fmt::format("identical as logged ({} decimals)", drift.resolution.decimals);
    if (drift.identical_prefix_steps == s.compared) {
        return fmt::format("{}: all {} compared steps are {}.", name, s.compared, identical);
    }
    if (drift.identical_prefix_steps > 0 && drift.first_difference) {
        const StepDelta& first = *drift.first_difference;
        const auto first_ulps =
            drift.resolution.full_precision ? few_float32_ulps(first.a, first.b) : std::nullopt;
        const std::string prefix =
            drift.identical_prefix_steps == 1
                ? fmt::format("step {} is {}", s.step1 ? s.step1->step : 1, identical)
                : fmt::format("{} for the first {} steps", identical, drift.identical_prefix_steps);
        return fmt::format("{}: {}; step {} is the first to differ, by {}{}{}.", name, prefix,
                           first.step, format_delta(first.delta, false), ulps(first_ulps),
                           resolution_note(first.delta, drift.resolution));
    }
    if (!s.step1 || !s.step1->available()) {
        return std::nullopt;
    }
    std::string sentence =
        fmt::format("{}: step {} {}", name, s.step1->step,
                    step_difference(*s.step1, drift.step1_ulps, drift.resolution));
    if (s.step2 && s.step2->available()) {
        sentence += fmt::format("; step {} {}", s.step2->step,
                                step_difference(*s.step2, drift.step2_ulps, drift.resolution));
    }
    return sentence + ".";
}

// How the difference grows, and how large it gets.
void growth_sentences(const PairStats& s, const GrowthFit& g, std::vector<std::string>& out) {
    if (g.fitted) {
        out.push_back(fmt::format("The largest delta so far climbs from {} at step {} to {} at "
                                  "step {}, where it reaches the run's median: an e-fold every "
                                  "{:.1f} steps (R² {:.2f}).",
                                  format_delta(g.first_delta, false), g.first_step,
                                  format_delta(g.last_delta, false), g.last_step, g.steps_per_efold,
                                  g.r_squared));
    } else {
        out.push_back(fmt::format("The delta shows no clear exponential climb; its median over "
                                  "the run is {}.",
                                  format_delta(s.median, false)));
    }
    if (std::isfinite(s.max)) {
        out.push_back(fmt::format("The largest delta is {} at step {}.", format_delta(s.max, false),
                                  s.max_step));
    } else {
        out.push_back(fmt::format("A non-finite delta ({}) first appears at step {}.",
                                  format_delta(s.max, false), s.max_step));
    }
}

// Does the chaos average out over an epoch?
std::optional<std::string> epoch_sentence(const PairStats& s, const DriftAnalysis& drift) {
    if (drift.epochs.empty() || !std::isfinite(s.max) || s.max <= 0) {
        return std::nullopt;
    }
    const auto worst =
        std::max_element(drift.epochs.begin(), drift.epochs.end(),
                         [](const auto& x, const auto& y) { return x.delta < y.delta; });
    return fmt::format("Averaged over each epoch, the runs differ by at most {} (epoch {}), "
                       "{:.0f}% of the largest per-step delta.",
                       format_delta(worst->delta, false), worst->epoch,
                       100.0 * worst->delta / s.max);
}

// Against the noise of a rerun, when both medians are real numbers the logs resolve.
std::optional<std::string> noise_sentence(const ReportDocument& doc, const PairRow& row,
                                          const DriftAnalysis& drift) {
    const PairStats& s = row.stats;
    if (!doc.table.baseline || same_pair(row, *doc.table.baseline) || s.nonfinite_deltas > 0 ||
        at_resolution(s.median, drift.resolution)) {
        return std::nullopt;
    }
    const auto ratio = noise_ratio(s, doc.table.baseline->stats, PairStat::median);
    if (!ratio) {
        return std::nullopt;
    }
    return fmt::format("Its median delta is {:.3g}× that of the rerun baseline {}.", *ratio,
                       pair_name(doc, *doc.table.baseline));
}

// What was not compared.
std::optional<std::string> coverage_sentence(const ReportDocument& doc, const PairRow& row) {
    const Coverage& c = row.coverage;
    if (c.only_a == 0 && c.only_b == 0) {
        return std::nullopt;
    }
    return fmt::format("Not compared: {} step{} only in `{}` and {} only in `{}`.", c.only_a,
                       c.only_a == 1 ? "" : "s", doc.table.traces[row.a].label, c.only_b,
                       doc.table.traces[row.b].label);
}

void add(std::vector<std::string>& out, std::optional<std::string> sentence) {
    if (sentence) {
        out.push_back(std::move(*sentence));
    }
}

} // namespace

std::vector<std::string> pair_findings(const ReportDocument& doc, std::size_t index) {
    const PairRow& row = doc.table.rows[index];
    const PairStats& s = row.stats;
    const DriftAnalysis& drift = doc.diffs[index].drift;
    const std::string name = pair_name(doc, row);
    std::vector<std::string> out;
    if (s.compared == 0) {
        out.push_back(fmt::format("{}: the traces have no step in common.", name));
        return out;
    }
    add(out, start_sentence(name, s, drift));
    if (drift.identical_prefix_steps == s.compared) {
        return out;
    }
    growth_sentences(s, drift.growth, out);
    add(out, epoch_sentence(s, drift));
    add(out, noise_sentence(doc, row, drift));
    add(out, coverage_sentence(doc, row));
    return out;
}

std::vector<std::string> overall_findings(const ReportDocument& doc) {
    std::vector<std::string> out;
    const bool all_agree =
        std::all_of(doc.headers_agree.begin(), doc.headers_agree.end(), [](bool b) { return b; });
    // Logs whose format has no header record cannot be faulted for lacking one.
    const bool headers_possible =
        std::any_of(doc.table.traces.begin(), doc.table.traces.end(),
                    [](const TraceSummary& t) { return t.can_have_header; });
    if (!doc.headers_agree.empty() && headers_possible) {
        out.push_back(all_agree ? "The compared traces' headers agree on network, configuration "
                                  "and data."
                                : "Not every compared pair has headers that agree on network, "
                                  "configuration and data (or has headers at all): see "
                                  "`tracediff diff` for the fields.");
    }
    // The final eval metrics that every trace reports.
    if (!doc.evals.empty() && std::all_of(doc.evals.begin(), doc.evals.end(),
                                          [](const auto& e) { return e.has_value(); })) {
        for (const auto& [metric, value] : doc.evals.front()->items()) {
            if (metric == "kind" || metric == "step" || metric == "epoch" || !value.is_number()) {
                continue;
            }
            double lo = value.get<double>();
            double hi = lo;
            std::size_t lo_at = 0;
            std::size_t hi_at = 0;
            bool everywhere = true;
            for (std::size_t t = 0; t < doc.evals.size(); ++t) {
                const auto it = doc.evals[t]->find(metric);
                if (it == doc.evals[t]->end() || !it->is_number()) {
                    everywhere = false;
                    break;
                }
                const double v = it->get<double>();
                if (v < lo) {
                    lo = v;
                    lo_at = t;
                }
                if (v > hi) {
                    hi = v;
                    hi_at = t;
                }
            }
            if (everywhere) {
                out.push_back(fmt::format(
                    "At the last eval record, `{}` is between {} (`{}`) and {} (`{}`) across "
                    "the {} runs.",
                    metric, fmt::format("{:.4g}", lo), doc.table.traces[lo_at].label,
                    fmt::format("{:.4g}", hi), doc.table.traces[hi_at].label, doc.evals.size()));
            }
        }
    }
    return out;
}

std::string render_report_markdown(const ReportDocument& doc) {
    std::string out = fmt::format("# {}\n\n", doc.title.empty() ? "tracediff report" : doc.title);
    const std::string range =
        doc.steps ? fmt::format(", steps {}-{}", doc.steps->first, doc.steps->last) : "";
    out += fmt::format("Per-step comparison of `{}` across {} traces{}, made with tracediff.\n\n",
                       doc.field, doc.table.traces.size(), range);
    out += "## The traces\n\n" + traces_section(doc);
    out += fmt::format("\n## Per-step `{}` agreement\n\n", doc.field);
    TableReport table = doc.table;
    table.title.clear(); // the document has its own heading
    out += render_table_markdown(table);
    if (!doc.plot_file.empty()) {
        out += fmt::format("\n![|Δ| of {0} per step, and {0} per step]({1})\n", doc.field,
                           doc.plot_file);
    }
    out += "\n## Findings\n\n";
    for (std::size_t i = 0; i < doc.table.rows.size(); ++i) {
        out += fmt::format("- {}\n", fmt::join(pair_findings(doc, i), " "));
    }
    for (const auto& sentence : overall_findings(doc)) {
        out += fmt::format("- {}\n", sentence);
    }
    out += "\nDeltas are |a − b| of the values as written in the traces. A delta at or below the "
           "coarser logging resolution of a pair (the decimals a trace writes) cannot be told "
           "apart from rounding in the log.\n";
    return out;
}

} // namespace tracediff
