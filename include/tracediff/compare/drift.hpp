// How two runs drift apart: the findings the published write-ups state by hand.
//
//   identical prefix   leading compared steps whose values are exactly equal
//   decades            the first step whose delta exceeds 1e-7, 1e-6, ... 1e-1
//   resolution         the decimals a trace writes (6 for "%.6f"); deltas at or below the
//                      coarser resolution of a pair cannot be told from rounding in the log
//   ULPs               a delta in float32 units in the last place at the value's magnitude
//   growth             a least-squares fit, against step, of ln of the running maximum of
//                      |delta| over the drift phase: the climb that ends at the first delta
//                      reaching the run's median and starts after the last delta below a
//                      hundredth of it (or below the resolution); reported as steps per
//                      e-fold when R² >= 0.5
//   epochs             the mean of the field over each epoch's compared steps, per trace; a
//                      step is in the epoch of the integer part of its epoch number (floor:
//                      HuggingFace's epoch 2.44 is in epoch 2)
//   eval               the last `eval` record of each trace, metric by metric
#pragma once

#include "tracediff/compare/align.hpp"
#include "tracediff/compare/stats.hpp"
#include "tracediff/read/trace.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tracediff {

// The decimals a trace writes its values with, from the decimals each value was written with
// (the reader counts them in the text, read/trace.hpp): a trace writes d decimals when at least
// ten values were written as decimal text, d (1 to 9) is the most any of them has, and at least
// half of them have exactly d. Otherwise it counts as writing full precision (shortest
// round-trip form, or binary values), and none of its deltas are marked.
struct Resolution {
    int decimals = 0;
    bool full_precision = true;

    double value() const; // 10^-decimals; 0 for full precision
};

inline constexpr int k_full_precision_decimals = 9;

Resolution resolution_of(const DecimalText& text);

// |a - b| in float32 units in the last place at the larger magnitude of a and b.
double float32_ulps(double a, double b);

// A delta is said in float32 ULPs only when it is a few of them: at most this many.
inline constexpr double k_few_ulps = 16;

// float32_ulps(a, b) when both values are float32 values (a double that a float holds exactly)
// and they differ by at most k_few_ulps; nothing otherwise, where a count of ULPs would not
// describe the difference (a loss of 10 against 10.44 is not "456589 ULPs apart").
std::optional<double> few_float32_ulps(double a, double b);

// True when `delta` is at or below `resolution` (with room for the rounding of the decimal
// values themselves); never for full precision.
bool at_resolution(double delta, const Resolution& resolution);

// The coarser of two resolutions.
Resolution coarser(const Resolution& x, const Resolution& y);

struct DecadeCrossing {
    double threshold = 0.0;
    std::optional<std::int64_t> first_step; // empty when no delta exceeds the threshold
};

struct GrowthFit {
    // True when the fit shows growth: three or more points, a positive slope, and R² >= 0.5.
    bool fitted = false;
    std::int64_t first_step = 0;
    std::int64_t last_step = 0;
    double first_delta = 0.0; // the fitted values (running maxima) at first_step and last_step
    double last_delta = 0.0;
    std::size_t points = 0;
    double slope = 0.0;           // of ln|delta| per step
    double steps_per_efold = 0.0; // 1 / slope, when the slope is positive
    double r_squared = 0.0;       // of the fit of ln|delta| against step
};

struct EpochComparison {
    std::int64_t epoch = 0; // the integer part (floor) of the steps' epoch numbers
    std::size_t steps = 0;  // compared steps in the epoch
    double mean_a = 0.0;
    double mean_b = 0.0;
    double delta = 0.0; // |mean_a - mean_b|
};

struct EvalComparison {
    std::string metric;
    double a = 0.0;
    double b = 0.0;
    double delta = 0.0;
};

struct DriftAnalysis {
    std::size_t identical_prefix_steps = 0;
    std::optional<StepDelta> first_difference; // the compared step right after the prefix
    std::vector<DecadeCrossing> decades;       // 1e-7 ... 1e-1
    Resolution resolution_a;
    Resolution resolution_b;
    Resolution resolution; // the coarser of the two
    std::optional<double> step1_ulps;
    std::optional<double> step2_ulps;
    GrowthFit growth;
    std::vector<EpochComparison> epochs; // empty when neither trace has `epoch`
    std::vector<EvalComparison> eval;    // empty unless both traces have eval records
};

// `epoch_a`/`epoch_b` are the traces' `epoch` series (may be empty); `eval_a`/`eval_b` their
// last eval records (may be empty).
DriftAnalysis analyze_drift(const AlignedPair& pair, const PairStats& stats, const Series& a,
                            const Series& b, const Series& epoch_a, const Series& epoch_b,
                            const std::optional<Json>& eval_a, const std::optional<Json>& eval_b);

// The steps whose delta is finite and greater than zero, with ln(delta): the points of a fit.
GrowthFit fit_growth(const std::vector<std::int64_t>& steps, const std::vector<double>& deltas);

} // namespace tracediff
