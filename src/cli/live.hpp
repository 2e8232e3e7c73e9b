// `tracediff check` while the run goes on (live_run.cpp): traces read line by line as they are
// written (live_inputs.cpp), and a command run beside the check (child_process.cpp).
#pragma once

#include "tracediff/cli/subcommands.hpp"
#include "tracediff/gate/criteria.hpp"
#include "tracediff/read/read_options.hpp"
#include "tracediff/render/check_report.hpp"

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <sys/types.h>
#include <thread>
#include <vector>

namespace tracediff::cli {

// What the reader threads and the command tell the check.
struct LiveEvent {
    enum class Kind { line, end, error, command_exited };
    Kind kind = Kind::line;
    std::size_t side = 0;
    std::string text; // the line without its '\n', or the error message
};

class LiveQueue {
public:
    void push(std::vector<LiveEvent> events);
    // Waits for events and takes every one there is.
    std::vector<LiveEvent> pop_all();
    // From now on, events are dropped: the check has its verdict.
    void close();

private:
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::vector<LiveEvent> m_events;
    bool m_closed = false;
};

// How one trace of a live check is read.
struct LiveSource {
    std::string path;
    bool follow = false; // a regular file still being written (--follow, -- COMMAND)
    std::optional<double> idle_timeout;
    // Set once the command has exited; shared, as a reader thread may outlive the check.
    std::shared_ptr<const std::atomic<bool>> writer_done;
};

// Starts a thread (detached) that reads `source` and hands its whole lines to `queue`, then
// an end (or an error) event.
void start_reader(std::size_t side, LiveSource source, std::shared_ptr<LiveQueue> queue);

// True when `path` is standard input or a FIFO: read as it is written.
bool is_stream(const std::string& path);

// Throws Error unless a live check can read `path`, whose first non-blank line is `line`
// (line number `line_no`): live reading takes JSON Lines.
void check_live_format(const std::string& path, const std::string& line, std::size_t line_no,
                       const ReadOptions& options);

// A command run beside the check, in a process group of its own; its standard output goes to
// standard error, so that the report on standard output stays clean.
class ChildProcess {
public:
    // Starts `argv`; `on_exit` is called (from another thread) once it has exited. Throws Error
    // when it cannot be started. On Ctrl-C (SIGINT, SIGTERM, SIGHUP to tracediff), its process
    // group gets SIGTERM, and SIGKILL after `grace` seconds, before tracediff exits.
    ChildProcess(const std::vector<std::string>& argv, double grace, std::function<void()> on_exit);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    bool exited() const { return m_exited->load(); }
    // The flag exited() reads, for the readers of the traces it writes.
    std::shared_ptr<const std::atomic<bool>> exited_flag() const { return m_exited; }
    // Waits until it has exited.
    void wait();
    // SIGTERM to its process group, SIGKILL after `grace` seconds if any of it is left.
    void stop(double grace);
    // "the command (python) exited with status 3" or "... was killed by signal 9"; "" on
    // success. Only once exited.
    std::string status_text() const;
    // The exit code that passes its failure on: its status, or 128 + the signal; 0 on success.
    int failure_code() const;

private:
    std::string m_name;
    pid_t m_pid = -1;
    int m_status = 0;
    std::shared_ptr<std::atomic<bool>> m_exited = std::make_shared<std::atomic<bool>>(false);
    std::mutex m_mutex;
    std::condition_variable m_exit_seen;
    std::thread m_waiter;
};

// Writes the reports of `results` (text or JSON, JUnit, GitHub annotations) as check's options
// say; the exit code they make (check_command.cpp).
int write_reports(const CheckConfig& config, const std::vector<CheckResult>& results,
                  bool manifest);

// Runs the check of `spec` on paths[0] (A) and paths[1] (B) as they are written, and writes
// the report with `report` as soon as it is decided. Returns the exit code.
int run_live_check(const CheckConfig& config, const CheckSpec& spec,
                   const std::vector<std::string>& paths, const std::vector<std::string>& labels,
                   const ReadOptions& options,
                   const std::function<void(const CheckResult&)>& report);

} // namespace tracediff::cli
