// `check --format markdown`: the summary table a CI job shows (GitHub's job summary).
#include "tracediff/render/check_writer.hpp"
#include "tracediff/render/text_table.hpp"

#include <fmt/format.h>

namespace tracediff {

namespace {

// Text on one line: a line end would end the table row or the list item (MarkdownTable
// escapes the '|' of its cells).
std::string cell(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (c == '\n' || c == '\r') {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

// `text` as inline code, or as it is when it holds a backtick or a line end.
std::string code(const std::string& text) {
    if (text.find_first_of("`\n\r") != std::string::npos) {
        return text;
    }
    return fmt::format("`{}`", text);
}

std::string verdict_cell(const CriterionResult& c) {
    return c.skipped ? "SKIP" : c.passed ? "PASS" : "**FAIL**";
}

// "PASS: all 3 criteria passed", "FAIL: 1 of 2 checks failed, 1 skipped", in bold.
std::string verdict_line(std::size_t failed, std::size_t total, Counted counted,
                         std::size_t skipped) {
    return fmt::format("**{}**: {}\n", failed == 0 ? "PASS" : "FAIL",
                       count_verdict(failed, total, counted, skipped));
}

std::string check_section(const CheckResult& r) {
    const std::string name = r.name.empty() ? "" : fmt::format(" {}:", code(r.name));
    const std::string steps =
        r.steps ? fmt::format(", steps {}-{}", r.steps->first, r.steps->last) : "";
    std::string out = fmt::format("### tracediff check{} {} vs {} ({}{})\n\n", name,
                                  code(r.label_a), code(r.label_b), r.field, steps);
    out += fmt::format("A {}, B {}\n\n", code(r.path_a), code(r.path_b));
    MarkdownTable table({"criterion", "limit", "value", "step", "verdict"});
    for (const auto& c : r.criteria) {
        table.add_row({cell(c.name), cell(c.cells.limit), cell(c.cells.value),
                       c.cells.step ? std::to_string(*c.cells.step) : "", verdict_cell(c)});
    }
    out += table.render();
    std::string failures;
    for (const auto& c : r.criteria) {
        if (c.passed) {
            continue;
        }
        failures += fmt::format("- **{}**: {}\n", cell(c.name), cell(c.message));
        for (const auto& d : c.details) {
            failures += fmt::format("  - {}\n", cell(d));
        }
    }
    if (!r.command_failure.empty()) {
        failures += fmt::format("- **command**: {}\n", cell(r.command_failure));
    }
    for (const auto& note : r.notes) {
        failures += fmt::format("- note: {}\n", cell(note));
    }
    if (!failures.empty()) {
        out += '\n';
        out += failures;
    }
    out += '\n';
    if (const auto command = command_verdict(r)) {
        out += "**FAIL**" + command->substr(4);
    } else {
        out +=
            verdict_line(r.failed_count(), r.criteria.size(), Counted::criteria, r.skipped_count());
    }
    return out;
}

} // namespace

std::string render_checks_markdown(const std::vector<CheckResult>& results) {
    std::string out;
    std::size_t failed = 0;
    for (const auto& r : results) {
        if (!out.empty()) {
            out += '\n';
        }
        out += check_section(r);
        failed += r.passed() ? 0 : 1;
    }
    if (results.size() > 1) {
        out += '\n';
        out += verdict_line(failed, results.size(), Counted::checks, 0);
    }
    return out;
}

} // namespace tracediff
