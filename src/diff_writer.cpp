#include "tracediff/diff_writer.hpp"

#include "tracediff/format.hpp"
#include "tracediff/json_values.hpp"
#include "tracediff/table_writer.hpp"
#include "tracediff/text_table.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

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

// "1.97e-07 at step 1 (A 2.419938802719116, B 2.419939)" or why there is no value.
std::string step_delta_text(const std::optional<StepDelta>& d, bool markdown) {
    if (!d) {
        return "n/a (no such step)";
    }
    if (!d->available()) {
        return fmt::format("missing at step {}: {} has no such step", d->step, d->in_a ? "B" : "A");
    }
    return fmt::format("{} at step {} (A {}, B {})", format_delta(d->delta, markdown), d->step,
                       format_shortest(d->a), format_shortest(d->b));
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
    std::vector<std::pair<std::string, std::string>> lines;
    lines.emplace_back("step 1 Δ", step_delta_text(s.step1, markdown));
    lines.emplace_back("step 2 Δ", step_delta_text(s.step2, markdown));
    if (s.compared == 0) {
        lines.emplace_back("median Δ", "n/a (no common steps)");
        lines.emplace_back("max Δ", "n/a (no common steps)");
        lines.emplace_back("mean Δ", "n/a (no common steps)");
        lines.emplace_back("zero Δ", "n/a (no common steps)");
    } else {
        lines.emplace_back("median Δ", format_delta(s.median, markdown));
        lines.emplace_back("max Δ",
                           fmt::format("{} at step {}", format_delta(s.max, markdown), s.max_step));
        lines.emplace_back("mean Δ", format_delta(s.mean, markdown));
        lines.emplace_back(
            "zero Δ", fmt::format("{} of {}", s.zero_deltas, plural(s.compared, "step", "steps")));
    }
    lines.emplace_back("non-finite Δ", nonfinite_text(s));
    return lines;
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
    out += fmt::format("  {:<14}{}\n", "compared", compared_text(c));
    out += fmt::format("  {:<14}{}\n", "only in A", coverage_text(c.only_a, c.only_a_ranges));
    out += fmt::format("  {:<14}{}\n", "only in B", coverage_text(c.only_b, c.only_b_ranges));

    out += fmt::format("\nstatistics of |A - B|\n");
    for (const auto& [name, value] : statistics_lines(r, false)) {
        // fmt pads by code points, so "Δ" counts as one column.
        out += fmt::format("  {:<14}{}\n", name, value);
    }

    out += "\nrecords not compared\n";
    for (std::size_t i = 0; i < 2; ++i) {
        out += fmt::format("  {:<14}{}\n", k_side_names[i], ignored_records(r.traces[i], r.field));
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
              "steps_only_in_a,steps_only_in_b,header_identical\n";
    row += fmt::format(",{},{},{},{},{},{},{}\n", s.compared > 0 ? format_shortest(s.mean) : "",
                       s.zero_deltas, s.nonfinite_deltas,
                       s.nonfinite_deltas > 0 ? fmt::format("{}", s.first_nonfinite_step) : "",
                       c.only_a, c.only_b, r.header.identical() ? "true" : "false");
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
    out["stats"] = std::move(stats);
    return out.dump(2) + "\n";
}

} // namespace tracediff
