// The use cases of the application layer, as both front ends call them: typed requests in,
// results and warnings out, nothing printed.
#include "tracediff/app/check_job.hpp"
#include "tracediff/app/comparison_plan.hpp"
#include "tracediff/app/table_job.hpp"
#include "tracediff/app/trace_inputs.hpp"
#include "tracediff/error.hpp"
#include "tracediff/exit_codes.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tracediff {
namespace {

const std::string k_data = TRACEDIFF_DATA_DIR;

std::string data(const std::string& name) {
    return k_data + "/" + name;
}

template <typename F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    ADD_FAILURE() << "no error";
    return "";
}

TEST(AppPlan, NeedsTwoTracesOrAManifest) {
    EXPECT_EQ(error_of([] {
                  app::make_comparison_plan({"table", {data("run.alpha.jsonl")}});
              }),
              "table needs at least two trace files or --manifest, got 1");
    EXPECT_EQ(error_of([] {
                  app::make_comparison_plan({"plot",
                                             {data("run.alpha.jsonl"), data("run.beta.jsonl")},
                                             data("runs.json")});
              }),
              "give trace files or --manifest, not both");
    const app::ComparisonPlan plan = app::make_comparison_plan(
        {"table", {data("run.alpha.jsonl"), data("run.beta.jsonl"), data("run.gamma.jsonl")}});
    ASSERT_EQ(plan.rows.size(), 3u);
    EXPECT_EQ(plan.labels, (std::vector<std::string>{"alpha", "beta", "gamma"}));
    EXPECT_EQ(plan.field, "loss");
}

TEST(AppInputs, WarningsOfTheTracesBeforeTheFirstFailureComeFirst) {
    app::Warnings warnings;
    const ReadOptions options;
    EXPECT_EQ(error_of([&] {
                  app::load_traces({data("truncated.jsonl"), data("malformed.jsonl")},
                                   {options, options}, warnings);
              }).rfind(data("malformed.jsonl") + ":", 0),
              0u);
    const std::vector<std::string> said = warnings.take();
    ASSERT_EQ(said.size(), 1u);
    EXPECT_EQ(said[0].rfind(data("truncated.jsonl") + ":", 0), 0u) << said[0];
    EXPECT_TRUE(warnings.empty());
}

TEST(AppInputs, AnAliasReadsAnotherName) {
    app::InputOptions input;
    input.aliases = {{"loss", "val_loss"}};
    const ReadOptions options = app::read_options_for({}, input);
    ASSERT_EQ(options.fields.size(), 1u);
    EXPECT_EQ(options.fields[0].source_names(), (std::vector<std::string>{"loss", "val_loss"}));
    input.from = "csv";
    input.pattern = "(?P<step>\\d+)";
    EXPECT_EQ(error_of([&] { app::read_options_for({}, input); }),
              "a pattern reads text logs; it does not go with the format 'csv'");
}

TEST(AppTable, ComparesEveryPairAndWarnsAboutCoverage) {
    app::Warnings warnings;
    const TableReport report =
        app::make_table({.files = {data("run.alpha.jsonl"), data("run.beta.jsonl")}}, warnings);
    ASSERT_EQ(report.rows.size(), 1u);
    EXPECT_EQ(report.rows[0].stats.compared, 5u);
    EXPECT_EQ(report.rows[0].stats.max_step, 5);
    // The headers agree (an emitter version does not count); the steps do not.
    EXPECT_EQ(warnings.take(),
              (std::vector<std::string>{"'alpha' vs 'beta': 1 step only in 'alpha' "
                                        "and 1 step only in 'beta' are not "
                                        "compared"}));
}

TEST(AppCheck, ReportsOnceAndReturnsTheExitCode) {
    app::CheckRequest request;
    request.files = {data("run.alpha.jsonl"), data("run.beta.jsonl")};
    request.spec.max = {make_max_criterion("step2", 1e-7)};
    request.spec.ignore_header = true;
    std::vector<CheckResult> reported;
    app::Warnings warnings;
    const int code = app::run_pair_check(
        request, [&](const CheckResult& r, app::Warnings&) { reported.push_back(r); }, warnings);
    EXPECT_EQ(code, k_exit_gate_failed);
    ASSERT_EQ(reported.size(), 1u);
    EXPECT_FALSE(reported[0].passed());
    EXPECT_EQ(reported[0].criteria[0].message, "Δ=1.00e-06 > 1e-07");
}

TEST(AppCheck, OptionsAreNamedAsTheFrontEndSpellsThem) {
    app::CheckRequest request;
    request.files = {data("run.alpha.jsonl"), data("run.beta.jsonl")};
    request.spec.atol = 0.1;
    request.spec.max = {make_max_criterion("step1", 1)};
    const auto nothing = [](const CheckResult&, app::Warnings&) {
    };
    app::Warnings warnings;
    EXPECT_EQ(error_of([&] { app::run_pair_check(request, nothing, warnings); }),
              "atol and rtol adjust the tolerance of a mode; give mode too");
    request.spelling = [](std::string_view name) {
        return "--" + std::string(name);
    };
    EXPECT_EQ(error_of([&] { app::run_pair_check(request, nothing, warnings); }),
              "--atol and --rtol adjust the tolerance of a --mode; give --mode too");
}

TEST(AppCheck, ValuesAreTypedNotText) {
    app::Warnings warnings;
    const ReadOptions options;
    const std::vector<Trace> traces = app::load_traces(
        {data("run.alpha.jsonl"), data("run.beta.jsonl")}, {options, options}, warnings);
    CheckSpec spec;
    spec.max = {make_max_criterion("step2", 1e-7), make_max_criterion("step@7", 1),
                make_max_criterion("median", 1)};
    spec.ignore_header = true;
    const app::CheckValues v = app::check_values(app::check_traces(spec, traces[0], traces[1]));
    EXPECT_FALSE(v.passed);
    EXPECT_EQ(v.verdict, "FAIL");
    ASSERT_EQ(v.criteria.size(), 3u);
    const app::CriterionValues& step2 = v.criteria[0];
    EXPECT_EQ(std::get<double>(step2.limit), 1e-7);
    EXPECT_EQ(std::get<double>(step2.value), 1e-06); // as written: 2.250001 - 2.25
    EXPECT_EQ(step2.step, 2);
    const app::CriterionValues& step7 = v.criteria[1];
    EXPECT_EQ(std::get<std::string>(step7.value), "missing from A");
    EXPECT_EQ(step7.step, 7);
    EXPECT_EQ(v.criteria[2].step, std::nullopt); // the median is of every step
}

TEST(AppCheck, ATraceAgainstItselfIsRefused) {
    app::CheckRequest request;
    request.files = {data("run.alpha.jsonl"), data("run.alpha.jsonl")};
    request.spec.max = {make_max_criterion("step1", 1)};
    app::Warnings warnings;
    EXPECT_EQ(error_of([&] {
                  app::run_pair_check(
                      request, [](const CheckResult&, app::Warnings&) {}, warnings);
              }),
              "'" + data("run.alpha.jsonl") + "' and '" + data("run.alpha.jsonl") +
                  "' are the same file; a trace compared with itself always passes");
}

} // namespace
} // namespace tracediff
