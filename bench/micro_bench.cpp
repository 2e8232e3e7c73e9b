// Micro-benchmarks of the reader (fast and tolerant path), the aligner and the statistics.
//
//   cmake -S . -B build-bench -DTRACEDIFF_BUILD_BENCHMARKS=ON && cmake --build build-bench
//   build-bench/bench/tracediff_micro_bench
#include "tracediff/compare/align.hpp"
#include "tracediff/compare/stats.hpp"
#include "tracediff/read/read_trace.hpp"
#include "tracediff/read/trace_parser.hpp"

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>

namespace {

using namespace tracediff;

// A trace of `steps` step records in the style of the shared traces: "python" writes float32
// values as the shortest double repr with spaces, "fixed" six decimals without spaces.
std::string make_trace(std::int64_t steps, bool python, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> noise(0.0, 0.2);
    std::string text;
    text.reserve(static_cast<std::size_t>(steps) * 100);
    for (std::int64_t step = 1; step <= steps; ++step) {
        const double loss = 2.3 * std::exp(-static_cast<double>(step) / 1e5) + noise(rng);
        if (python) {
            text += fmt::format("{{\"kind\": \"step\", \"step\": {}, \"epoch\": {}, \"loss\": {}, "
                                "\"lr\": {}}}\n",
                                step, step / 1000, static_cast<double>(static_cast<float>(loss)),
                                static_cast<double>(0.001F));
        } else {
            text += fmt::format(
                "{{\"kind\":\"step\",\"step\":{},\"epoch\":{},\"loss\":{:.6f},\"lr\":{:.6f}}}\n",
                step, step / 1000, loss, 0.001);
        }
    }
    return text;
}

void read_lines(benchmark::State& state, bool python, bool fast) {
    const std::string text = make_trace(state.range(0), python, 1);
    ReadOptions options;
    options.fast_path = fast;
    for (auto _ : state) {
        Trace t = parse_trace(text, "bench.jsonl", options);
        benchmark::DoNotOptimize(t.fields.front().series.values.data());
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_ReadFastPython(benchmark::State& state) {
    read_lines(state, true, true);
}
void BM_ReadFastFixed(benchmark::State& state) {
    read_lines(state, false, true);
}
void BM_ReadTolerantPython(benchmark::State& state) {
    read_lines(state, true, false);
}
void BM_ReadTolerantFixed(benchmark::State& state) {
    read_lines(state, false, false);
}

Series make_series(std::int64_t steps, std::uint64_t seed, std::int64_t stride) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> value(0.0, 3.0);
    Series s;
    for (std::int64_t step = 1; step <= steps * stride; step += stride) {
        s.steps.push_back(step);
        s.values.push_back(value(rng));
    }
    return s;
}

void BM_Align(benchmark::State& state) {
    const Series a = make_series(state.range(0), 1, 1);
    const Series b = make_series(state.range(0), 2, 1);
    for (auto _ : state) {
        AlignedPair p = align(a, b);
        benchmark::DoNotOptimize(p.steps.data());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_AlignHalfOverlap(benchmark::State& state) {
    const Series a = make_series(state.range(0), 1, 1);
    const Series b = make_series(state.range(0), 2, 2);
    for (auto _ : state) {
        AlignedPair p = align(a, b);
        benchmark::DoNotOptimize(p.steps.data());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_ComputeStats(benchmark::State& state) {
    const AlignedPair p =
        align(make_series(state.range(0), 1, 1), make_series(state.range(0), 2, 1));
    for (auto _ : state) {
        PairStats s = compute_stats(p);
        benchmark::DoNotOptimize(s.median);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_Median(benchmark::State& state) {
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> value(0.0, 1e-3);
    std::vector<double> deltas(static_cast<std::size_t>(state.range(0)));
    for (auto& d : deltas) {
        d = value(rng);
    }
    std::vector<double> work;
    for (auto _ : state) {
        state.PauseTiming();
        work = deltas;
        state.ResumeTiming();
        benchmark::DoNotOptimize(median_of(work));
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

} // namespace

BENCHMARK(BM_ReadFastPython)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadFastFixed)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadTolerantPython)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadTolerantFixed)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Align)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AlignHalfOverlap)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ComputeStats)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Median)->Arg(1000000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
