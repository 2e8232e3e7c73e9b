#include "tracediff/error.hpp"
#include "tracediff/gate/criteria.hpp"

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

TEST(Criteria, ParsesCriteria) {
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

TEST(Criteria, RejectsMalformedCriteria) {
    EXPECT_EQ(error_of([] { parse_max_criterion("step1"); }),
              "invalid criterion 'step1': expected STAT=LIMIT, e.g. step1=1e-5");
    EXPECT_EQ(
        error_of([] { parse_max_criterion("step3=1"); }),
        "unknown statistic 'step3' (expected step1, step2, median, max, mean, bias or step@N)");
    EXPECT_EQ(error_of([] { parse_max_criterion("step@x=1"); }),
              "invalid statistic 'step@x': step@N needs a step number N >= 0");
    EXPECT_EQ(error_of([] { parse_max_criterion("step1=abc"); }),
              "invalid criterion 'step1=abc': the limit must be a finite number >= 0");
    EXPECT_EQ(error_of([] { parse_max_criterion("step1=-1"); }),
              "invalid criterion 'step1=-1': the limit must be a finite number >= 0");
    EXPECT_EQ(error_of([] { parse_max_criterion("step1=nan"); }),
              "invalid criterion 'step1=nan': the limit must be a finite number >= 0");
}

TEST(Criteria, ParsesStepRanges) {
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

TEST(Criteria, ModePresets) {
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

TEST(Criteria, ToleranceMatchesPythonIsclose) {
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

TEST(Criteria, NonFiniteValuesAreNeverWithinTolerance) {
    EXPECT_FALSE(within_tolerance(k_nan, k_nan, {1, 1}));
    EXPECT_FALSE(within_tolerance(k_nan, 1.0, {1, 1}));
    EXPECT_FALSE(within_tolerance(k_inf, 1.0, {1, 1}));
    // Python says isclose(inf, inf) is True; a gate must not pass on a diverged run.
    EXPECT_FALSE(within_tolerance(k_inf, k_inf, {1, 1}));
}

TEST(Criteria, RestrictToARange) {
    const Series s{{1, 2, 5, 9}, {10, 20, 50, 90}};
    const Series r = restrict_to(s, {2, 5});
    EXPECT_EQ(r.steps, (std::vector<std::int64_t>{2, 5}));
    EXPECT_EQ(r.values, (std::vector<double>{20, 50}));
    EXPECT_TRUE(restrict_to(s, {6, 8}).empty());
}

TEST(Criteria, SpecValidation) {
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

TEST(Criteria, FieldsToRead) {
    CheckSpec spec;
    spec.max.push_back(parse_max_criterion("step1=1"));
    EXPECT_EQ(spec.fields_to_read(), (std::vector<std::pair<std::string, bool>>{{"loss", true}}));
    spec.mode = "strict";
    EXPECT_EQ(spec.fields_to_read(),
              (std::vector<std::pair<std::string, bool>>{
                  {"loss", true}, {"lr", false}, {"grad_norm", false}, {"param_norm", false}}));
    spec.field = "grad_norm";
    spec.field_given = true;
    EXPECT_EQ(spec.fields_to_read(),
              (std::vector<std::pair<std::string, bool>>{{"grad_norm", true}}));
}

} // namespace
} // namespace tracediff

namespace tracediff {
namespace {

TEST(Criteria, AllowAsAShareOfTheReferencesSteps) {
    CheckSpec spec;
    spec.allow_percent = 2.0; // --allow 2%
    EXPECT_EQ(spec.allowed_failures(300), 6u);
    EXPECT_EQ(spec.allowed_failures(299), 5u); // 5.98 steps: 5 may fail, not 6
    EXPECT_EQ(spec.allowed_failures(49), 0u);
    spec.allow_percent.reset();
    spec.allow = 3; // --allow 3
    EXPECT_EQ(spec.allowed_failures(300), 3u);
}

} // namespace
} // namespace tracediff
