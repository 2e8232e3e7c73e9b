// Stage 4 for `tracediff check`: the verdicts as text, markdown, JSON and JUnit XML.
#pragma once

#include "tracediff/render/check_report.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tracediff {

// One check on the command line: a heading, one line per criterion, a verdict line.
std::string render_check_text(const CheckResult& result);

// Many named checks (a manifest): one line per check, the failing criteria under it, a verdict.
std::string render_checks_text(const std::vector<CheckResult>& results);

// The summary table for a CI job summary (check_markdown.cpp): per check a heading and one
// row per criterion (criterion, limit, value, step, verdict), the messages of the criteria
// that failed under it, and the verdict.
std::string render_checks_markdown(const std::vector<CheckResult>& results);

std::string render_checks_json(const std::vector<CheckResult>& results);

// JUnit XML: one test suite per check, one test case per criterion.
std::string render_junit(const std::vector<CheckResult>& results);

// GitHub Actions `::error` lines, one per failed criterion.
std::string render_github_annotations(const std::vector<CheckResult>& results);

// "alpha vs beta" or the check's name.
std::string check_title(const CheckResult& result);

// "FAIL: all 2 criteria passed, but the command (python) exited with status 3" when the
// command of a live check failed after its criteria passed; nothing otherwise.
std::optional<std::string> command_verdict(const CheckResult& result);

} // namespace tracediff
