// `check`: the CI gate, on two whole files, on traces read while the run goes on (a live
// check), or on the named checks of a manifest; and its results as reports or plain values.
#pragma once

#include "tracediff/app/trace_inputs.hpp"
#include "tracediff/app/warnings.hpp"
#include "tracediff/gate/check.hpp"
#include "tracediff/gate/criteria.hpp"
#include "tracediff/render/check_report.hpp"
#include "tracediff/render/table_writer.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace tracediff::app {

// One pair check as a front end asks for it.
struct CheckRequest {
    std::vector<std::string> files{}; // A and B; the candidate alone with a reference
    std::string reference{};          // the reference, whose steps are the steps that count
    CheckSpec spec{};                 // the criteria (gate/criteria.hpp); validated here
    // A live check reads the traces as they are written: standard input and FIFOs always,
    // regular files with `follow` or a command.
    bool follow = false;
    std::optional<double> idle_timeout{}; // end a followed run when nothing grows for this long
    std::optional<double> grace{};        // how long a stopped command may take to exit
    std::vector<std::string> command{};   // run beside the check; empty for none
    InputOptions input{};
    std::vector<std::string> outputs{}; // the files the front end will write: never an input
    OptionSpelling spelling = {};       // how messages name the options (gate/criteria.hpp)
};

// Called once, with the check's result, as soon as it is decided: in a live check before the
// command is stopped. `warnings` holds what the reader has said by then.
using CheckReporter = std::function<void(const CheckResult& result, Warnings& warnings)>;

// Runs one pair check, on whole files or live, and hands its result to `report`. Returns the
// exit code: 0 passed, 1 failed; after a passed live check, the command's failure code.
// Throws Error on bad arguments or input (the live check's command stopped first).
int run_pair_check(const CheckRequest& request, const CheckReporter& report, Warnings& warnings);

struct ManifestCheckRequest {
    std::string manifest{};
    InputOptions input{};
    std::vector<std::string> outputs{}; // the files the front end will write: never an input
};

// Runs the checks a manifest names ("checks"), each trace read once with every field its
// checks need.
std::vector<CheckResult> run_manifest_checks(const ManifestCheckRequest& request,
                                             Warnings& warnings);

// Checks two traces read before (each with spec.fields_to_read()), labelled by their paths.
CheckOutcome check_traces(const CheckSpec& spec, const Trace& a, const Trace& b);

// Throws Error when `a` and `b` are the same file: a trace compared with itself always passes.
void refuse_same_trace(const std::string& a, const std::string& b);

// 0 when every check passed, 1 otherwise.
int exit_code_of(const std::vector<CheckResult>& results);

// A check's reports: the report in its format (`manifest`: one line per check in text), JUnit
// XML, and GitHub Actions annotations.
struct CheckReports {
    std::string report;
    std::string junit;
    std::string annotations;
};
CheckReports render_check_reports(const std::vector<CheckResult>& results, OutputFormat format,
                                  bool manifest);

// A criterion's result as plain values, for a front end that hands on values rather than text
// (the Python module): a statistic's limit and value as numbers, the rest as the summary
// table's text ("identical", "3 of 100 steps outside"); nothing where it does not apply.
struct CriterionValues {
    using Value = std::variant<std::monostate, double, std::string>;
    std::string name;
    bool passed = false;
    bool skipped = false;
    std::string verdict; // PASS, FAIL or SKIP
    std::string message;
    std::vector<std::string> details;
    Value limit;
    Value value;
    std::optional<std::int64_t> step;
};

struct CheckValues {
    bool passed = false;
    std::string verdict; // PASS or FAIL
    std::string field;
    std::string label_a;
    std::string label_b;
    std::vector<CriterionValues> criteria;
};

CheckValues check_values(const CheckOutcome& outcome);

} // namespace tracediff::app
