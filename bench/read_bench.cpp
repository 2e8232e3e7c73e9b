// Reads log files with tracediff's reader, one at a time on one thread, and prints how long
// each read takes (the best of --runs, in wall-clock and in CPU seconds) and its throughput
// over the file's bytes. For the format benchmarks: the trace format against re-keyed JSON
// Lines, CSV and event files. CPU seconds tell more than wall-clock ones on a busy machine.
//
//   tracediff_read_bench [--runs N] [--threads 1|2] [--field NAME] [--alias FIELD=NAME] FILE...
#include "tracediff/error.hpp"
#include "tracediff/read/read_trace.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace {

using namespace tracediff;

struct Args {
    int runs = 5;
    unsigned threads = 1;
    std::string field = "loss";
    std::map<std::string, std::string> aliases;
    std::vector<std::string> files;
};

Args parse(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--runs" && i + 1 < argc) {
            a.runs = std::atoi(argv[++i]);
        } else if (arg == "--threads" && i + 1 < argc) {
            a.threads = static_cast<unsigned>(std::atoi(argv[++i]));
        } else if (arg == "--field" && i + 1 < argc) {
            a.field = argv[++i];
        } else if (arg == "--alias" && i + 1 < argc) {
            const std::string alias = argv[++i];
            a.aliases[alias.substr(0, alias.find('='))] = alias.substr(alias.find('=') + 1);
        } else {
            a.files.push_back(arg);
        }
    }
    return a;
}

double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

} // namespace

int main(int argc, char** argv) {
    const Args args = parse(argc, argv);
    if (args.files.empty()) {
        std::fputs("usage: tracediff_read_bench [--runs N] [--field NAME] [--alias F=NAME] "
                   "FILE...\n",
                   stderr);
        return 2;
    }
    ReadOptions options;
    options.fields = {{args.field, true}};
    options.threads = args.threads;
    apply_field_names(options, args.aliases, {});
    fmt::print("{:<40} {:>10} {:>10} {:>10} {:>10} {:>10}\n", "file", "MB", "steps", "seconds",
               "MB/s", "cpu s");
    for (const auto& path : args.files) {
        const double mb = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
        double best = 1e30;
        double best_cpu = 1e30;
        std::size_t steps = 0;
        for (int run = 0; run < args.runs; ++run) {
            const auto start = std::chrono::steady_clock::now();
            const double cpu_start = cpu_seconds();
            try {
                const Trace t = read_trace(path, options);
                steps = t.fields.front().series.size();
            } catch (const Error& e) {
                fmt::print(stderr, "{}\n", e.what());
                return 2;
            }
            best = std::min(
                best,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
            best_cpu = std::min(best_cpu, cpu_seconds() - cpu_start);
        }
        fmt::print("{:<40} {:>10.1f} {:>10} {:>10.3f} {:>10.0f} {:>10.3f}\n",
                   std::filesystem::path(path).filename().string(), mb, steps, best, mb / best,
                   best_cpu);
    }
    return 0;
}
