#include "tracediff/error.hpp"
#include "tracediff/gate/live_check.hpp"
#include "tracediff/read/fast_line.hpp"
#include "tracediff/read/read_trace.hpp"
#include "tracediff/read/trace_parser.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "live_check_helpers.hpp"

namespace tracediff {
namespace {

using namespace live_testing;

// Feeds both traces the same lines, one step at a time, with B's loss off by `delta` from
// step `from` on.
void feed_step(LiveCheck& live, std::int64_t step, double delta_b) {
    live.add_line(0, step_line(step, 1.0 / static_cast<double>(step)), 0.0);
    live.add_line(1, step_line(step, 1.0 / static_cast<double>(step) + delta_b), 0.0);
}

// A step is final once a record of it has every field the check reads in both traces: step1
// is decided at step 1, and step2, failing, at step 2.
TEST(LiveCheck, DecidesEachStepOnceBothTracesHaveIt) {
    LiveCheck live(spec_of({"step1=1e-6", "step2=1e-6"}), trace("a"), trace("b"));
    live.add_line(0, step_line(1, 1.0), 0.0);
    EXPECT_FALSE(live.done()); // B has no step 1 yet
    live.add_line(1, step_line(1, 1.0), 0.0);
    const CheckOutcome mid = live.outcome();
    ASSERT_TRUE(named(mid, "step1").decided);
    EXPECT_EQ(named(mid, "step1").decided->when, Decision::When::at_step);
    EXPECT_EQ(named(mid, "step1").decided->step, 1);
    EXPECT_TRUE(named(mid, "step1").passed);
    EXPECT_TRUE(named(mid, "step2").skipped); // not decided yet
    EXPECT_FALSE(live.done());
    feed_step(live, 2, 0.5);
    ASSERT_TRUE(live.done());
    EXPECT_TRUE(live.failed());
    const CheckOutcome o = live.outcome();
    EXPECT_FALSE(named(o, "step2").passed);
    EXPECT_EQ(named(o, "step2").decided->step, 2);
    EXPECT_TRUE(o.live->stopped_early);
}

// A step's record that has every field the check reads completes the step: step@3 is decided
// once step 3 is logged in both traces, not one step later.
TEST(LiveCheck, PassesWithoutWaitingForTheEnd) {
    LiveCheck live(spec_of({"step1=0", "step@3=0"}), trace("a"), trace("b"));
    for (std::int64_t s = 1; s <= 2; ++s) {
        feed_step(live, s, 0.0);
    }
    EXPECT_FALSE(live.done());
    feed_step(live, 3, 0.0);
    EXPECT_TRUE(live.done());
    EXPECT_FALSE(live.failed());
}

// A record without a field the check reads does not complete its step: the rest may come on
// a line of its own, and then the step is complete.
TEST(LiveCheck, AStepIsCompleteOnceARecordHasEveryFieldRead) {
    LiveCheck live(spec_of({"step@2=0"}), trace("a"), trace("b"));
    for (std::size_t side = 0; side < 2; ++side) {
        live.add_line(side, step_line(1, 1.0), 0.0);
        live.add_line(side, R"({"kind": "step", "step": 2, "lr": 0.1})", 0.0);
    }
    EXPECT_FALSE(live.done());
    live.add_line(0, step_line(2, 0.5), 0.0);
    EXPECT_FALSE(live.done());
    live.add_line(1, step_line(2, 0.5), 0.0);
    ASSERT_TRUE(live.done());
    EXPECT_EQ(named(live.outcome(), "step@2").decided->step, 2);
}

TEST(LiveCheck, WholeRunStatisticWaitsForTheEnd) {
    LiveCheck live(spec_of({"median=1e-3"}), trace("a"), trace("b"));
    for (std::int64_t s = 1; s <= 20; ++s) {
        feed_step(live, s, 0.0);
    }
    EXPECT_FALSE(live.done());
    live.end(0, 1.0);
    EXPECT_FALSE(live.done());
    live.end(1, 2.0);
    ASSERT_TRUE(live.done());
    const CheckOutcome o = live.outcome();
    EXPECT_TRUE(o.passed());
    EXPECT_EQ(named(o, "median").decided->when, Decision::When::at_end);
    EXPECT_EQ(named(o, "median").decided->seconds, 2.0);
    EXPECT_FALSE(o.live->stopped_early);
}

// Headers that differ fail the check as soon as both traces have a step, though every other
// criterion waits for the end (the records after are not only counted through).
TEST(LiveCheck, HeaderIsDecidedAtTheFirstStepWhenTheRestWaitsForTheEnd) {
    CheckSpec spec = spec_of({"median=1e-3"});
    spec.ignore_header = false;
    LiveCheck live(spec, trace("a"), trace("b"));
    live.add_line(0, R"({"kind": "header", "netspec_name": "mlp", "total_params": 10})", 0.0);
    live.add_line(1, R"({"kind": "header", "netspec_name": "mlp", "total_params": 12})", 0.0);
    EXPECT_FALSE(live.done());
    feed_step(live, 1, 0.0);
    ASSERT_TRUE(live.done());
    EXPECT_TRUE(live.failed());
    const CheckOutcome o = live.outcome();
    EXPECT_FALSE(named(o, "header").passed);
    EXPECT_EQ(named(o, "header").decided->when, Decision::When::at_step);
    EXPECT_TRUE(named(o, "median").skipped);
    EXPECT_TRUE(o.live->stopped_early);
}

TEST(LiveCheck, BoundedModeIsDecidedPastTheLastStep) {
    CheckSpec spec = spec_of({});
    spec.mode = "strict";
    spec.field = "loss";
    spec.field_given = true;
    spec.steps = StepRange{1, 5};
    LiveCheck live(spec, trace_for("a", spec), trace_for("b", spec));
    for (std::int64_t s = 1; s <= 4; ++s) {
        feed_step(live, s, 0.0);
    }
    EXPECT_FALSE(live.done());
    feed_step(live, 5, 0.0); // the range's last step, complete in both
    ASSERT_TRUE(live.done());
    EXPECT_TRUE(live.outcome().passed());
}

TEST(LiveCheck, EarlyNumbersAreThoseOfTheWholeFileCheck) {
    // Limits that pass: each criterion is decided at its step, and the check once all are.
    const CheckSpec spec = spec_of({"step1=1e-3", "step2=1e-3", "step@4=1e-3"});
    std::string a;
    std::string b;
    LiveCheck live(spec, trace("a"), trace("b"));
    for (std::int64_t s = 1; s <= 6; ++s) {
        const std::string la = step_line(s, 2.0 / static_cast<double>(s));
        const std::string lb = step_line(s, 2.0 / static_cast<double>(s) + 1e-7 * s);
        a += la + "\n";
        b += lb + "\n";
        if (!live.done()) {
            live.add_line(0, la, 0.0);
            live.add_line(1, lb, 0.0);
        }
    }
    ASSERT_TRUE(live.done());
    ASSERT_EQ(live.outcome().live->last_step_b, 4); // decided on step 4, before the rest was read
    const CheckOutcome whole = run_check(spec, parse_trace(a, "a"), parse_trace(b, "b"), "a", "b");
    const CheckOutcome early = live.outcome();
    for (const char* name : {"step1", "step2", "step@4"}) {
        const auto& w = std::get<StatisticOutcome>(named(whole, name).facts);
        const auto& e = std::get<StatisticOutcome>(named(early, name).facts);
        EXPECT_EQ(w.value, e.value) << name;
        EXPECT_EQ(w.step, e.step) << name;
    }
}

// Lines given in blocks (as a pipe's reads come) are looked at record by record, as if they had
// come one at a time: the check stops on the record that decides it, and a bad line after it
// is never an error, as it would not have been read.
TEST(LiveCheck, ABlockOfLinesDecidesAsItsLinesOneByOne) {
    CheckSpec spec = spec_of({"step1=1", "max=0.5"}, true);
    std::string a;
    std::vector<std::string> b;
    for (std::int64_t s = 1; s <= 12; ++s) {
        a += step_line(s, 1.0) + "\n";
        b.push_back(step_line(s, s == 5 ? 2.0 : s == 9 ? 4.0 : 1.0));
    }
    b.emplace_back("not a record");
    b.push_back(step_line(13, 1.0));
    const auto padded = [](std::string text) {
        return text + std::string(k_line_padding, '\0');
    };
    const auto checked = [&](bool blocks) {
        LiveCheck live(spec, trace("a"), trace("b"));
        const std::string ref = padded(a);
        live.add_lines(0, std::string_view(ref).substr(0, a.size()), 0.0);
        live.end(0, 0.0);
        if (blocks) {
            std::string text;
            for (const std::string& line : b) {
                text += line + "\n";
            }
            const std::string block = padded(text);
            live.add_lines(1, std::string_view(block).substr(0, text.size()), 0.0);
        } else {
            for (std::size_t i = 0; i < b.size() && !live.done(); ++i) {
                live.add_line(1, b[i], 0.0);
            }
        }
        EXPECT_TRUE(live.done()) << blocks;
        return live.outcome();
    };
    for (const bool blocks : {false, true}) {
        const CheckOutcome o = checked(blocks);
        EXPECT_FALSE(o.passed()) << blocks;
        EXPECT_EQ(o.live->last_step_b, 5) << blocks;
        const auto& max = std::get<StatisticOutcome>(named(o, "max").facts);
        EXPECT_EQ(max.value, 1.0) << blocks;
        EXPECT_EQ(max.step, 5) << blocks;
    }
}

// A bad line before the record that would decide is an error either way, with the same text.
TEST(LiveCheck, ABlockWithABadLineFailsAsItsLinesWould) {
    const CheckSpec spec = spec_of({"max=0.5"});
    const std::string text = step_line(1, 1.0) + "\nnot a record\n" + step_line(2, 9.0) + "\n";
    const std::string block = text + std::string(k_line_padding, '\0');
    std::string by_line;
    std::string by_block;
    try {
        LiveCheck live(spec, trace("a"), trace("b"));
        live.add_line(1, step_line(1, 1.0), 0.0);
        live.add_line(1, "not a record", 0.0);
        live.add_line(1, step_line(2, 9.0), 0.0);
    } catch (const Error& e) {
        by_line = e.what();
    }
    try {
        LiveCheck live(spec, trace("a"), trace("b"));
        live.add_lines(1, std::string_view(block).substr(0, text.size()), 0.0);
    } catch (const Error& e) {
        by_block = e.what();
    }
    EXPECT_EQ(by_line,
              "b:2: malformed JSON at column 2: invalid literal\n    not a record\n     ^");
    EXPECT_EQ(by_block, by_line);
}

// Records given while the check is held (a finished file beside is still being read) are
// looked at once it is released, with the file there: the same decisions as when the file was
// read first, whatever came in between; and a bad line after the deciding record, which stops
// the held reading, does not hide the decision.
TEST(LiveCheck, HeldRecordsDecideAsIfTheFileHadComeFirst) {
    const CheckSpec spec = spec_of({"step1=1", "max=0.5"}, true);
    TraceParser parser("a", ReadOptions{});
    std::string b;
    for (std::int64_t s = 1; s <= 12; ++s) {
        parser.add_line(step_line(s, 1.0));
        b += step_line(s, s == 5 ? 2.0 : s == 9 ? 4.0 : 1.0) + "\n";
    }
    const Trace a = parser.finish();
    const auto check = [&](bool held, const std::string& text) {
        LiveCheck live(spec, trace("a"), trace("b"));
        const std::string block = text + std::string(k_line_padding, '\0');
        std::string error;
        if (!held) {
            live.end_with(0, a, 0.0);
        } else {
            live.hold();
        }
        try {
            live.add_lines(1, std::string_view(block).substr(0, text.size()), 0.0);
        } catch (const Error& e) {
            error = e.what();
        }
        EXPECT_FALSE(held && live.done()); // nothing is looked at while held
        if (held) {
            live.end_with(0, a, 0.0);
            EXPECT_FALSE(live.done());
            live.release(0.0);
        }
        EXPECT_TRUE(live.done());
        return std::make_pair(live.outcome(), error);
    };
    for (const std::string& text : {b, b + "not a record\n" + step_line(13, 1.0) + "\n"}) {
        const auto [first, first_error] = check(false, text);
        const auto [later, later_error] = check(true, text);
        EXPECT_TRUE(first_error.empty());          // decided before the bad line
        EXPECT_EQ(later_error.empty(), text == b); // the held reading went on to it
        for (const CheckOutcome& o : {first, later}) {
            EXPECT_FALSE(o.passed());
            EXPECT_EQ(o.live->last_step_b, 5);
            const auto& max = std::get<StatisticOutcome>(named(o, "max").facts);
            EXPECT_EQ(max.value, 1.0);
            EXPECT_EQ(max.step, 5);
            EXPECT_TRUE(named(o, "step1").passed);
        }
    }
}

TEST(LiveCheck, SparseReferenceCountsOnlyItsSteps) {
    CheckSpec spec = spec_of({"step1=0", "median=0"}, true);
    spec.mode = "strict";
    LiveCheck live(spec, trace_for("ref", spec), trace_for("run", spec));
    for (std::int64_t s = 1; s <= 20; ++s) {
        if (s % 5 == 0) {
            live.add_line(0, step_line(s, 1.0), 0.0);
        }
        live.add_line(1, step_line(s, s % 5 == 0 ? 1.0 : 7.0), 0.0);
    }
    live.end(0, 0.0);
    live.end(1, 0.0);
    const CheckOutcome o = live.outcome();
    EXPECT_TRUE(o.passed());
    EXPECT_EQ(std::get<StatisticOutcome>(named(o, "step1").facts).step, 5);
}

TEST(LiveCheck, ReferenceStepTheCandidateNeverReachedFails) {
    LiveCheck live(spec_of({"step@10=1"}, true), trace("ref"), trace("run"));
    live.add_line(0, step_line(5, 1.0), 0.0);
    live.add_line(0, step_line(10, 1.0), 0.0);
    live.end(0, 0.0);
    live.add_line(1, step_line(5, 1.0), 0.0);
    live.end(1, 1.0);
    const CheckOutcome o = live.outcome();
    EXPECT_FALSE(o.passed());
    EXPECT_EQ(named(o, "step@10").decided->when, Decision::When::undecided);
}

TEST(LiveCheck, RunEndingBeforeStep2LeavesItUndecidedAndFails) {
    LiveCheck live(spec_of({"step1=1", "step2=1"}), trace("a"), trace("b"));
    feed_step(live, 1, 0.0);
    live.end(1, 0.5); // B died after step 1
    EXPECT_TRUE(named(live.outcome(), "step1").passed);
    live.add_line(0, step_line(2, 0.5), 0.0);
    live.add_line(0, step_line(3, 0.5), 0.0);
    ASSERT_TRUE(live.done()); // A is past step 2, and B has ended without it
    const CheckOutcome o = live.outcome();
    EXPECT_FALSE(o.passed());
    EXPECT_EQ(std::get<StatisticOutcome>(named(o, "step2").facts).gap,
              StatisticOutcome::Gap::missing_step);
    EXPECT_EQ(named(o, "step2").decided->when, Decision::When::undecided);
}

TEST(LiveCheck, BothEndingAtStep1LeavesStep2Undecided) {
    LiveCheck live(spec_of({"step1=1", "step2=1"}), trace("a"), trace("b"));
    feed_step(live, 1, 0.0);
    live.end(0, 0.0);
    live.end(1, 0.0);
    const CheckOutcome o = live.outcome();
    EXPECT_FALSE(o.passed());
    EXPECT_EQ(named(o, "step2").decided->when, Decision::When::undecided);
    EXPECT_EQ(o.live->last_step_b, 1);
}

TEST(LiveCheck, AliasesAreResolvedAsByTheWholeFileReader) {
    ReadOptions options;
    options.fields = {{"loss", true, {"loss", "train/loss"}}};
    LiveCheck live(spec_of({"step1=0"}), trace("a", options), trace("b", options));
    live.add_line(0, R"({"step": 1, "train/loss": 2.5})", 0.0);
    live.add_line(1, R"({"step": 1, "train/loss": 2.5})", 0.0);
    live.add_line(0, R"({"step": 2, "train/loss": 2.0})", 0.0);
    live.add_line(1, R"({"step": 2, "train/loss": 2.0})", 0.0);
    ASSERT_TRUE(live.done());
    EXPECT_TRUE(live.outcome().passed());
}

TEST(LiveCheck, BadLineIsAnErrorNamingTheLine) {
    LiveCheck live(spec_of({"step1=0"}), trace("a.jsonl"), trace("b"));
    live.add_line(0, "{\"step\": 1, \"loss\": 1}", 0.0);
    live.add_line(0, "{oops", 0.0);
    try {
        live.add_line(0, "{\"step\": 2, \"loss\": 1}", 0.0);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("a.jsonl:2:"), std::string::npos) << e.what();
    }
}

} // namespace
} // namespace tracediff

namespace tracediff {
namespace {

TEST(ReferenceCheck, OnlyTheReferenceStepsCountInTheWholeFileCheck) {
    std::string ref;
    std::string run;
    for (std::int64_t s = 1; s <= 20; ++s) {
        if (s % 5 == 0) {
            ref += step_line(s, 1.0) + "\n";
        }
        run += step_line(s, s % 5 == 0 ? 1.0 : 3.0) + "\n";
    }
    CheckSpec spec = spec_of({"step1=0", "median=0", "max=0"}, true);
    spec.require_same_steps = false;
    const Trace a = parse_trace(ref, "ref");
    const Trace b = parse_trace(run, "run");
    const CheckOutcome with_reference = run_check(spec, a, b, "ref", "run");
    EXPECT_TRUE(with_reference.passed());
    EXPECT_EQ(std::get<StatisticOutcome>(named(with_reference, "step1").facts).step, 5);
    spec.reference = false;
    const CheckOutcome peers = run_check(spec, a, b, "ref", "run");
    EXPECT_FALSE(named(peers, "step1").passed); // step 1 is missing from the reference
    EXPECT_FALSE(named(peers, "median").passed);
}

TEST(ReferenceCheck, ReferenceStepTheCandidateLacksIsMissing) {
    const CheckSpec spec = spec_of({"median=1"}, true);
    const Trace a = parse_trace(step_line(1, 1.0) + "\n" + step_line(2, 1.0) + "\n", "ref");
    const Trace b = parse_trace(step_line(1, 1.0) + "\n" + step_line(3, 1.0) + "\n", "run");
    const CheckOutcome o = run_check(spec, a, b, "ref", "run");
    const auto& facts = std::get<StatisticOutcome>(named(o, "median").facts);
    EXPECT_FALSE(named(o, "median").passed);
    ASSERT_EQ(facts.missing.from_b.size(), 1U);
    EXPECT_EQ(facts.missing.from_b.front().first, 2);
    EXPECT_TRUE(facts.missing.from_a.empty()); // step 3 only the candidate has does not count
}

} // namespace
} // namespace tracediff

namespace tracediff {
namespace {

TEST(LiveCheck, SparseReferenceDecidesStep1AtItsFirstStep) {
    LiveCheck live(spec_of({"step1=0"}, true), trace("ref"), trace("run"));
    for (std::int64_t s = 5; s <= 50; s += 5) {
        live.add_line(0, step_line(s, 1.0), 0.0);
    }
    live.end(0, 0.0);
    for (std::int64_t s = 1; s <= 4; ++s) {
        live.add_line(1, step_line(s, 1.0), 0.0);
        EXPECT_FALSE(live.done()) << s;
    }
    live.add_line(1, step_line(5, 1.0), 0.0); // step 5, the reference's first
    ASSERT_TRUE(live.done());
    const CheckOutcome o = live.outcome();
    EXPECT_TRUE(o.passed());
    EXPECT_EQ(named(o, "step1").decided->step, 5);
}

} // namespace
} // namespace tracediff
