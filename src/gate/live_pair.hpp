// What a live check decides on: both traces as far as their steps are final (up to the
// horizon, live_check.hpp), and run_check_upto's criteria on them. The compared steps of each
// field the criteria read are kept up to date as the horizon moves, each step aligned and
// looked at once (RunningStats in compare/stats.hpp, ModeTally in evaluate.hpp), so that a
// decision costs what its criteria need, not the steps read so far: a max or a step delta
// nothing more, a median one selection over the deltas, a relative criterion its relative
// deltas, a --mode its failures; nothing is copied. That covers the --max criteria, a --mode
// and --require-same-steps on fields read from one name each, once the header criterion is
// decided, while each trace logs its steps in order (records of other fields at a step logged
// already aside), each step in one record or in records one after the other. A --band, and a
// trace that logs a step again or late, are decided as before: by run_check_upto on copies of
// both traces as far as they are read. Both ways give the same outcomes, number for number
// (tests/unit/gate/live_pair_test.cpp, live_equivalence_test.cpp).
#pragma once

#include "tracediff/compare/stats.hpp"
#include "tracediff/gate/check.hpp"
#include "tracediff/gate/live_check.hpp"
#include "tracediff/read/live_parser.hpp"
#include "tracediff/read/read_options.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "evaluate.hpp"

namespace tracediff {

class LivePair {
public:
    // One trace as the live check has it.
    struct Side {
        const LiveParser* parser = nullptr; // while it is read line by line
        std::size_t seen = 0;               // the step records of it looked at
        const Trace* trace = nullptr;       // once it has ended, whole
    };
    using Sides = std::array<Side, 2>;

    // Sides of anything with a parser, the records looked at and the trace once ended.
    template <typename Traces>
    static Sides sides_of(const Traces& traces) {
        Sides out;
        for (std::size_t i = 0; i < 2; ++i) {
            out[i] = {traces[i].parser.get(), traces[i].seen,
                      traces[i].trace ? &*traces[i].trace : nullptr};
        }
        return out;
    }

    // Trace 0 is A, trace 1 is B. keep_up() takes in records `keep_up_records` at a time.
    LivePair(const CheckSpec& spec, const LiveTrace& a, const LiveTrace& b,
             std::size_t keep_up_records = 4096);

    // Looks at the step records of each live trace looked at since the last call (in the order
    // looked at): called before either's parser finishes. candidate() and keep_up() call it.
    void catch_up(const Sides& sides);

    // A live trace is about to end: its records are looked at while they are records,
    // when some are compared already (else the whole trace stands for them).
    void ending(const Sides& sides) {
        if (m_horizon) {
            catch_up(sides);
        }
    }

    // run_check_upto on both traces as `sides` have them, at `horizon`; nothing while a trace
    // still lacks a required field. `header`: the header criterion once decided (or ignored),
    // which the compared steps kept up to date need; nullptr before.
    std::optional<CheckOutcome> candidate(const Sides& sides, std::int64_t horizon,
                                          const CriterionOutcome* header);

    // Moves the compared steps up to `horizon` once keep_up_records records wait (at every
    // step when `every_step`), when the candidate can come from them: called as the horizon
    // moves, so that a decision never has more than those to take in. `header` as for
    // candidate().
    void keep_up(const Sides& sides, std::int64_t horizon, const CriterionOutcome* header,
                 bool every_step = false);

    // Whether the compared steps kept so far fail a --max max or a --mode for good, as
    // fails_for_good would find (partial_outcomes.hpp): a hint that a check is due now, where
    // no finished trace lets a new step be looked up (both traces are live).
    bool fails_for_good_so_far() const;

    // Whether the last candidate came from the compared steps kept up to date.
    bool kept() const { return m_kept; }

    // Whether each optional field a --mode reads is in both traces for good, or missing from
    // one that has ended, as of the last candidate.
    bool mode_fields_known() const { return m_mode_fields_known; }

private:
    // A step of one trace that is final, with the value of one compared field.
    struct Final {
        std::int64_t step;
        double value;
        std::int8_t decimals;
    };
    // A field the criteria compare: the --max criteria's first, then the others a --mode reads.
    struct Compared {
        std::string name;
        bool required = true;
        std::array<std::optional<std::size_t>, 2> index; // among each trace's fields, one name
        std::array<bool, 2> seen{};                      // in a record of each looked at
        std::array<DecimalText, 2> text{};               // how those records write it
        AlignedPair pair;                                // its compared steps so far
        ModeTally tally;                                 // with a --mode
    };

    void note_record(std::size_t side, const StepTable& table, std::size_t record);
    bool kept_up_to_date(const Sides& sides, const CriterionOutcome* header) const;
    bool fields_read(const Sides& sides) const; // every required field is there
    bool has_field(const Sides& sides, std::size_t side, const Compared& c) const;
    void advance(const Sides& sides, std::int64_t horizon);
    void final_steps(std::size_t side, const Side& s, std::int64_t horizon,
                     std::vector<std::vector<Final>>& out);
    void add_step(Compared& c, std::int64_t step, const Final* a, const Final* b);
    void add_criteria(const Sides& sides, std::vector<CriterionOutcome>& out) const;
    std::optional<CheckOutcome> from_copies(const Sides& sides, std::int64_t horizon);

    const CheckSpec& m_spec;
    std::array<std::string, 2> m_labels;
    std::array<std::string, 2> m_paths;
    std::size_t m_keep_up_records;
    std::vector<Compared> m_compared;
    bool m_eligible = false;                            // the criteria can be kept up to date
    bool m_in_order = true;                             // no step logged again or late so far
    std::array<std::vector<std::size_t>, 2> m_required; // required fields in no record yet
    std::optional<std::int64_t> m_horizon;              // the steps up to it are compared
    std::array<std::optional<std::int64_t>, 2> m_previous_step; // of the record looked at last
    std::array<std::optional<std::int64_t>, 2> m_max_step;      // the last step in order
    std::array<bool, 2> m_max_complete{};                       // its record complete
    std::array<std::size_t, 2> m_noted{};                       // records noted
    std::array<std::size_t, 2> m_next_record{};                 // a live trace's first not compared
    std::optional<std::array<bool, 2>> m_decimal_text;      // whether each trace's values are text
    RunningStats m_stats;                                   // of the first field's pair
    std::array<std::vector<std::vector<Final>>, 2> m_final; // final_steps' room, reused
    std::vector<std::optional<std::pair<double, int>>> m_values; // the same
    bool m_mode_fields_known = false;
    bool m_kept = false; // kept()
};

} // namespace tracediff
