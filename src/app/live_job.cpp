#include "live_job.hpp"

#include "tracediff/error.hpp"
#include "tracediff/exit_codes.hpp"
#include "tracediff/gate/live_check.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/read/fast_line.hpp"
#include "tracediff/read/live_parser.hpp"
#include "tracediff/read/read_trace.hpp"

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

#include "child_process.hpp"
#include "live_reader.hpp"
#include "whole_files.hpp"

namespace tracediff::app {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// A TensorBoard event file's part (live_event_files.hpp).
void feed_event_file(LiveCheck& live, const LiveEvent& e, double seconds) {
    live.add(
        e.side,
        [&](LiveParser& parser) {
            if (e.kind == LiveEvent::Kind::event_file) {
                parser.add_event_file(e.text);
            } else if (e.kind == LiveEvent::Kind::event_record) {
                parser.add_event_record(e.text, e.offset);
            } else if (e.kind == LiveEvent::Kind::event_cut) {
                parser.add_event_truncation(e.text);
            }
        },
        seconds);
}

// Feeds the check what the readers read until it is decided: blocks of whole lines, or a
// TensorBoard event file's records, and the finished files read beside.
void feed(LiveCheck& live, LiveQueue& queue, WholeFiles& files, Clock::time_point start) {
    while (!live.done()) {
        for (LiveEvent& e : queue.pop_all()) {
            const double seconds = seconds_since(start);
            try {
                if (e.kind == LiveEvent::Kind::lines) {
                    live.add_lines(e.side, std::string_view(e.text).substr(0, e.length), seconds);
                    queue.recycle(std::move(e.text));
                } else if (e.kind == LiveEvent::Kind::end) {
                    files.end(e.side, seconds);
                } else if (e.kind == LiveEvent::Kind::file_read) {
                    files.arrived(e.side, seconds);
                } else if (e.kind == LiveEvent::Kind::error) {
                    throw Error(e.text);
                } else {
                    feed_event_file(live, e, seconds);
                }
            } catch (const Error&) {
                // An error of the live trace: the records before it are looked at with the
                // files there first, and may decide the check.
                files.wait_for_all(seconds);
                if (!live.done()) {
                    throw;
                }
            }
            if (live.done()) {
                return;
            }
        }
    }
}

// Closes the queue however the check ends: a reader waiting for room goes on (and the one of
// the command's output drains it to its end).
struct ClosesQueue {
    LiveQueue& queue;
    ~ClosesQueue() { queue.close(); }
};

// How each trace is read: B (and A, without a reference) followed with --follow or a command,
// unless it is a stream, which is read as it is written anyway. Every live input ends when it
// has not grown for the idle timeout (60 s by default, none with a command); with a command,
// the traces it writes (all but the reference) end when it exits.
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
        const bool output = side == 1 && reads_command_output(request, paths);
        const bool follow =
            (request.follow || has_command) && !reference && !output && !is_stream(paths[side]);
        // The command's output ends when the command exits; it is read (and echoed) to its
        // end whatever the verdict, or the command would block on a full pipe.
        sources[side] = {paths[side], follow, output ? std::nullopt : idle, nullptr, output};
        if (follow && has_command && std::filesystem::exists(paths[side])) {
            throw Error(fmt::format("{} exists already: remove it first, so that the check reads "
                                    "only what the command writes",
                                    paths[side]));
        }
    }
    return sources;
}

// Whether a trace is a finished file, neither followed nor a stream (nor the command's output):
// then it is read whole, as the whole-file check reads it, while the other is read
// (whole_files.hpp).
bool read_whole(const LiveSource& source) {
    return !source.follow && !source.echo && !is_stream(source.path);
}

// Notes what stopping the command's process group will stop, if anything: the command, or
// what it left running (a data-loader worker, a monitor) once it has exited.
void note_stopping(ChildProcess& child, double grace, std::vector<std::string>& notes) {
    if (!child.exited()) {
        notes.push_back(fmt::format(
            "stopping the command: SIGTERM to its process group, SIGKILL after {:g} s", grace));
    } else if (child.group_left()) {
        notes.push_back(fmt::format("stopping what the command left running: SIGTERM to its "
                                    "process group, SIGKILL after {:g} s",
                                    grace));
    }
}

// Writes the report of a decided check and stops the command's process group: at once when a
// criterion failed, once the command has finished otherwise; the exit code.
int conclude(CheckOutcome outcome, bool failed, ChildProcess* child, double grace,
             const CheckReporter& report, Warnings& warnings) {
    if (child != nullptr && !failed) {
        child->wait(); // a passed check lets the command finish
    }
    if (child != nullptr && child->exited()) {
        const std::string status = child->status_text();
        if (!status.empty() && !failed && outcome.passed()) {
            outcome.live->command_failure = status;
        } else if (!status.empty()) {
            outcome.live->notes.push_back(status); // it crashed first
        }
    }
    if (child != nullptr) {
        note_stopping(*child, grace, outcome.live->notes);
    }
    report(describe_check(outcome), warnings);
    if (child != nullptr) {
        child->stop(grace);
    }
    if (failed || !outcome.passed()) {
        return k_exit_gate_failed;
    }
    return child != nullptr ? child->failure_code() : k_exit_success;
}

} // namespace

bool reads_command_output(const CheckRequest& request, const std::vector<std::string>& paths) {
    return !request.command.empty() && paths.size() > 1 && paths[1] == "-";
}

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
    const ClosesQueue closes{*queue};
    const Clock::time_point start = Clock::now();
    std::unique_ptr<ChildProcess> child;
    std::array<LiveSource, 2> sources = sources_of(request, plan.paths);
    // A finished reference is read whole, as the whole-file check reads it, before the command
    // starts: a reference that cannot be read stops the check before the run costs anything.
    std::optional<Trace> whole_reference;
    if (reads_reference_whole(request, plan.paths)) {
        whole_reference = read_trace(plan.paths[0], plan.reference_options);
    }
    if (!request.command.empty()) {
        // A candidate '-' is the command's standard output: a pipe put in place of tracediff's
        // own standard input once the command has started (it keeps tracediff's).
        std::array<int, 2> output{-1, -1};
        if (reads_command_output(request, plan.paths) && ::pipe2(output.data(), O_CLOEXEC) != 0) {
            throw Error(fmt::format("cannot read the command's output: {}", std::strerror(errno)));
        }
        try {
            child = std::make_unique<ChildProcess>(
                request.command, grace,
                [queue] {
                    queue->push({{LiveEvent::Kind::command_exited, 0, ""}});
                },
                output[1]);
        } catch (...) {
            if (output[0] >= 0) {
                ::close(output[0]); // ChildProcess closed the write end
            }
            throw;
        }
        if (output[0] >= 0) {
            replace_standard_input(output[0]);
        }
        for (std::size_t side = 0; side < 2; ++side) {
            const bool reference = side == 0 && !request.reference.empty();
            sources[side].writer_done = reference ? nullptr : child->exited_flag();
        }
    }
    LiveCheck live(plan.spec, {plan.paths[0], plan.labels[0], options},
                   {plan.paths[1], plan.labels[1], options});
    if (whole_reference) {
        live.end_with(0, std::move(*whole_reference), 0.0);
    }
    WholeFiles files(live, *queue);
    for (std::size_t side = whole_reference ? 1 : 0; side < 2; ++side) {
        if (read_whole(sources[side])) {
            files.start(side, plan.paths[side], side == 0 ? plan.reference_options : options);
        } else {
            start_reader(side, sources[side], queue);
        }
    }
    try {
        feed(live, *queue, files, start);
    } catch (const Error& e) {
        if (!child) {
            throw;
        }
        queue->close(); // the command's output is drained while the command stops
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
