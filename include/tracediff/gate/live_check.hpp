// The CI gate while the run is still going: the traces are given line by line as they are
// written, and every criterion that rests only on steps up to N is decided as soon as step N is
// final in both traces (a record of it holds every field read, a later step has appeared, or
// the trace has ended): step1, step2, step@N, and --max or --mode over --steps FIRST-LAST. The
// max, a --mode and a --band fail as soon as the final steps fail them (partial_outcomes.hpp).
// Other whole-run criteria are decided when both traces have ended. Each decision comes from
// run_check on the final steps, so the numbers are those of the whole-file check; the steps
// compared are kept up to date as they become final, so that a decision costs what its
// criteria need, not the steps read so far (src/gate/live_pair.hpp). Either trace may be a
// finished one read whole (end_with), of any format.
#pragma once

#include "tracediff/gate/check.hpp"
#include "tracediff/read/live_parser.hpp"
#include "tracediff/read/read_options.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tracediff {

class LivePair;

// One of the two traces of a live check.
struct LiveTrace {
    std::string path; // as the user gave it; "-" is standard input
    std::string label;
    ReadOptions options;
};

class LiveCheck {
public:
    // Trace 0 is A (the reference with spec.reference), trace 1 is B.
    LiveCheck(CheckSpec spec, LiveTrace a, LiveTrace b);
    ~LiveCheck();
    LiveCheck(const LiveCheck&) = delete;
    LiveCheck& operator=(const LiveCheck&) = delete;

    // One whole line of trace `side` (0 or 1), without its '\n' (`terminated` is false for a
    // last line without one); `seconds` since the check started. Throws Error naming the file
    // and line when the line is not part of a trace.
    void add_line(std::size_t side, std::string_view line, double seconds, bool terminated = true) {
        add(
            side, [&](LiveParser& parser) { parser.add_line(line, terminated); }, seconds);
    }

    // Whole lines of trace `side` (LiveParser::add_lines: each with its '\n', padded).
    void add_lines(std::size_t side, std::string_view block, double seconds) {
        add(
            side, [&](LiveParser& parser) { parser.add_lines(block); }, seconds);
    }

    // Feeds trace `side` through `feed`, which gives its parser what was read (lines, or a
    // TensorBoard event file's records: LiveParser::add_event_file and the rest), then looks at
    // each step record it added, in order, as if they had come one by one: a criterion decided
    // on one of them is decided there, and the records after it are not looked at. When `feed`
    // throws, the records before the failing line are looked at first; the error stands
    // unless they decide the check.
    void add(std::size_t side, const std::function<void(LiveParser&)>& feed, double seconds);

    // Trace `side` has ended. Throws Error when it is not a trace (no step records, ...).
    void end(std::size_t side, double seconds);

    // Trace `side` is `whole`, read before (a finished reference, of any format): it has
    // ended, and no line of it is given.
    void end_with(std::size_t side, Trace whole, double seconds);

    // While held, the step records given are read but not looked at (a finished file beside
    // the live trace is still being read: app/whole_files.hpp); release() looks at them, in
    // order, as if they had come one by one just then.
    void hold() { m_holding = true; }
    void release(double seconds) {
        m_holding = false;
        look_at_new_records(0, seconds);
        look_at_new_records(1, seconds);
    }

    // A criterion has failed, or every criterion is decided.
    bool done() const;
    bool failed() const;
    bool ended(std::size_t side) const { return m_sides[side].ended; }

    // Every criterion, in the order run_check gives them, with its decision. Criteria not
    // decided yet are "not decided" (skipped) when the check stopped early; after both traces
    // ended, every criterion is decided.
    CheckOutcome outcome() const;

    // The reader's warnings about the traces that have ended (a truncated last line, ...).
    std::vector<std::string> warnings() const;

private:
    struct Side {
        LiveTrace input;
        std::unique_ptr<LiveParser> parser;
        std::optional<std::int64_t> max_step;
        bool max_step_complete = false; // a record of max_step has every field read
        std::optional<Trace> trace;     // once ended
        bool ended = false;
        std::size_t seen = 0; // step records looked at; the check is on these
    };
    struct Slot;

    void look_at_new_records(std::size_t side, double seconds);
    void look_at(std::size_t side, std::size_t record, double seconds);
    // Whether some criterion not decided yet has a bound, is step1 or step2, or may fail before
    // the end (before_end); may fail before the end (may_fail); is the header's (header).
    struct Early {
        bool before_end = false;
        bool may_fail = false;
        bool header = false;
    };
    const Early& early();
    void note_first_step(std::size_t side, std::int64_t step);
    std::optional<std::int64_t> horizon() const;
    std::optional<std::int64_t> bound_of(const Slot& slot) const;
    bool worth_evaluating(std::int64_t horizon) const;
    bool prefix_ready(const Slot& slot, std::int64_t horizon) const;
    bool ended_short(const Slot& slot) const;
    void evaluate(double seconds);
    void evaluate_at_end(double seconds);
    void take(const CheckOutcome& candidate, std::int64_t horizon, bool at_end, double seconds);
    std::vector<std::vector<CriterionOutcome>> split(const CheckOutcome& candidate) const;
    void decide(Slot& slot, std::int64_t horizon, bool at_end, double seconds);
    bool rests_on(const Slot& slot, std::int64_t step) const;
    void recheck(std::size_t side, std::int64_t step, double seconds);
    std::optional<CheckOutcome> candidate(std::int64_t horizon);
    const CriterionOutcome* decided_header() const;
    std::size_t records() const;
    bool may_fail_early(const Slot& slot) const;
    bool step_fails(std::size_t side, std::size_t record) const;

    CheckSpec m_spec;
    std::array<Side, 2> m_sides;
    std::vector<Slot> m_slots;
    std::unique_ptr<LivePair> m_pair; // both traces up to the horizon, and the check on them
    std::optional<Early> m_early;     // early(), worked out again once a criterion is decided
    std::optional<std::int64_t> m_evaluated_horizon; // the horizon last evaluated at
    std::vector<std::int64_t> m_first_steps;         // the two smallest steps seen
    std::size_t m_next_prefix_try = 0;               // records before step1/step2 try again
    std::size_t m_next_mode_try = 0;                 // records before a mode check tries again
    std::size_t m_next_snapshot_try = 0;             // records before a snapshot is tried again
    std::size_t m_next_early_try = 0; // records before a criterion that may fail early is tried
    std::optional<std::int64_t> m_early_due; // a step that fails one, looked at once final
    bool m_mode_fields_known = false; // whether each optional field is in both traces for good
    std::vector<std::string> m_notes; // about the run: a decided step logged again
    std::array<Resolution, 2> m_resolutions{}; // of the traces as last evaluated
    bool m_all_ended = false;
    bool m_holding = false; // hold()
};

} // namespace tracediff
