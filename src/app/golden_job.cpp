#include "tracediff/app/golden_job.hpp"

#include "tracediff/error.hpp"
#include "tracediff/io/file_identity.hpp"
#include "tracediff/io/output_file.hpp"
#include "tracediff/render/golden_writer.hpp"
#include "tracediff/render/numbers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace tracediff::app {

namespace {

// The steps of `series` that are kept: in the range, and every K-th from the first of those.
std::vector<std::size_t> kept_indices(const Series& series, const GoldenRequest& request) {
    std::vector<std::size_t> kept;
    std::optional<std::int64_t> first;
    for (std::size_t i = 0; i < series.size(); ++i) {
        const std::int64_t step = series.steps[i];
        if (request.steps && (step < request.steps->first || step > request.steps->last)) {
            continue;
        }
        first = first.value_or(step);
        if ((step - *first) % request.every == 0) {
            kept.push_back(i);
        }
    }
    return kept;
}

void refuse_nonfinite(double value, std::int64_t step, const std::string& field,
                      const std::string& path) {
    if (!std::isfinite(value)) {
        throw Error(fmt::format("{}: '{}' is {} at step {}; a golden holds finite values only",
                                path, field, format_shortest(value), step));
    }
}

// One field of the golden: one run's values, or the band of several runs over the steps they
// all have.
GoldenField golden_field(const std::string& name, const std::vector<Trace>& runs,
                         const GoldenRequest& request, Warnings& warnings) {
    GoldenField g;
    g.name = name;
    g.step_interval = request.every;
    g.runs = runs.size();
    std::map<std::int64_t, std::vector<double>> at_step; // step -> the runs' values
    for (const Trace& run : runs) {
        const Series& s = run.field(name).series;
        for (const std::size_t i : kept_indices(s, request)) {
            refuse_nonfinite(s.values[i], s.steps[i], name, run.path);
            at_step[s.steps[i]].push_back(s.values[i]);
        }
    }
    std::vector<std::int64_t> partial;
    for (const auto& [step, values] : at_step) {
        if (values.size() < runs.size()) {
            partial.push_back(step);
            continue;
        }
        const auto n = static_cast<double>(values.size());
        double sum = 0;
        for (const double v : values) {
            sum += v;
        }
        // Reruns that agree exactly have that value as their mean, not a rounding of n * v / n.
        const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
        const double mean = *lo == *hi ? *lo : sum / n;
        g.steps.push_back(step);
        g.values.push_back(mean);
        if (runs.size() >= 2) {
            double squares = 0;
            for (const double v : values) {
                squares += (v - mean) * (v - mean);
            }
            g.std.push_back(std::sqrt(squares / (n - 1)));
            g.min.push_back(*lo);
            g.max.push_back(*hi);
        }
    }
    if (!partial.empty()) {
        warnings.add(fmt::format("'{}': {} not logged by every run {} left out of the golden: {}",
                                 name, partial.size() == 1 ? "a step" : "steps",
                                 partial.size() == 1 ? "is" : "are",
                                 format_ranges(to_ranges(partial))));
    }
    if (g.steps.empty()) {
        throw Error(fmt::format("no step of '{}' is in every run{}: nothing to write", name,
                                request.steps ? " within --steps" : ""));
    }
    return g;
}

} // namespace

void write_golden(const GoldenRequest& request, Warnings& warnings) {
    if (request.files.empty()) {
        throw Error("golden needs a run (or several reruns) to write");
    }
    if (request.every < 1) {
        throw Error(fmt::format("--every must be a whole number >= 1, got {}", request.every));
    }
    if (request.fields.empty()) {
        throw Error("golden needs a field to write");
    }
    check_outputs({request.output}, request.files);
    ReadOptions base;
    base.fields.clear();
    for (const std::string& f : request.fields) {
        base.fields.push_back({f, true});
    }
    const ReadOptions options = read_options_for(base, request.input);
    const std::vector<Trace> runs = load_traces(
        request.files, std::vector<ReadOptions>(request.files.size(), options), warnings);
    std::vector<GoldenField> fields;
    for (const std::string& f : request.fields) {
        fields.push_back(golden_field(f, runs, request, warnings));
    }
    write_output(request.output, render_golden_json(fields));
}

} // namespace tracediff::app
