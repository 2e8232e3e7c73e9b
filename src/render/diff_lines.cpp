#include "diff_lines.hpp"

#include "tracediff/render/numbers.hpp"
#include "tracediff/render/text_table.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

namespace tracediff::diff_lines {

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
    if (t.unmatched_lines > 0) {
        parts.push_back(t.pattern ? plural(t.unmatched_lines, "line", "lines") +
                                        " not matching the pattern"
                                  : plural(t.unmatched_lines, "other line", "other lines"));
    }
    if (t.non_scalar_values > 0) {
        parts.push_back(plural(t.non_scalar_values, "non-scalar value", "non-scalar values"));
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

namespace {

constexpr const char* k_mark = " [at resolution]";

} // namespace

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

// "mean +1.20e-03; B higher at 700, lower at 280, equal at 20 of 1000 steps; sign test
// p = 3.9e-42": whether one run is systematically above the other.
std::string bias_text(const Bias& b, bool markdown) {
    if (b.steps() == 0) {
        return "n/a (no step where both values are finite)";
    }
    return fmt::format("mean {}; B higher at {}, lower at {}, equal at {} of {}; sign test p = {}",
                       format_signed(b.mean, markdown), b.b_higher, b.a_higher, b.equal,
                       plural(b.steps(), "step", "steps"), format_p_value(b.p_value));
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
    lines.emplace_back("bias (B − A)", bias_text(s.bias, markdown));
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
               ? fmt::format("n/a: not two float32 values within {:g} ULPs", k_few_ulps)
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

} // namespace tracediff::diff_lines
