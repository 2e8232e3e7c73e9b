// What a live check's decisions rest on: the steps of a whole-file reference, the step step1
// and step2 are read at, the first steps of the checked range.
#include "tracediff/gate/live_check.hpp"
#include "tracediff/read/read_trace.hpp"

#include <gtest/gtest.h>

#include <string>

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
    for (std::int64_t s = 1; s <= 95; ++s) {
        live.add_line(1, step_line(s, 1.0), 0.0);
        ASSERT_FALSE(live.done()) << s;
    }
    live.add_line(1, step_line(96, 1.0), 0.0); // past the reference's last step
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

// step1 over --steps 50-150 is read at step 50: it is decided once both traces are past it.
TEST(LiveDecisions, Step1InsideTheRangeIsDecidedPastTheRangesFirstStep) {
    CheckSpec spec = spec_of({"step1=1e-9"});
    spec.steps = StepRange{50, 150};
    LiveCheck live(spec, trace("a"), trace("b"));
    for (std::int64_t s = 1; s <= 50; ++s) {
        live.add_line(0, step_line(s, 1.0), 0.0);
        live.add_line(1, step_line(s, 1.0), 0.0);
        ASSERT_FALSE(live.done()) << s;
    }
    live.add_line(0, step_line(51, 1.0), 0.0);
    live.add_line(1, step_line(51, 1.0), 0.0);
    ASSERT_TRUE(live.done());
    const CheckOutcome o = live.outcome();
    EXPECT_TRUE(o.passed());
    EXPECT_EQ(named(o, "step1").decided->step, 50);
}

} // namespace
} // namespace tracediff
