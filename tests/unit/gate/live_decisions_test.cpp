// What a live check's decisions rest on: the steps of a whole-file reference, the step step1
// and step2 are read at, the first steps of the checked range.
#include "tracediff/gate/live_check.hpp"
#include "tracediff/read/read_trace.hpp"
#include "tracediff/render/check_report.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "live_check_helpers.hpp"

namespace tracediff {
namespace {

using namespace live_testing;

CheckSpec strict_over(std::int64_t first, std::int64_t last, bool reference) {
    CheckSpec spec = spec_of({}, reference);
    spec.mode = "strict";
    spec.field = "loss";
    spec.field_given = true;
    spec.steps = StepRange{first, last};
    return spec;
}

// A reference that has no steps up to LAST has not ended short: past its last step, nothing
// that counts can come.
TEST(LiveDecisions, SparseReferenceEndingBeforeLastIsNotShort) {
    const CheckSpec spec = strict_over(1, 100, true);
    LiveCheck live(spec, trace_for("ref", spec), trace_for("run", spec));
    for (std::int64_t s = 5; s <= 95; s += 5) {
        live.add_line(0, step_line(s, 1.0), 0.0);
    }
    live.end(0, 0.0);
    for (std::int64_t s = 1; s <= 94; ++s) {
        live.add_line(1, step_line(s, 1.0), 0.0);
        ASSERT_FALSE(live.done()) << s;
    }
    live.add_line(1, step_line(95, 1.0), 0.0); // the reference's last step
    ASSERT_TRUE(live.done());
    const CheckOutcome o = live.outcome();
    EXPECT_TRUE(o.passed());
    EXPECT_EQ(named(o, "strict loss").decided->when, Decision::When::at_step);
    EXPECT_EQ(named(o, "strict loss").decided->step, 95);
}

TEST(LiveDecisions, SparseReferenceStep1IsNotUndecidedByTheRange) {
    CheckSpec ranged = spec_of({"step1=1e-6"}, true);
    ranged.steps = StepRange{1, 100};
    LiveCheck in_range(ranged, trace("ref"), trace("run"));
    in_range.add_line(0, step_line(5, 1.0), 0.0);
    in_range.add_line(0, step_line(95, 1.0), 0.0);
    in_range.end(0, 0.0);
    for (std::int64_t s = 1; s <= 6; ++s) {
        in_range.add_line(1, step_line(s, 1.0), 0.0);
    }
    ASSERT_TRUE(in_range.done());
    EXPECT_FALSE(in_range.failed());
    EXPECT_EQ(named(in_range.outcome(), "step1").decided->step, 5);
}

// step1 rests on the step it is read at, not on the end of the range.
TEST(LiveDecisions, Step1RestsOnItsStepNotOnTheEndOfTheRange) {
    CheckSpec spec = spec_of({"step1=1e-9"});
    spec.steps = StepRange{1, 3};
    LiveCheck live(spec, trace("a"), trace("b"));
    for (std::int64_t s = 1; s <= 20; ++s) {
        live.add_line(0, step_line(s, 1.0), 0.0);
    }
    live.end(0, 0.0);
    live.add_line(1, step_line(1, 1.0), 0.0);
    live.end(1, 0.0);
    const CheckOutcome o = live.outcome();
    EXPECT_TRUE(o.passed());
    EXPECT_EQ(named(o, "step1").decided->when, Decision::When::at_step);
    EXPECT_EQ(named(o, "step1").decided->step, 1);
}

// step1 over --steps 50-150 is read at step 50: it is decided once both traces have it.
TEST(LiveDecisions, Step1InsideTheRangeIsDecidedAtTheRangesFirstStep) {
    CheckSpec spec = spec_of({"step1=1e-9"});
    spec.steps = StepRange{50, 150};
    LiveCheck live(spec, trace("a"), trace("b"));
    for (std::int64_t s = 1; s <= 49; ++s) {
        live.add_line(0, step_line(s, 1.0), 0.0);
        live.add_line(1, step_line(s, 1.0), 0.0);
        ASSERT_FALSE(live.done()) << s;
    }
    live.add_line(0, step_line(50, 1.0), 0.0);
    live.add_line(1, step_line(50, 1.0), 0.0);
    ASSERT_TRUE(live.done());
    const CheckOutcome o = live.outcome();
    EXPECT_TRUE(o.passed());
    EXPECT_EQ(named(o, "step1").decided->step, 50);
}

// A step logged again after a criterion was decided on it: the criterion is decided again on
// the record written last, as the whole-file check reads it, and fails there.
TEST(LiveDecisions, StepLoggedAgainAfterItsDecisionIsDecidedAgain) {
    const CheckSpec spec = spec_of({"step2=1e-3", "median=10"});
    const std::vector<std::pair<std::int64_t, double>> b = {{1, 1}, {2, 0.5}, {3, 0.3}, {2, 9}};
    LiveCheck live(spec, trace("a"), trace("b"));
    live.add_line(0, step_line(2, 0.5), 0.0);
    live.end(0, 0.0);
    std::string whole_b;
    for (const auto& [step, loss] : b) {
        live.add_line(1, step_line(step, loss), 1.0);
        whole_b += step_line(step, loss) + "\n";
        if (step == 3) {
            ASSERT_TRUE(named(live.outcome(), "step2").decided);
            EXPECT_TRUE(named(live.outcome(), "step2").passed);
        }
    }
    ASSERT_TRUE(live.done());
    EXPECT_TRUE(live.failed());
    const CheckOutcome o = live.outcome();
    const CheckOutcome whole = run_check(spec, parse_trace(step_line(2, 0.5) + "\n", "a"),
                                         parse_trace(whole_b, "b"), "a", "b");
    EXPECT_FALSE(named(whole, "step2").passed);
    EXPECT_EQ(std::get<StatisticOutcome>(named(o, "step2").facts).value,
              std::get<StatisticOutcome>(named(whole, "step2").facts).value);
    ASSERT_EQ(o.live->notes.size(), 1U);
    EXPECT_EQ(o.live->notes[0], "B logged step 2 again after step2 was decided on it: step2 is "
                                "decided again on the record written last");
}

TEST(LiveDecisions, StepLoggedAgainWithTheSameValueChangesNothing) {
    LiveCheck live(spec_of({"step2=1e-3", "median=10"}), trace("a"), trace("b"));
    for (std::int64_t s : {1, 2, 3, 2}) {
        live.add_line(0, step_line(s, 1.0), 0.0);
        live.add_line(1, step_line(s, 1.0), 0.0);
    }
    EXPECT_FALSE(live.done());
    EXPECT_TRUE(live.outcome().live->notes.empty());
}

// An optional field of a mode check that one trace lacks so far may still come: the mode check
// waits for the end, where the whole-file check finds no common steps.
TEST(LiveDecisions, ModeWaitsForAnOptionalFieldOneTraceLacksSoFar) {
    CheckSpec spec = strict_over(1, 3, false);
    spec.field_given = false;
    LiveCheck live(spec, trace_for("a", spec), trace_for("b", spec));
    std::string whole_a;
    std::string whole_b;
    for (std::int64_t s = 1; s <= 6; ++s) {
        const std::string a =
            fmt::format(R"({{"step": {}, "loss": 1, "lr": 0.1, "grad_norm": 1}})", s);
        const std::string b = s < 5 ? fmt::format(R"({{"step": {}, "loss": 1, "lr": 0.1}})", s) : a;
        live.add_line(0, a, 0.0);
        live.add_line(1, b, 0.0);
        whole_a += a + "\n";
        whole_b += b + "\n";
        if (s <= 4) {
            ASSERT_FALSE(live.done()) << s; // B has no grad_norm yet
        }
    }
    live.end(0, 1.0);
    live.end(1, 1.0);
    const CheckOutcome whole =
        run_check(spec, parse_trace(whole_a, "a", trace_for("a", spec).options),
                  parse_trace(whole_b, "b", trace_for("b", spec).options), "a", "b");
    EXPECT_FALSE(whole.passed());
    const CheckOutcome o = live.outcome();
    EXPECT_FALSE(o.passed());
    ASSERT_EQ(o.criteria.size(), whole.criteria.size());
    EXPECT_FALSE(named(o, "strict grad_norm").passed);
    EXPECT_EQ(std::get<ModeOutcome>(named(o, "strict grad_norm").facts).compared, 0U);
}

// A criterion the check stopped before shows no values: those seen so far are no verdict.
TEST(LiveDecisions, NotDecidedCriterionHasNoValueCells) {
    LiveCheck live(spec_of({"step1=1e-9", "median=1"}), trace("a"), trace("b"));
    live.add_line(0, step_line(1, 1.0), 0.0);
    live.add_line(1, step_line(1, 2.0), 0.0);
    live.add_line(0, step_line(2, 1.0), 0.0);
    live.add_line(1, step_line(2, 1.0), 0.0);
    ASSERT_TRUE(live.failed());
    const CheckOutcome outcome = live.outcome(); // named() refers into it
    const CriterionCells cells = criterion_cells(named(outcome, "median"));
    EXPECT_EQ(cells.limit, "1");
    EXPECT_EQ(cells.value, "not decided");
    EXPECT_EQ(cells.step, std::nullopt);
}

// Both traces live, the max failing deep into the run: decided at the failing step, as soon as
// it is final in both, not when the records have doubled.
TEST(LiveDecisions, BothLiveMaxFailingDeepIsDecidedAtItsStep) {
    for (const char* criterion : {"max", "strict"}) {
        SCOPED_TRACE(criterion);
        CheckSpec spec =
            spec_of(std::string(criterion) == "max" ? std::vector<std::string>{"max=0.01"}
                                                    : std::vector<std::string>{});
        if (std::string(criterion) == "strict") {
            spec.mode = "strict";
            spec.field_given = true;
        }
        LiveCheck live(spec, trace_for("a", spec), trace_for("b", spec));
        for (std::int64_t s = 1; s <= 3000; ++s) {
            live.add_line(0, step_line(s, 1.5), 0.0);
        }
        for (std::int64_t s = 1; s < 1000; ++s) {
            live.add_line(1, step_line(s, 1.5), 0.0);
            ASSERT_FALSE(live.done()) << s;
        }
        live.add_line(1, step_line(1000, 2.5), 0.0);
        ASSERT_TRUE(live.done());
        const CheckOutcome o = live.outcome();
        const CriterionOutcome& c = o.criteria.front();
        EXPECT_FALSE(c.passed);
        EXPECT_EQ(c.decided->when, Decision::When::at_step);
        EXPECT_EQ(c.decided->step, 1000);
    }
}

} // namespace
} // namespace tracediff
