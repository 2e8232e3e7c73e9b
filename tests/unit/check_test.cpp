#include "tracediff/gate/check.hpp"
#include "tracediff/error.hpp"
#include "tracediff/read/trace_parser.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace tracediff {
namespace {

constexpr double k_inf = std::numeric_limits<double>::infinity();
constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

std::string error_of(void (*f)()) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

TEST(Check, ParsesCriteria) {
    const MaxCriterion c = parse_max_criterion("step1=1e-5");
    EXPECT_EQ(c.stat, CheckStat::step1);
    EXPECT_EQ(c.limit, 1e-5);
    EXPECT_EQ(c.name, "step1");
    const MaxCriterion at = parse_max_criterion("step@100=0.5");
    EXPECT_EQ(at.stat, CheckStat::step_at);
    EXPECT_EQ(at.step, 100);
    EXPECT_EQ(parse_max_criterion("median=0").limit, 0.0);
    EXPECT_EQ(parse_max_criterion("mean=3").stat, CheckStat::mean);
    EXPECT_EQ(parse_max_criterion("max=3").stat, CheckStat::max);
    EXPECT_EQ(parse_max_criterion("step2=3").stat, CheckStat::step2);
}

TEST(Check, RejectsMalformedCriteria) {
    EXPECT_EQ(error_of([] { parse_max_criterion("step1"); }),
              "invalid criterion 'step1': expected STAT=LIMIT, e.g. step1=1e-5");
    EXPECT_EQ(error_of([] { parse_max_criterion("step3=1"); }),
              "unknown statistic 'step3' (expected step1, step2, median, max, mean or step@N)");
    EXPECT_EQ(error_of([] { parse_max_criterion("step@x=1"); }),
              "invalid statistic 'step@x': step@N needs a step number N >= 0");
    EXPECT_EQ(error_of([] { parse_max_criterion("step1=abc"); }),
              "invalid criterion 'step1=abc': the limit must be a finite number >= 0");
    EXPECT_EQ(error_of([] { parse_max_criterion("step1=-1"); }),
              "invalid criterion 'step1=-1': the limit must be a finite number >= 0");
    EXPECT_EQ(error_of([] { parse_max_criterion("step1=nan"); }),
              "invalid criterion 'step1=nan': the limit must be a finite number >= 0");
}

TEST(Check, ParsesStepRanges) {
    EXPECT_EQ(parse_step_range("1-100").first, 1);
    EXPECT_EQ(parse_step_range("1-100").last, 100);
    EXPECT_EQ(parse_step_range("7").last, 7);
    EXPECT_EQ(error_of([] { parse_step_range("10-1"); }),
              "invalid step range '10-1' (expected FIRST-LAST, e.g. 1-100)");
    EXPECT_EQ(error_of([] { parse_step_range("a-b"); }),
              "invalid step range 'a-b' (expected FIRST-LAST, e.g. 1-100)");
    EXPECT_EQ(error_of([] { parse_step_range(""); }),
              "invalid step range '' (expected FIRST-LAST, e.g. 1-100)");
}

TEST(Check, ModePresets) {
    EXPECT_EQ(mode_tolerance("strict")->atol, 1e-4);
    EXPECT_EQ(mode_tolerance("strict")->rtol, 1e-3);
    EXPECT_EQ(mode_tolerance("cross-gpu")->atol, 1e-3);
    EXPECT_EQ(mode_tolerance("cross-gpu")->rtol, 1e-2);
    EXPECT_EQ(mode_tolerance("cross-comp")->atol, 1e-2);
    EXPECT_EQ(mode_tolerance("cross-comp")->rtol, 1e-1);
    EXPECT_FALSE(mode_tolerance("loose").has_value());
}

// Expected values are what Python 3.11's math.isclose(a, b, rel_tol=rtol, abs_tol=atol) returns.
struct IscloseCase {
    double a, b, atol, rtol;
    bool python;
};

TEST(Check, ToleranceMatchesPythonIsclose) {
    const IscloseCase cases[] = {
        {1.0, 1.0, 0, 0, true},
        {0.0, 0.0, 0, 0, true},
        {0.0, -0.0, 0, 0, true},
        {0.0, 1e-300, 0, 0, false},
        {0.0, 1e-300, 0.001, 0, true},
        {1e-300, 2e-300, 0, 0.5, true},
        {1e-300, 2e-300, 0, 0.49, false},
        {-1.0, 1.0, 0, 0.001, false},
        {-1.0, 1.0, 2.0, 0, true},
        {-1.0, 1.0, 1.999, 0, false},
        {1e+308, 1.1e+308, 0, 0.1, true},
        {1e+308, 1.2e+308, 0, 0.1, false},
        {1.7e+308, -1.7e+308, 0, 1.0, false},
        {100.0, 101.0, 0, 0.01, true},
        {100.0, 101.0, 0, 0.0099, false},
        {1.0, 1.0000000000000002, 0, 0, false},
        {1.0, 1.0000000000000002, 0, 2.220446049250313e-16, true},
        {1e-05, 2e-05, 1e-05, 0, true},
        {1e-05, 2.0000001e-05, 1e-05, 0, false},
        {2.419938802719116, 2.419939, 0.0001, 0.001, true},
        {0.09041647613048553, 0.080376, 0.01, 0.1, false},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(within_tolerance(c.a, c.b, {c.atol, c.rtol}), c.python)
            << c.a << " vs " << c.b << " atol " << c.atol << " rtol " << c.rtol;
        EXPECT_EQ(within_tolerance(c.b, c.a, {c.atol, c.rtol}), c.python) << "symmetric";
    }
}

TEST(Check, NonFiniteValuesAreNeverWithinTolerance) {
    EXPECT_FALSE(within_tolerance(k_nan, k_nan, {1, 1}));
    EXPECT_FALSE(within_tolerance(k_nan, 1.0, {1, 1}));
    EXPECT_FALSE(within_tolerance(k_inf, 1.0, {1, 1}));
    // Python says isclose(inf, inf) is True; a gate must not pass on a diverged run.
    EXPECT_FALSE(within_tolerance(k_inf, k_inf, {1, 1}));
}

TEST(Check, RestrictToARange) {
    const Series s{{1, 2, 5, 9}, {10, 20, 50, 90}};
    const Series r = restrict_to(s, {2, 5});
    EXPECT_EQ(r.steps, (std::vector<std::int64_t>{2, 5}));
    EXPECT_EQ(r.values, (std::vector<double>{20, 50}));
    EXPECT_TRUE(restrict_to(s, {6, 8}).empty());
}

TEST(Check, SpecValidation) {
    CheckSpec empty;
    EXPECT_THROW(empty.validate(), Error);
    CheckSpec tolerance_without_mode;
    tolerance_without_mode.require_same_steps = true;
    tolerance_without_mode.atol = 1e-3;
    EXPECT_THROW(tolerance_without_mode.validate(), Error);
    CheckSpec step_outside;
    step_outside.max.push_back(parse_max_criterion("step@500=1"));
    step_outside.steps = StepRange{1, 100};
    try {
        step_outside.validate();
        FAIL();
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "step@500: step 500 is outside the checked steps 1-100");
    }
}

TEST(Check, FieldsToRead) {
    CheckSpec spec;
    spec.max.push_back(parse_max_criterion("step1=1"));
    EXPECT_EQ(spec.fields_to_read(), (std::vector<std::pair<std::string, bool>>{{"loss", true}}));
    spec.mode = "strict";
    EXPECT_EQ(spec.fields_to_read(),
              (std::vector<std::pair<std::string, bool>>{
                  {"loss", true}, {"lr", true}, {"grad_norm", false}, {"param_norm", false}}));
    spec.field = "grad_norm";
    spec.field_given = true;
    EXPECT_EQ(spec.fields_to_read(),
              (std::vector<std::pair<std::string, bool>>{{"grad_norm", true}}));
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

TEST(Check, LimitsPassAtEqualityAndFailAbove) {
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
    const CheckResult r = run_check(spec, a, b, "a", "b");
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
        lines.push_back((c.passed ? "PASS " : "FAIL ") + c.name + " " + c.message);
    }
    return lines;
}

TEST(Check, NaNMissingStepsAndNoCommonStepsFail) {
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
    EXPECT_EQ(lines_of(run_check(spec, a, b, "a", "b")),
              (std::vector<std::string>{
                  "FAIL step1 Δ=NaN is not finite", "FAIL step2 step 2 is missing from B (b.jsonl)",
                  "FAIL step@4 step 4 is missing from A (a.jsonl)",
                  "FAIL max Δ=NaN at step 1 is not finite; steps missing: A (a.jsonl) lacks 4; B "
                  "(b.jsonl) lacks 2",
                  "FAIL median Δ=NaN is not finite; steps missing: A (a.jsonl) lacks 4; B "
                  "(b.jsonl) lacks 2",
                  "FAIL mean Δ=NaN is not finite; steps missing: A (a.jsonl) lacks 4; B (b.jsonl) "
                  "lacks 2"}));

    const Trace c = trace_of("{\"step\":10,\"loss\":1}\n", spec, "c.jsonl");
    EXPECT_EQ(lines_of(run_check(spec, a, c, "a", "c")),
              (std::vector<std::string>{"FAIL step1 step 1 is missing from B (c.jsonl)",
                                        "FAIL step2 step 2 is missing from B (c.jsonl)",
                                        "FAIL step@4 step 4 is missing from both traces",
                                        "FAIL max no common steps", "FAIL median no common steps",
                                        "FAIL mean no common steps"}));
}

TEST(Check, HeaderIdentity) {
    CheckSpec spec;
    spec.require_same_steps = true;
    const std::string steps = "{\"step\":1,\"loss\":1}\n";
    const Trace plain = trace_of(std::string(k_header) + steps, spec, "a");
    const Trace other =
        trace_of("{\"kind\":\"header\",\"netspec_name\":\"n\",\"config\":{\"lr\":0.2}}\n" + steps,
                 spec, "b");
    const Trace none = trace_of(steps, spec, "c");
    EXPECT_EQ(lines_of(run_check(spec, plain, other, "a", "b")).front(),
              "FAIL header config.lr: 0.1 vs 0.2");
    EXPECT_EQ(lines_of(run_check(spec, plain, none, "a", "c")).front(),
              "FAIL header only A has a header");
    EXPECT_EQ(lines_of(run_check(spec, none, none, "c", "c")).front(),
              "FAIL header neither trace has a header (--ignore-header checks traces without "
              "one)");
    spec.ignore_header = true;
    EXPECT_EQ(lines_of(run_check(spec, plain, other, "a", "b")),
              (std::vector<std::string>{"PASS same-steps all 1 steps in both traces"}));
}

TEST(Check, MissingStepsNeverPassAStatisticOrAMode) {
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
    EXPECT_EQ(lines_of(run_check(spec, a, b, "a", "b")),
              (std::vector<std::string>{
                  "FAIL median Δ=0 <= 1; steps missing: B (b) lacks 2",
                  "FAIL max Δ=0 <= 1 at step 1; steps missing: B (b) lacks 2",
                  "FAIL strict loss all 2 compared steps within tolerance (atol=0.0001, "
                  "rtol=0.001); steps missing: B (b) lacks 2"}));
    spec.steps = StepRange{3, 3};
    EXPECT_TRUE(run_check(spec, a, b, "a", "b").passed());
}

TEST(Check, ANaNAnywhereFailsTheMedian) {
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
        lines_of(run_check(spec, a, b, "a", "b")),
        (std::vector<std::string>{"FAIL median Δ=0 <= 1; 1 delta is not finite (first at step 3)",
                                  "FAIL mean Δ=NaN is not finite"}));
}

TEST(Check, RequireSameSteps) {
    CheckSpec spec;
    spec.ignore_header = true;
    spec.require_same_steps = true;
    const Trace a = trace_of("{\"step\":1,\"loss\":1}\n{\"step\":2,\"loss\":1}\n"
                             "{\"step\":3,\"loss\":1}\n",
                             spec, "a");
    const Trace b = trace_of("{\"step\":1,\"loss\":1}\n{\"step\":5,\"loss\":1}\n", spec, "b");
    EXPECT_EQ(lines_of(run_check(spec, a, b, "a", "b")),
              (std::vector<std::string>{"FAIL same-steps 2 only in A (2-3), 1 only in B (5)"}));
    spec.steps = StepRange{1, 1};
    EXPECT_EQ(lines_of(run_check(spec, a, b, "a", "b")),
              (std::vector<std::string>{"PASS same-steps all 1 steps in both traces"}));
}

TEST(Check, ModeChecksEveryComparedStepOfEachField) {
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
    const CheckResult r = run_check(spec, a, b, "a", "b");
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
    EXPECT_EQ(lines_of(run_check(spec, a, b, "a", "b")).front(),
              "FAIL strict loss 2 of 4 steps outside tolerance (atol=0.0001, rtol=0.001), first "
              "at step 2; 1 with a NaN or infinite value");
    spec.steps = StepRange{1, 2};
    EXPECT_EQ(lines_of(run_check(spec, a, b, "a", "b")).front(),
              "PASS strict loss 1 of 2 steps outside tolerance (atol=0.0001, rtol=0.001), first "
              "at step 2; within --allow 2");
    spec.steps.reset();
    spec.allow = 0;
    spec.rtol = 0.01;
    spec.atol = 0.0;
    EXPECT_EQ(lines_of(run_check(spec, a, b, "a", "b")).front(),
              "FAIL strict loss 1 of 4 steps outside tolerance (atol=0, rtol=0.01), first at "
              "step 3; 1 with a NaN or infinite value");
}

} // namespace
} // namespace tracediff
