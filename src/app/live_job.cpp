#include "live_job.hpp"

#include "tracediff/error.hpp"
#include "tracediff/exit_codes.hpp"
#include "tracediff/gate/live_check.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/read/live_parser.hpp"
#include "tracediff/read/read_trace.hpp"

#include <fmt/format.h>

#include <array>
#include <chrono>
#include <filesystem>

#include "child_process.hpp"
#include "live_reader.hpp"

namespace tracediff::app {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// A TensorBoard event file's part (live_event_files.hpp).
void feed_event_file(LiveCheck& live, const LiveEvent& e, double seconds) {
    if (e.kind == LiveEvent::Kind::event_file) {
        live.add_event_file(e.side, e.text);
    } else if (e.kind == LiveEvent::Kind::event_record) {
        live.add_event_record(e.side, e.text, e.offset, seconds);
    } else if (e.kind == LiveEvent::Kind::event_cut) {
        live.add_event_truncation(e.side, e.text);
    }
}

// Feeds the check what the readers read until it is decided.
void feed(LiveCheck& live, LiveQueue& queue, Clock::time_point start) {
    while (!live.done()) {
        for (LiveEvent& e : queue.pop_all()) {
            const double seconds = seconds_since(start);
            if (e.kind == LiveEvent::Kind::line) {
                live.add_line(e.side, e.text, seconds, e.terminated);
            } else if (e.kind == LiveEvent::Kind::end) {
                live.end(e.side, seconds);
            } else if (e.kind == LiveEvent::Kind::error) {
                throw Error(e.text);
            } else {
                feed_event_file(live, e, seconds);
            }
            if (live.done()) {
                return;
            }
        }
    }
}
// How each trace is read: B (and A, without a reference) followed with --follow or a command,
// unless it is a stream, which is read as it is written anyway.
std::array<LiveSource, 2> sources_of(const CheckRequest& request,
                                     const std::vector<std::string>& paths) {
    const bool has_command = !request.command.empty();
    std::optional<double> idle = request.idle_timeout;
    if (!idle && !has_command) {
        idle = 60.0;
    }
    std::array<LiveSource, 2> sources;
    for (std::size_t side = 0; side < 2; ++side) {
        const bool reference = side == 0 && !request.reference.empty();
        const bool follow =
            (request.follow || has_command) && !reference && !is_stream(paths[side]);
        sources[side] = {paths[side], follow, idle, nullptr};
        if (follow && has_command && std::filesystem::exists(paths[side])) {
            throw Error(fmt::format("{} exists already: remove it first, so that the check reads "
                                    "only what the command writes",
                                    paths[side]));
        }
    }
    return sources;
}

// Writes the report of a decided check, stops the command when a criterion failed and lets it
// finish otherwise; the exit code.
int conclude(CheckOutcome outcome, bool failed, ChildProcess* child, double grace,
             const CheckReporter& report, Warnings& warnings) {
    if (failed) {
        if (child != nullptr && !child->exited()) {
            outcome.live->notes.push_back(fmt::format(
                "stopping the command: SIGTERM to its process group, SIGKILL after {:g} s", grace));
        } else if (child != nullptr && !child->status_text().empty()) {
            outcome.live->notes.push_back(child->status_text()); // it crashed first
        }
        report(describe_check(outcome), warnings);
        if (child != nullptr) {
            child->stop(grace);
        }
        return k_exit_gate_failed;
    }
    if (child != nullptr) {
        child->wait(); // a passed check lets the command finish
        const std::string status = child->status_text();
        if (!status.empty() && outcome.passed()) {
            outcome.live->command_failure = status;
        } else if (!status.empty()) {
            outcome.live->notes.push_back(status);
        }
    }
    report(describe_check(outcome), warnings);
    if (!outcome.passed()) {
        return k_exit_gate_failed;
    }
    return child != nullptr ? child->failure_code() : k_exit_success;
}

} // namespace

bool reads_reference_whole(const CheckRequest& request, const std::vector<std::string>& paths) {
    return !request.reference.empty() && !is_stream(paths[0]);
}

int run_live_check(const LivePlan& plan, const CheckReporter& report, Warnings& warnings) {
    const CheckRequest& request = plan.request;
    const ReadOptions& options = plan.options;
    if (!options.format.empty()) {
        // A --from format that is read whole only is refused before the command starts.
        [[maybe_unused]] const LiveParser format_check(plan.paths[1], options);
    }
    const double grace = request.grace.value_or(10.0);
    const auto queue = std::make_shared<LiveQueue>();
    const Clock::time_point start = Clock::now();
    std::unique_ptr<ChildProcess> child;
    std::array<LiveSource, 2> sources = sources_of(request, plan.paths);
    // A finished reference is read whole, as the whole-file check reads it, before the command
    // starts: a reference that cannot be read stops the check before the run costs anything.
    std::optional<Trace> reference;
    if (reads_reference_whole(request, plan.paths)) {
        reference = read_trace(plan.paths[0], plan.reference_options);
    }
    if (!request.command.empty()) {
        child = std::make_unique<ChildProcess>(request.command, grace, [queue] {
            queue->push({{LiveEvent::Kind::command_exited, 0, ""}});
        });
        for (auto& s : sources) {
            s.writer_done = s.follow ? child->exited_flag() : nullptr;
        }
    }
    for (std::size_t side = reference ? 1 : 0; side < 2; ++side) {
        start_reader(side, sources[side], queue);
    }
    LiveCheck live(plan.spec, {plan.paths[0], plan.labels[0], options},
                   {plan.paths[1], plan.labels[1], options});
    if (reference) {
        live.end_with(0, std::move(*reference), 0.0);
    }
    try {
        feed(live, *queue, start);
    } catch (const Error& e) {
        if (!child) {
            throw;
        }
        child->stop(grace);
        const std::string status = child->status_text();
        throw Error(status.empty() ? std::string(e.what())
                                   : fmt::format("{} ({})", e.what(), status),
                    Error::Lines::several); // e.what() is printable, maybe of several lines
    }
    queue->close();
    warnings.add_all(live.warnings());
    return conclude(live.outcome(), live.failed(), child.get(), grace, report, warnings);
}

} // namespace tracediff::app
