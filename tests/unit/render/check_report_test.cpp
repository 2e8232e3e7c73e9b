#include "tracediff/gate/check.hpp"
#include "tracediff/read/read_trace.hpp"
#include "tracediff/render/check_report.hpp"
#include "tracediff/render/numbers.hpp"

#include <gtest/gtest.h>

namespace tracediff {
namespace {

// The gate's verdicts in words, as the check writers print them.
CheckResult run(const CheckSpec& spec, const Trace& a, const Trace& b, const std::string& label_a,
                const std::string& label_b) {
    return describe_check(run_check(spec, a, b, label_a, label_b));
}

// Traces for run_check, read from text with the fields the spec needs.
Trace trace_of(const std::string& text, const CheckSpec& spec, const std::string& path) {
    ReadOptions options;
    options.fields.clear();
    for (const auto& [field, required] : spec.fields_to_read()) {
        options.fields.push_back({field, required});
    }
    return parse_trace(text, path, options);
}

const char* k_header = "{\"kind\":\"header\",\"netspec_name\":\"n\",\"config\":{\"lr\":0.1}}\n";

TEST(CheckReport, LimitsPassAtEqualityAndFailAbove) {
    CheckSpec spec;
    spec.max = {parse_max_criterion("step1=0.5"), parse_max_criterion("step2=0.25"),
                parse_max_criterion("max=0.5"),   parse_max_criterion("median=0.25"),
                parse_max_criterion("mean=0.25"), parse_max_criterion("step@3=0"),
                parse_max_criterion("step@2=0.2")};
    const Trace a = trace_of(std::string(k_header) + "{\"step\":1,\"loss\":1.5}\n"
                                                     "{\"step\":2,\"loss\":1.0}\n"
                                                     "{\"step\":3,\"loss\":0.5}\n",
                             spec, "a.jsonl");
    const Trace b = trace_of(std::string(k_header) + "{\"step\":1,\"loss\":1.0}\n"
                                                     "{\"step\":2,\"loss\":1.25}\n"
                                                     "{\"step\":3,\"loss\":0.5}\n",
                             spec, "b.jsonl");
    const CheckResult r = run(spec, a, b, "a", "b");
    ASSERT_EQ(r.criteria.size(), 8u);
    std::vector<std::string> lines;
    for (const auto& c : r.criteria) {
        lines.push_back((c.passed ? "PASS " : "FAIL ") + c.name + " " + c.message);
    }
    EXPECT_EQ(lines, (std::vector<std::string>{
                         "PASS header identical", "PASS step1 Δ=5.00e-01 <= 0.5",
                         "PASS step2 Δ=2.50e-01 <= 0.25", "PASS max Δ=5.00e-01 <= 0.5 at step 1",
                         "PASS median Δ=2.50e-01 <= 0.25", "PASS mean Δ=2.50e-01 <= 0.25",
                         "PASS step@3 Δ=0 <= 0", "FAIL step@2 Δ=2.50e-01 > 0.2"}));
    EXPECT_FALSE(r.passed());
    EXPECT_EQ(r.failed_count(), 1u);
}

// Lines "PASS name message" of a result, for compact comparisons.
std::vector<std::string> lines_of(const CheckResult& r) {
    std::vector<std::string> lines;
    for (const auto& c : r.criteria) {
        lines.push_back((c.skipped  ? "SKIP "
                         : c.passed ? "PASS "
                                    : "FAIL ") +
                        c.name + " " + c.message);
    }
    return lines;
}

TEST(CheckReport, NaNMissingStepsAndNoCommonStepsFail) {
    CheckSpec spec;
    spec.ignore_header = true;
    spec.max = {parse_max_criterion("step1=1"),  parse_max_criterion("step2=1"),
                parse_max_criterion("step@4=1"), parse_max_criterion("max=1"),
                parse_max_criterion("median=1"), parse_max_criterion("mean=1")};
    const Trace a = trace_of("{\"step\":1,\"loss\":NaN}\n{\"step\":2,\"loss\":1}\n"
                             "{\"step\":3,\"loss\":1}\n",
                             spec, "a.jsonl");
    const Trace b = trace_of("{\"step\":1,\"loss\":1}\n{\"step\":3,\"loss\":1}\n"
                             "{\"step\":4,\"loss\":1}\n",
                             spec, "b.jsonl");
    EXPECT_EQ(lines_of(run(spec, a, b, "a", "b")),
              (std::vector<std::string>{
                  "FAIL step1 Δ=NaN is not finite", "FAIL step2 step 2 is missing from B (b.jsonl)",
                  "FAIL step@4 step 4 is missing from A (a.jsonl)",
                  "FAIL max Δ=NaN at step 1 is not finite; A (a.jsonl) lacks 1 of B's 3 steps: "
                  "4; B (b.jsonl) lacks 1 of A's 3 steps: 2",
                  "FAIL median Δ=NaN is not finite; A (a.jsonl) lacks 1 of B's 3 steps: 4; B "
                  "(b.jsonl) lacks 1 of A's 3 steps: 2",
                  "FAIL mean Δ=NaN is not finite; A (a.jsonl) lacks 1 of B's 3 steps: 4; B "
                  "(b.jsonl) lacks 1 of A's 3 steps: 2"}));

    const Trace c = trace_of("{\"step\":10,\"loss\":1}\n", spec, "c.jsonl");
    EXPECT_EQ(lines_of(run(spec, a, c, "a", "c")),
              (std::vector<std::string>{"FAIL step1 step 1 is missing from B (c.jsonl)",
                                        "FAIL step2 step 2 is missing from B (c.jsonl)",
                                        "FAIL step@4 step 4 is missing from both traces",
                                        "FAIL max no common steps", "FAIL median no common steps",
                                        "FAIL mean no common steps"}));
}

TEST(CheckReport, HeaderIdentity) {
    CheckSpec spec;
    spec.require_same_steps = true;
    const std::string steps = "{\"step\":1,\"loss\":1}\n";
    const Trace plain = trace_of(std::string(k_header) + steps, spec, "a");
    const Trace other =
        trace_of("{\"kind\":\"header\",\"netspec_name\":\"n\",\"config\":{\"lr\":0.2}}\n" + steps,
                 spec, "b");
    const Trace none = trace_of(steps, spec, "c");
    EXPECT_EQ(lines_of(run(spec, plain, other, "a", "b")).front(),
              "FAIL header config.lr: 0.1 vs 0.2");
    EXPECT_EQ(lines_of(run(spec, plain, none, "a", "c")).front(),
              "FAIL header only A has a header");
    // Neither has one (a log of another format, say): not checked, and not a failure.
    const CheckResult skipped = run(spec, none, none, "c", "c");
    EXPECT_EQ(lines_of(skipped).front(),
              "SKIP header neither trace has a header (--require-header makes this fail)");
    EXPECT_TRUE(skipped.passed());
    EXPECT_EQ(skipped.skipped_count(), 1u);
    spec.require_header = true;
    const CheckResult required = run(spec, none, none, "c", "c");
    EXPECT_EQ(lines_of(required).front(),
              "FAIL header neither trace has a header (--require-header asks for one)");
    EXPECT_FALSE(required.passed());
    EXPECT_EQ(lines_of(run(spec, plain, none, "a", "c")).front(),
              "FAIL header only A has a header");
    spec.require_header = false;
    spec.ignore_header = true;
    EXPECT_EQ(lines_of(run(spec, plain, other, "a", "b")),
              (std::vector<std::string>{"PASS same-steps all 1 step in both traces"}));
}

TEST(CheckReport, MissingStepsNeverPassAStatisticOrAMode) {
    CheckSpec spec;
    spec.ignore_header = true;
    spec.mode = "strict";
    spec.field = "loss";
    spec.field_given = true;
    spec.allow = 5;
    spec.max = {parse_max_criterion("median=1"), parse_max_criterion("max=1")};
    const Trace a = trace_of("{\"step\":1,\"loss\":1}\n{\"step\":2,\"loss\":1}\n"
                             "{\"step\":3,\"loss\":1}\n",
                             spec, "a");
    const Trace b = trace_of("{\"step\":1,\"loss\":1}\n{\"step\":3,\"loss\":1}\n", spec, "b");
    EXPECT_EQ(lines_of(run(spec, a, b, "a", "b")),
              (std::vector<std::string>{
                  "FAIL median B (b) lacks 1 of A's 3 steps: 2; over the 2 steps compared: Δ=0, "
                  "within 1",
                  "FAIL max B (b) lacks 1 of A's 3 steps: 2; over the 2 steps compared: Δ=0 at "
                  "step 1, within 1",
                  "FAIL strict loss B (b) lacks 1 of A's 3 steps: 2; the 2 steps compared are "
                  "within tolerance (atol=0.0001, rtol=0.001)"}));
    spec.steps = StepRange{3, 3};
    EXPECT_TRUE(run(spec, a, b, "a", "b").passed());
}

TEST(CheckReport, AReferenceStepTheCandidateLacksComesFirst) {
    // The failure first, and counted against the reference's steps; a pass-sounding clause
    // only after it.
    CheckSpec spec;
    spec.ignore_header = true;
    spec.reference = true;
    spec.max = {parse_max_criterion("max=1")};
    spec.mode = "cross-comp";
    spec.field_given = true;
    const Trace ref = trace_of("{\"step\":1,\"loss\":1}\n{\"step\":5,\"loss\":1}\n"
                               "{\"step\":10,\"loss\":1}\n{\"step\":15,\"loss\":1}\n",
                               spec, "golden.jsonl");
    std::string candidate;
    for (int step = 1; step <= 9; ++step) {
        candidate += "{\"step\":" + std::to_string(step) + ",\"loss\":1.05}\n";
    }
    const Trace b = trace_of(candidate, spec, "run.jsonl");
    EXPECT_EQ(lines_of(run(spec, ref, b, "golden", "run")),
              (std::vector<std::string>{
                  "FAIL max B (run.jsonl) lacks 2 of the reference's 4 steps: 10, 15; over the 2 "
                  "steps compared: Δ=5.00e-02 at step 1, within 1",
                  "FAIL cross-comp loss B (run.jsonl) lacks 2 of the reference's 4 steps: 10, 15; "
                  "the 2 steps compared are within tolerance (atol=0.01, rtol=0.1)"}));
}

TEST(CheckReport, ANaNAnywhereFailsTheMedian) {
    CheckSpec spec;
    spec.ignore_header = true;
    spec.max = {parse_max_criterion("median=1"), parse_max_criterion("mean=1")};
    const Trace a = trace_of("{\"step\":1,\"loss\":1}\n{\"step\":2,\"loss\":1}\n"
                             "{\"step\":3,\"loss\":NaN}\n",
                             spec, "a");
    const Trace b = trace_of("{\"step\":1,\"loss\":1}\n{\"step\":2,\"loss\":1}\n"
                             "{\"step\":3,\"loss\":1}\n",
                             spec, "b");
    EXPECT_EQ(
        lines_of(run(spec, a, b, "a", "b")),
        (std::vector<std::string>{"FAIL median 1 delta is not finite (first at step 3); over the 3 "
                                  "steps compared: Δ=0, within 1",
                                  "FAIL mean Δ=NaN is not finite"}));
}

TEST(CheckReport, RequireSameSteps) {
    CheckSpec spec;
    spec.ignore_header = true;
    spec.require_same_steps = true;
    const Trace a = trace_of("{\"step\":1,\"loss\":1}\n{\"step\":2,\"loss\":1}\n"
                             "{\"step\":3,\"loss\":1}\n",
                             spec, "a");
    const Trace b = trace_of("{\"step\":1,\"loss\":1}\n{\"step\":5,\"loss\":1}\n", spec, "b");
    EXPECT_EQ(lines_of(run(spec, a, b, "a", "b")),
              (std::vector<std::string>{"FAIL same-steps 2 only in A (2-3), 1 only in B (5)"}));
    spec.steps = StepRange{1, 1};
    EXPECT_EQ(lines_of(run(spec, a, b, "a", "b")),
              (std::vector<std::string>{"PASS same-steps all 1 step in both traces"}));
}

TEST(CheckReport, ModeChecksEveryComparedStepOfEachField) {
    CheckSpec spec;
    spec.ignore_header = true;
    spec.mode = "strict"; // atol 1e-4, rtol 1e-3
    // Step 2 is off by 2e-3 relative; step 3 is NaN; lr agrees; grad_norm only in A.
    const Trace a = trace_of("{\"step\":1,\"loss\":1.0,\"lr\":0.1,\"grad_norm\":1}\n"
                             "{\"step\":2,\"loss\":1.0,\"lr\":0.1}\n"
                             "{\"step\":3,\"loss\":NaN,\"lr\":0.1}\n"
                             "{\"step\":4,\"loss\":1.0,\"lr\":0.1}\n",
                             spec, "a");
    const Trace b = trace_of("{\"step\":1,\"loss\":1.0005,\"lr\":0.1}\n"
                             "{\"step\":2,\"loss\":1.002,\"lr\":0.1}\n"
                             "{\"step\":3,\"loss\":1.0,\"lr\":0.1}\n"
                             "{\"step\":4,\"loss\":1.0,\"lr\":0.1}\n",
                             spec, "b");
    const CheckResult r = run(spec, a, b, "a", "b");
    ASSERT_EQ(r.criteria.size(), 2u); // loss and lr; grad_norm is not in both
    EXPECT_EQ(lines_of(r),
              (std::vector<std::string>{
                  "FAIL strict loss 2 of 4 steps outside tolerance (atol=0.0001, rtol=0.001), "
                  "first at step 2; 1 with a NaN or infinite value",
                  "PASS strict lr all 4 steps within tolerance (atol=0.0001, rtol=0.001)"}));
    EXPECT_EQ(r.criteria[0].details,
              (std::vector<std::string>{"worst 2 of 2 (largest Δ relative to the tolerance):",
                                        "step 3: A NaN, B 1, Δ=NaN > 1.000e-03",
                                        "step 2: A 1, B 1.002, Δ=2.000e-03 > 1.002e-03"}));

    // A budget covers steps outside the tolerance, never a NaN.
    spec.allow = 2;
    EXPECT_EQ(lines_of(run(spec, a, b, "a", "b")).front(),
              "FAIL strict loss 2 of 4 steps outside tolerance (atol=0.0001, rtol=0.001), first "
              "at step 2; 1 with a NaN or infinite value");
    spec.steps = StepRange{1, 2};
    EXPECT_EQ(lines_of(run(spec, a, b, "a", "b")).front(),
              "PASS strict loss 1 of 2 steps outside tolerance (atol=0.0001, rtol=0.001), first "
              "at step 2; within --allow 2");
    spec.steps.reset();
    spec.allow = 0;
    spec.rtol = 0.01;
    spec.atol = 0.0;
    EXPECT_EQ(lines_of(run(spec, a, b, "a", "b")).front(),
              "FAIL strict loss 1 of 4 steps outside tolerance (atol=0, rtol=0.01), first at "
              "step 3; 1 with a NaN or infinite value");
}

TEST(CheckReport, WithZeroToleranceTheWorstStepsAreTheLargestDeltas) {
    // Every failure is infinitely far past a zero tolerance: rank them by the delta itself.
    CheckSpec spec;
    spec.ignore_header = true;
    spec.field = "loss";
    spec.field_given = true;
    spec.mode = "strict";
    spec.atol = 0.0;
    spec.rtol = 0.0;
    std::string text_a;
    std::string text_b;
    for (int step = 1; step <= 12; ++step) {
        const double delta = step == 7 ? 0.5 : step == 11 ? 0.25 : 0.001 * step;
        text_a += "{\"step\":" + std::to_string(step) + ",\"loss\":1}\n";
        text_b +=
            "{\"step\":" + std::to_string(step) + ",\"loss\":" + format_shortest(1 + delta) + "}\n";
    }
    const CheckResult r =
        run(spec, trace_of(text_a, spec, "a"), trace_of(text_b, spec, "b"), "a", "b");
    ASSERT_EQ(r.criteria.size(), 1u);
    const std::vector<std::string>& d = r.criteria[0].details;
    ASSERT_EQ(d.size(), 11u);
    EXPECT_EQ(d[0], "worst 10 of 12 (largest Δ; the tolerance is zero):");
    EXPECT_EQ(d[1], "step 7: A 1, B 1.5, Δ=5.000e-01 > 0.000e+00");
    EXPECT_EQ(d[2], "step 11: A 1, B 1.25, Δ=2.500e-01 > 0.000e+00");
    EXPECT_EQ(d[3], "step 12: A 1, B 1.012, Δ=1.200e-02 > 0.000e+00");
    EXPECT_EQ(d[10], "step 3: A 1, B 1.003, Δ=3.000e-03 > 0.000e+00");
}

} // namespace
} // namespace tracediff
