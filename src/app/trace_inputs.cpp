#include "tracediff/app/trace_inputs.hpp"

#include "tracediff/error.hpp"
#include "tracediff/read/input_format.hpp"
#include "tracediff/read/read_trace.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <optional>
#include <thread>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace tracediff::app {

namespace {

// Traces and pair statistics allocate many blocks of a few megabytes, one set per trace and
// per pair. By default glibc maps each such block anew and returns it to the system when
// freed, so every pair pays for page faults and zeroed pages again. Keep blocks up to 32 MiB
// (glibc's maximum) in the heap instead, where freed blocks are reused.
void keep_large_blocks_in_heap() {
#if defined(__GLIBC__)
    static const bool once = [] {
        mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
        mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
        return true;
    }();
    (void)once;
#endif
}

} // namespace

ReadOptions read_options_for(const ReadOptions& base, const InputOptions& input,
                             const ManifestTrace* entry) {
    ReadOptions options = base;
    options.format = entry != nullptr && !entry->from.empty() ? entry->from : input.from;
    options.step_key =
        entry != nullptr && !entry->step_key.empty() ? entry->step_key : input.step_key;
    options.pattern = entry != nullptr && !entry->pattern.empty() ? entry->pattern : input.pattern;
    if (!options.format.empty() && format_named(options.format).name != "text" &&
        !options.pattern.empty()) {
        const bool format_of_entry = entry != nullptr && !entry->from.empty();
        const bool pattern_of_entry = entry != nullptr && !entry->pattern.empty();
        if (format_of_entry && !pattern_of_entry) {
            options.pattern.clear(); // the pattern is for the text logs among the traces
        } else {
            throw Error(fmt::format("a pattern reads text logs; it does not go with the format "
                                    "'{}'",
                                    options.format));
        }
    }
    check_text_pattern(options);
    apply_field_names(options, input.aliases,
                      entry != nullptr ? entry->fields : std::map<std::string, std::string>{});
    return options;
}

ReadOptions diff_read_options(const std::string& field) {
    ReadOptions options;
    options.fields = {{field, true}};
    if (field != "epoch") {
        options.fields.push_back({"epoch", false});
    }
    return options;
}

void refuse_stdin_twice(const std::vector<std::string>& paths) {
    if (std::count(paths.begin(), paths.end(), "-") > 1) {
        throw Error("standard input ('-') can be read only once");
    }
}

void run_parallel(std::size_t count, const std::function<void(std::size_t)>& task) {
    const std::size_t cores = std::max(1U, std::thread::hardware_concurrency());
    const std::size_t workers = std::min(count, cores);
    std::vector<std::exception_ptr> errors(count);
    std::atomic<std::size_t> next{0};
    const auto work = [&] {
        for (std::size_t i = next++; i < count; i = next++) {
            try {
                task(i);
            } catch (...) {
                errors[i] = std::current_exception();
            }
        }
    };
    {
        std::vector<std::jthread> threads;
        for (std::size_t w = 1; w < workers; ++w) {
            threads.emplace_back(work);
        }
        work();
    } // joins
    for (const auto& e : errors) {
        if (e) {
            std::rethrow_exception(e);
        }
    }
}

std::vector<Trace> load_traces(const std::vector<std::string>& paths,
                               const std::vector<ReadOptions>& options, Warnings& warnings) {
    refuse_stdin_twice(paths);
    keep_large_blocks_in_heap();
    // Read the traces in parallel; then report in input order, as reading them one by one
    // would: the warnings of every trace before the first that failed, then its error.
    const std::size_t n = paths.size();
    std::vector<std::optional<Trace>> loaded(n);
    std::vector<std::exception_ptr> errors(n);
    std::atomic<std::size_t> first_failed{n};
    run_parallel(n, [&](std::size_t i) {
        if (i > first_failed.load()) {
            return; // a trace before this one failed: this one will not be reported
        }
        try {
            loaded[i] = read_trace(paths[i], options[i]);
        } catch (...) {
            errors[i] = std::current_exception();
            std::size_t seen = first_failed.load();
            while (i < seen && !first_failed.compare_exchange_weak(seen, i)) {
            }
        }
    });
    std::vector<Trace> traces;
    traces.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (errors[i]) {
            std::rethrow_exception(errors[i]);
        }
        traces.push_back(std::move(*loaded[i]));
        loaded[i].reset();
        warnings.add_all(traces.back().warnings);
    }
    return traces;
}

void keep_steps(std::vector<Trace>& traces, const StepRange& range) {
    for (Trace& trace : traces) {
        for (FieldSeries& f : trace.fields) {
            f.series = restrict_to(f.series, range);
        }
    }
}

} // namespace tracediff::app
