// The gate's outcomes (gate/check.hpp) in words: one line per criterion, such as
// "Δ=1.97e-07 <= 1e-06" or "step 2 is missing from B (b.jsonl)", and detail lines under it.
// Every check writer (check_writer.hpp) prints these.
#pragma once

#include "tracediff/compare/step_range.hpp"
#include "tracediff/gate/check.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tracediff {

// A criterion as the cells of the summary table (check --format markdown): what it was held
// to, what was found, and at which step; "" where a column does not apply.
struct CriterionCells {
    std::string limit;                // "1e-06", "atol=0.0001, rtol=0.001", "identical"
    std::string value;                // "1.00e-06", "3 of 100 steps outside", "missing"
    std::optional<std::int64_t> step; // 2, the step of the max, the first failing step
};

struct CriterionResult {
    std::string name; // "step1", "header", "cross-comp loss", "same-steps"
    bool passed = false;
    std::string message;               // "Δ=1.97e-07 <= 1e-06"
    std::vector<std::string> details;  // extra lines: the worst steps of a mode check
    bool skipped = false;              // not checked (and passed): shown as SKIP
    std::optional<Decision> decided{}; // live checks: when it was decided
    CriterionCells cells = {};
};

struct CheckResult {
    std::string name; // of the check; "" on the command line
    std::string label_a;
    std::string label_b;
    std::string path_a;
    std::string path_b;
    std::string field;
    std::optional<StepRange> steps;
    std::vector<CriterionResult> criteria;
    // Live checks: sentences about the run (criteria left undecided, the command's status).
    std::vector<std::string> notes{};
    // Live checks: the command failed after every criterion passed (LiveRun::command_failure);
    // the check fails with it.
    std::string command_failure{};

    bool passed() const;
    std::size_t failed_count() const;
    std::size_t skipped_count() const;
};

// The words for one criterion; `check` gives the paths that messages name.
CriterionResult describe_criterion(const CriterionOutcome& criterion, const CheckOutcome& check);

// The summary-table cells of one criterion (check_cells.cpp).
CriterionCells criterion_cells(const CriterionOutcome& criterion);

// The words for every criterion of a check.
CheckResult describe_check(const CheckOutcome& check);

// What a verdict counts: the criteria of a check, or the checks of a manifest.
enum class Counted { criteria, checks };

// The count behind a verdict, without PASS or FAIL: "all 3 criteria passed", "the 1 criterion
// passed", "1 of 2 checks failed", "the 1 criterion failed", with ", 1 skipped" after it.
std::string count_verdict(std::size_t failed, std::size_t total, Counted counted,
                          std::size_t skipped = 0);

} // namespace tracediff
