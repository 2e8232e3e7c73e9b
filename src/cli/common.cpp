#include "tracediff/cli/common.hpp"

#include "tracediff/compare/header_check.hpp"
#include "tracediff/error.hpp"
#include "tracediff/io/output_file.hpp"
#include "tracediff/read/manifest.hpp"
#include "tracediff/read/read_trace.hpp"
#include "tracediff/render/labels.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <atomic>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <cstdio>
#include <exception>
#include <optional>
#include <thread>

namespace tracediff::cli {

ComparisonPlan make_comparison_plan(const std::string& command,
                                    const std::vector<std::string>& files,
                                    const std::string& manifest, const std::string& field,
                                    bool all_pairs) {
    if (!manifest.empty() && !files.empty()) {
        throw Error("give trace files or --manifest, not both");
    }
    ComparisonPlan plan;
    auto row_of = [](std::size_t a, std::size_t b, std::string note) {
        PairRow row;
        row.a = a;
        row.b = b;
        row.note = std::move(note);
        return row;
    };
    if (!manifest.empty()) {
        const Manifest m = load_manifest(manifest);
        plan.title = m.title;
        plan.field = m.field.value_or("loss");
        for (const auto& t : m.traces) {
            plan.paths.push_back(t.path);
            plan.labels.push_back(t.label);
        }
        if (m.baseline) {
            plan.baseline = row_of(m.baseline->a, m.baseline->b, m.baseline->note);
        }
        for (const auto& c : m.comparisons) {
            plan.rows.push_back(row_of(c.a, c.b, c.note));
        }
        plan.grid = m.grid;
    } else {
        if (files.size() < 2) {
            throw Error(fmt::format("{} needs at least two trace files or --manifest, got {}",
                                    command, files.size()));
        }
        plan.field = "loss";
        plan.paths = files;
        plan.labels = derive_labels(plan.paths);
        all_pairs = true;
    }
    if (!field.empty()) {
        plan.field = field;
    }
    if (plan.field.empty()) {
        throw Error("--field must not be empty");
    }
    if (all_pairs) {
        plan.rows.clear();
        for (std::size_t i = 0; i < plan.paths.size(); ++i) {
            for (std::size_t j = i + 1; j < plan.paths.size(); ++j) {
                plan.rows.push_back(row_of(i, j, ""));
            }
        }
    }
    return plan;
}

ReadOptions diff_read_options(const std::string& field) {
    ReadOptions options;
    options.fields = {{field, true}};
    if (field != "epoch") {
        options.fields.push_back({"epoch", false});
    }
    return options;
}

void warn(const std::string& message) {
    std::fflush(stdout);
    fmt::print(stderr, "tracediff: warning: {}\n", message);
}

void check_stdin_used_once(const std::vector<std::string>& paths) {
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

std::vector<Trace> load_traces(const std::vector<std::string>& paths, const ReadOptions& options) {
    check_stdin_used_once(paths);
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
            loaded[i] = read_trace(paths[i], options);
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
        for (const auto& w : traces.back().warnings) {
            warn(w);
        }
    }
    return traces;
}

void warn_about_headers(const Trace& a, const Trace& b, const std::string& label_a,
                        const std::string& label_b) {
    const HeaderVerdict verdict = compare_headers(a.header, b.header);
    if (!verdict.mismatch()) {
        return;
    }
    if (!verdict.both_have_headers()) {
        warn(fmt::format("only '{}' has a header, so '{}' and '{}' cannot be checked to be the "
                         "same network and configuration",
                         verdict.a_has_header ? label_a : label_b, label_a, label_b));
        return;
    }
    std::vector<std::string> parts;
    for (const auto& d : verdict.differences) {
        parts.push_back(describe_difference(d));
    }
    warn(fmt::format("the headers of '{}' and '{}' differ: {}", label_a, label_b,
                     fmt::join(parts, "; ")));
}

void warn_about_coverage(const PairRow& row, const std::string& label_a,
                         const std::string& label_b) {
    const Coverage& c = row.coverage;
    if (c.compared == 0) {
        warn(fmt::format("'{}' and '{}' have no step in common", label_a, label_b));
    } else if (c.only_a > 0 || c.only_b > 0) {
        auto steps = [](std::size_t n) {
            return n == 1 ? std::string("1 step") : fmt::format("{} steps", n);
        };
        std::vector<std::string> parts;
        if (c.only_a > 0) {
            parts.push_back(fmt::format("{} only in '{}'", steps(c.only_a), label_a));
        }
        if (c.only_b > 0) {
            parts.push_back(fmt::format("{} only in '{}'", steps(c.only_b), label_b));
        }
        warn(fmt::format("'{}' vs '{}': {} {} not compared", label_a, label_b,
                         fmt::join(parts, " and "), c.only_a + c.only_b == 1 ? "is" : "are"));
    }
}

OutputFormat parse_format(const std::string& name) {
    if (name == "markdown" || name == "md") {
        return OutputFormat::markdown;
    }
    if (name == "csv") {
        return OutputFormat::csv;
    }
    if (name == "json") {
        return OutputFormat::json;
    }
    return OutputFormat::text;
}

void add_output_options(CLI::App& sub, std::string& format, std::string& output,
                        std::vector<std::string> formats) {
    const std::string names = fmt::format("{}", fmt::join(formats, ", "));
    if (std::find(formats.begin(), formats.end(), "markdown") != formats.end()) {
        formats.push_back("md");
    }
    sub.add_option("--format", format, "Output format: " + names)
        ->type_name("FORMAT")
        ->check(CLI::IsMember(formats))
        ->capture_default_str();
    sub.add_option("--output,-o", output, "Write the report to FILE instead of standard output")
        ->type_name("FILE");
}

void check_output(const std::string& output, const std::vector<std::string>& inputs) {
    check_not_an_input(output, inputs);
}

void emit(const std::string& output, const std::string& text) {
    write_output(output, text);
}

} // namespace tracediff::cli
