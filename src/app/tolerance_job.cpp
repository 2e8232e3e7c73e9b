#include "tracediff/app/tolerance_job.hpp"

#include "tracediff/error.hpp"
#include "tracediff/io/file_identity.hpp"
#include "tracediff/render/labels.hpp"
#include "tracediff/render/numbers.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "pair_warnings.hpp"

namespace tracediff::app {

namespace {

constexpr PairStat k_stats[] = {PairStat::step1, PairStat::step2, PairStat::median, PairStat::max};

// Why a pair gives no value for `stat`.
std::string missing_reason(const PairRow& row, PairStat stat) {
    if (row.stats.compared == 0) {
        return "no step in common";
    }
    const auto value = stat_value(row.stats, stat);
    if (!value) {
        return "a step one of them lacks";
    }
    return fmt::format("a delta that is not finite ({})", format_shortest(*value));
}

StatTolerance tolerance_of(PairStat stat, const std::vector<PairRow>& rows,
                           const std::vector<std::string>& labels, double factor) {
    StatTolerance t;
    t.stat = stat;
    t.name = matrix_stat_name(stat);
    for (const PairRow& row : rows) {
        const std::string pair = fmt::format("{} vs {}", labels[row.a], labels[row.b]);
        const auto value = stat_value(row.stats, stat);
        if (!value || !std::isfinite(*value)) {
            t.largest.reset();
            t.why_none = fmt::format("{} has {}", pair, missing_reason(row, stat));
            return t;
        }
        if (!t.largest || *value > *t.largest) {
            t.largest = *value;
            t.pair = pair;
        }
    }
    t.limit_text = round_up_two_digits(*t.largest * factor);
    std::from_chars(t.limit_text.data(), t.limit_text.data() + t.limit_text.size(), t.limit);
    return t;
}

} // namespace

std::string round_up_two_digits(double value) {
    if (!(value > 0) || !std::isfinite(value)) {
        return "0";
    }
    // value = d * 10^e with 10 <= d < 100; the two digits are ceil(d), less a hair of binary
    // rounding, so that 4.8e-07 computed as 4.8000000000000001e-07 stays 4.8e-07.
    int e = static_cast<int>(std::floor(std::log10(value))) - 1;
    double digits = std::ceil(value / std::pow(10.0, e) * (1 - 1e-12));
    if (digits >= 100) {
        digits = 10;
        ++e;
    }
    const auto n = static_cast<int>(digits);
    return fmt::format("{}.{}e{:+03d}", n / 10, n % 10, e + 1);
}

ToleranceReport measure_tolerances(const ToleranceRequest& request, Warnings& warnings) {
    if (request.files.size() < 2) {
        throw Error(fmt::format("tolerance needs at least two reruns of one configuration (their "
                                "differences are the noise a limit must allow), got {}",
                                request.files.size()));
    }
    if (!(request.factor >= 1) || !std::isfinite(request.factor)) {
        throw Error(fmt::format("--factor must be a number >= 1, got {}", request.factor));
    }
    check_outputs(request.outputs, request.files);
    const ReadOptions options =
        read_options_for(ReadOptions{{{request.field, true}}}, request.input);
    const std::vector<Trace> traces = load_traces(
        request.files, std::vector<ReadOptions>(request.files.size(), options), warnings);
    ToleranceReport report;
    report.field = request.field;
    report.factor = request.factor;
    report.labels = derive_labels(request.files);
    std::vector<PairRow> rows(traces.size() * (traces.size() - 1) / 2);
    std::vector<std::pair<std::size_t, std::size_t>> index;
    for (std::size_t i = 0; i < traces.size(); ++i) {
        for (std::size_t j = i + 1; j < traces.size(); ++j) {
            index.emplace_back(i, j);
        }
    }
    run_parallel(index.size(), [&](std::size_t k) {
        rows[k] = compare_pair(traces[index[k].first], traces[index[k].second], index[k].first,
                               index[k].second, request.field);
    });
    for (const PairRow& row : rows) {
        warn_about_coverage(warnings, row, report.labels[row.a], report.labels[row.b]);
    }
    report.pairs = rows.size();
    for (const PairStat stat : k_stats) {
        report.stats.push_back(tolerance_of(stat, rows, report.labels, request.factor));
    }
    return report;
}

} // namespace tracediff::app
