#include "tracediff/render/diff_writer.hpp"

#include "tracediff/render/format.hpp"
#include "tracediff/render/json_values.hpp"
#include "tracediff/render/table_writer.hpp"
#include "tracediff/render/text_table.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>

namespace tracediff {

namespace {

const char* k_side_names[2] = {"A", "B"};

std::string plural(std::size_t n, const char* one, const char* many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string step_span(const TraceSummary& t) {
    if (!t.first_step) {
        return "no steps";
    }
    return fmt::format("steps {}-{} ({})", *t.first_step, *t.last_step,
                       plural(t.steps, "step", "steps"));
}

std::string or_dash(const std::string& s) {
    return s.empty() ? "-" : s;
}

// "12 eval, 3 epoch" or "none".
std::string ignored_records(const TraceSummary& t, const std::string& field) {
    std::vector<std::string> parts;
    for (const auto& [kind, count] : t.ignored_kinds) {
        parts.push_back(fmt::format("{} {}", count, kind));
    }
    if (t.records_without_field > 0) {
        parts.push_back(fmt::format("{} without '{}'",
                                    plural(t.records_without_field, "step record", "step records"),
                                    field));
    }
    if (t.duplicate_records > 0) {
        parts.push_back(fmt::format("{} replaced by a later record of the same step",
                                    plural(t.duplicate_records, "step record", "step records")));
    }
    return parts.empty() ? "none" : fmt::format("{}", fmt::join(parts, ", "));
}

std::string header_verdict_line(const DiffReport& r) {
    const HeaderVerdict& h = r.header;
    if (!h.a_has_header && !h.b_has_header) {
        return "not checked: neither trace has a header";
    }
    if (!h.both_have_headers()) {
        return fmt::format("differ: only {} has a header", h.a_has_header ? "A" : "B");
    }
    if (h.differences.empty()) {
        return "identical (netspec_name, netspec_hash, config, total_params, dataset)";
    }
    return fmt::format("differ in {}", plural(h.differences.size(), "field", "fields"));
}

constexpr const char* k_mark = " [at resolution]";

// A delta as the report shows it, marked when the logs cannot resolve it.
std::string delta_text(double delta, const Resolution& resolution, bool markdown) {
    return format_delta(delta, markdown) + (at_resolution(delta, resolution) ? k_mark : "");
}

// "1.97e-07 at step 1 (A 2.419938802719116, B 2.419939)" or why there is no value.
std::string step_delta_text(const std::optional<StepDelta>& d, const Resolution& resolution,
                            bool markdown) {
    if (!d) {
        return "n/a (no such step)";
    }
    if (!d->available()) {
        return fmt::format("missing at step {}: {} has no such step", d->step, d->in_a ? "B" : "A");
    }
    return fmt::format("{} at step {} (A {}, B {})", delta_text(d->delta, resolution, markdown),
                       d->step, format_shortest(d->a), format_shortest(d->b));
}

std::string coverage_text(std::size_t count, const std::vector<StepRange>& ranges) {
    if (count == 0) {
        return "none";
    }
    return fmt::format("{}: {}", plural(count, "step", "steps"), format_ranges(ranges));
}

std::string compared_text(const Coverage& c) {
    if (c.compared == 0) {
        return "none: the traces have no step in common";
    }
    return fmt::format("{} ({}-{})", plural(c.compared, "step", "steps"), *c.first_compared,
                       *c.last_compared);
}

std::string nonfinite_text(const PairStats& s) {
    if (s.nonfinite_deltas == 0) {
        return "none";
    }
    return fmt::format("{}, first at step {}", plural(s.nonfinite_deltas, "step", "steps"),
                       s.first_nonfinite_step);
}

// The statistics as (name, value) pairs, shared by the text and markdown forms.
std::vector<std::pair<std::string, std::string>> statistics_lines(const DiffReport& r,
                                                                  bool markdown) {
    const PairStats& s = r.pair.stats;
    const Resolution& res = r.drift.resolution;
    std::vector<std::pair<std::string, std::string>> lines;
    lines.emplace_back("step 1 Δ", step_delta_text(s.step1, res, markdown));
    lines.emplace_back("step 2 Δ", step_delta_text(s.step2, res, markdown));
    if (s.compared == 0) {
        lines.emplace_back("median Δ", "n/a (no common steps)");
        lines.emplace_back("max Δ", "n/a (no common steps)");
        lines.emplace_back("mean Δ", "n/a (no common steps)");
        lines.emplace_back("zero Δ", "n/a (no common steps)");
    } else {
        lines.emplace_back("median Δ", delta_text(s.median, res, markdown));
        lines.emplace_back(
            "max Δ", fmt::format("{} at step {}", delta_text(s.max, res, markdown), s.max_step));
        lines.emplace_back("mean Δ", delta_text(s.mean, res, markdown));
        lines.emplace_back(
            "zero Δ", fmt::format("{} of {}", s.zero_deltas, plural(s.compared, "step", "steps")));
    }
    lines.emplace_back("non-finite Δ", nonfinite_text(s));
    return lines;
}

std::string resolution_text(const Resolution& r) {
    return r.full_precision ? "full precision"
                            : plural(static_cast<std::size_t>(r.decimals), "decimal", "decimals");
}

std::string ulps_text(const std::optional<double>& ulps, const Resolution& resolution) {
    if (ulps) {
        return fmt::format("{:.2f} float32 ULPs at the value's magnitude", *ulps);
    }
    return resolution.full_precision
               ? "n/a"
               : fmt::format("n/a: values rounded to {} decimals are not float32 values",
                             resolution.decimals);
}

// The drift findings as (name, value) pairs, shared by the text and markdown forms.
std::vector<std::pair<std::string, std::string>> drift_lines(const DiffReport& r, bool markdown) {
    const DriftAnalysis& d = r.drift;
    std::vector<std::pair<std::string, std::string>> lines;
    std::string prefix =
        d.identical_prefix_steps == 0
            ? std::string("none")
            : fmt::format("{} exactly equal", plural(d.identical_prefix_steps, "step", "steps"));
    if (d.first_difference) {
        prefix += fmt::format("; first difference at step {}: Δ={}", d.first_difference->step,
                              delta_text(d.first_difference->delta, d.resolution, markdown));
    } else if (d.identical_prefix_steps > 0) {
        prefix += ": every compared step";
    }
    lines.emplace_back("identical prefix", prefix);
    for (const auto& c : d.decades) {
        lines.emplace_back(fmt::format("first Δ > {:.0e}", c.threshold),
                           c.first_step ? fmt::format("step {}", *c.first_step) : "never");
    }
    std::string resolution =
        fmt::format("A {}, B {}", resolution_text(d.resolution_a), resolution_text(d.resolution_b));
    if (!d.resolution.full_precision) {
        resolution += fmt::format("; deltas at or below {:.0e} cannot be resolved and are marked "
                                  "[at resolution]",
                                  d.resolution.value());
    }
    lines.emplace_back("logged to", resolution);
    lines.emplace_back("step 1 Δ", ulps_text(d.step1_ulps, d.resolution));
    lines.emplace_back("step 2 Δ", ulps_text(d.step2_ulps, d.resolution));
    const GrowthFit& g = d.growth;
    std::string growth;
    if (g.fitted) {
        growth = fmt::format("largest Δ so far climbs from {} at step {} to {} at step {}: "
                             "e-fold every {:.1f} steps (fit over {} points, R² {:.2f})",
                             format_delta(g.first_delta, false), g.first_step,
                             format_delta(g.last_delta, false), g.last_step, g.steps_per_efold,
                             g.points, g.r_squared);
    } else if (g.points >= 3) {
        growth = fmt::format("no clear exponential climb (fit of ln Δ over steps {}-{}: R² {:.2f})",
                             g.first_step, g.last_step, g.r_squared);
    } else {
        growth = "no climb to fit";
    }
    lines.emplace_back("growth", growth);
    return lines;
}

// A mean to seven significant digits; "NaN" and "inf" as elsewhere.
std::string mean_text(double mean) {
    return std::isfinite(mean) ? fmt::format("{:.7g}", mean) : format_shortest(mean);
}

// Each epoch's mean of the field in both traces, as table rows.
std::vector<std::vector<std::string>> epoch_rows(const DiffReport& r, bool markdown) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& e : r.drift.epochs) {
        rows.push_back({fmt::format("{}", e.epoch), fmt::format("{}", e.steps), mean_text(e.mean_a),
                        mean_text(e.mean_b), delta_text(e.delta, r.drift.resolution, markdown)});
    }
    return rows;
}

std::vector<std::vector<std::string>> eval_rows(const DiffReport& r, bool markdown) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& e : r.drift.eval) {
        rows.push_back({e.metric, format_shortest(e.a), format_shortest(e.b),
                        format_delta(e.delta, markdown)});
    }
    return rows;
}

// Columns padded to their widest cell, for the plain-text report.
std::string plain_table(const std::vector<std::string>& header,
                        const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> width(header.size());
    for (std::size_t c = 0; c < header.size(); ++c) {
        width[c] = display_width(header[c]);
        for (const auto& row : rows) {
            width[c] = std::max(width[c], display_width(row[c]));
        }
    }
    auto line = [&](const std::vector<std::string>& cells) {
        std::string out = " ";
        for (std::size_t c = 0; c < cells.size(); ++c) {
            out += ' ';
            out += cells[c];
            if (c + 1 < cells.size()) {
                out.append(width[c] - display_width(cells[c]) + 1, ' ');
            }
        }
        return out + '\n';
    };
    std::string out = line(header);
    for (const auto& row : rows) {
        out += line(row);
    }
    return out;
}

const std::vector<std::string> k_epoch_header{"epoch", "steps", "mean A", "mean B", "Δ"};
const std::vector<std::string> k_eval_header{"metric", "A", "B", "Δ"};

Json resolution_json(const Resolution& r) {
    Json j = Json::object();
    j["full_precision"] = r.full_precision;
    j["decimals"] = r.full_precision ? Json(nullptr) : Json(r.decimals);
    j["value"] = r.full_precision ? Json(nullptr) : Json(r.value());
    return j;
}

Json drift_json(const DriftAnalysis& d) {
    Json j = Json::object();
    j["identical_prefix_steps"] = d.identical_prefix_steps;
    j["first_step_above"] = Json::array();
    for (const auto& c : d.decades) {
        Json crossing = Json::object();
        crossing["threshold"] = c.threshold;
        crossing["step"] = c.first_step ? Json(*c.first_step) : Json(nullptr);
        j["first_step_above"].push_back(std::move(crossing));
    }
    j["resolution"] = {{"a", resolution_json(d.resolution_a)},
                       {"b", resolution_json(d.resolution_b)},
                       {"coarser", resolution_json(d.resolution)}};
    j["step1_ulps"] = d.step1_ulps ? Json(*d.step1_ulps) : Json(nullptr);
    j["step2_ulps"] = d.step2_ulps ? Json(*d.step2_ulps) : Json(nullptr);
    Json growth = Json::object();
    growth["fitted"] = d.growth.fitted;
    growth["first_step"] = d.growth.points > 0 ? Json(d.growth.first_step) : Json(nullptr);
    growth["last_step"] = d.growth.points > 0 ? Json(d.growth.last_step) : Json(nullptr);
    growth["points"] = d.growth.points;
    growth["first_delta"] = d.growth.points > 0 ? Json(d.growth.first_delta) : Json(nullptr);
    growth["last_delta"] = d.growth.points > 0 ? Json(d.growth.last_delta) : Json(nullptr);
    growth["r_squared"] = d.growth.points >= 3 ? Json(d.growth.r_squared) : Json(nullptr);
    growth["slope_per_step"] = d.growth.fitted ? Json(d.growth.slope) : Json(nullptr);
    growth["steps_per_efold"] = d.growth.fitted ? Json(d.growth.steps_per_efold) : Json(nullptr);
    j["growth"] = std::move(growth);
    j["epochs"] = Json::array();
    for (const auto& e : d.epochs) {
        j["epochs"].push_back({{"epoch", e.epoch},
                               {"steps", e.steps},
                               {"mean_a", e.mean_a},
                               {"mean_b", e.mean_b},
                               {"delta", e.delta}});
    }
    j["eval"] = Json::array();
    for (const auto& e : d.eval) {
        j["eval"].push_back({{"metric", e.metric}, {"a", e.a}, {"b", e.b}, {"delta", e.delta}});
    }
    return j;
}

} // namespace

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

std::string render_diff_json(const DiffReport& r) {
    Json out = Json::object();
    out["field"] = r.field;
    out["traces"] = Json::array();
    for (const auto& t : r.traces) {
        Json j = trace_summary_json(t);
        j["has_header"] = t.has_header;
        j["ignored_records"] = Json::object();
        for (const auto& [kind, count] : t.ignored_kinds) {
            j["ignored_records"][kind] = count;
        }
        j["records_without_field"] = t.records_without_field;
        j["duplicate_records"] = t.duplicate_records;
        out["traces"].push_back(std::move(j));
    }

    Json header = Json::object();
    header["a_has_header"] = r.header.a_has_header;
    header["b_has_header"] = r.header.b_has_header;
    header["checked"] = r.header.both_have_headers();
    header["identical"] = r.header.identical();
    header["differences"] = Json::array();
    for (const auto& d : r.header.differences) {
        Json j = Json::object();
        j["field"] = d.field;
        j["a"] = d.a ? *d.a : Json(nullptr);
        j["b"] = d.b ? *d.b : Json(nullptr);
        j["a_present"] = d.a.has_value();
        j["b_present"] = d.b.has_value();
        header["differences"].push_back(std::move(j));
    }
    out["header"] = std::move(header);

    const Coverage& c = r.pair.coverage;
    auto ranges_json = [](const std::vector<StepRange>& ranges) {
        Json list = Json::array();
        for (const auto& range : ranges) {
            list.push_back(Json::array({range.first, range.last}));
        }
        return list;
    };
    Json coverage = Json::object();
    coverage["steps_compared"] = c.compared;
    coverage["first_compared_step"] = c.first_compared ? Json(*c.first_compared) : Json(nullptr);
    coverage["last_compared_step"] = c.last_compared ? Json(*c.last_compared) : Json(nullptr);
    coverage["steps_only_in_a"] = c.only_a;
    coverage["steps_only_in_b"] = c.only_b;
    coverage["only_in_a_ranges"] = ranges_json(c.only_a_ranges);
    coverage["only_in_b_ranges"] = ranges_json(c.only_b_ranges);
    out["coverage"] = std::move(coverage);

    const PairStats& s = r.pair.stats;
    Json stats = Json::object();
    put_pair_stats(stats, s);
    for (const auto& [key, delta] : {std::pair{"step1", s.step1}, std::pair{"step2", s.step2}}) {
        if (delta && delta->in_a) {
            put_number(stats, std::string(key) + "_a", delta->a, "");
        }
        if (delta && delta->in_b) {
            put_number(stats, std::string(key) + "_b", delta->b, "");
        }
    }
    if (s.compared > 0) {
        put_number(stats, "mean_delta", s.mean, "");
    } else {
        put_number(stats, "mean_delta", std::nullopt, "no common steps");
    }
    stats["zero_delta_steps"] = s.zero_deltas;
    stats["nonfinite_deltas"] = s.nonfinite_deltas;
    stats["first_nonfinite_step"] =
        s.nonfinite_deltas > 0 ? Json(s.first_nonfinite_step) : Json(nullptr);
    Json marks = Json::object();
    const Resolution& res = r.drift.resolution;
    marks["step1"] = s.step1 && s.step1->available() && at_resolution(s.step1->delta, res);
    marks["step2"] = s.step2 && s.step2->available() && at_resolution(s.step2->delta, res);
    marks["median"] = s.compared > 0 && at_resolution(s.median, res);
    marks["max"] = s.compared > 0 && at_resolution(s.max, res);
    marks["mean"] = s.compared > 0 && at_resolution(s.mean, res);
    stats["at_resolution"] = std::move(marks);
    out["stats"] = std::move(stats);
    out["drift"] = drift_json(r.drift);
    return out.dump(2) + "\n";
}

} // namespace tracediff
