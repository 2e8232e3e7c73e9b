#include "tracediff/render/check_writer.hpp"

#include "tracediff/printable.hpp"
#include "tracediff/read/trace.hpp"
#include "tracediff/render/json_values.hpp"
#include "tracediff/render/numbers.hpp"

#include <fmt/format.h>

namespace tracediff {

namespace {

std::string criterion_line(const CriterionResult& c) {
    return fmt::format("{}  {}  {}\n",
                       c.skipped  ? "SKIP"
                       : c.passed ? "PASS"
                                  : "FAIL",
                       c.name, c.message);
}

std::string details_lines(const CriterionResult& c, const char* indent) {
    std::string out;
    for (const auto& d : c.details) {
        out += fmt::format("{}{}\n", indent, d);
    }
    return out;
}

// "PASS: all 3 criteria passed", "FAIL: 1 of 2 criteria failed, 1 skipped".
std::string verdict(std::size_t failed, std::size_t total, Counted counted,
                    std::size_t skipped = 0) {
    return fmt::format("{}: {}\n", failed == 0 ? "PASS" : "FAIL",
                       count_verdict(failed, total, counted, skipped));
}

// Workflow command data: '%', CR and LF must be escaped; in properties also ':' and ','.
// Other control characters (an escape sequence in a name) and bytes that are not UTF-8 become
// \xNN, as everywhere (printable.hpp): annotations may go to standard error unfiltered.
std::string annotation_escape(const std::string& text, bool property) {
    std::string out;
    for (const char c : printable(text, "\r\n")) {
        if (c == '%') {
            out += "%25";
        } else if (c == '\r') {
            out += "%0D";
        } else if (c == '\n') {
            out += "%0A";
        } else if (property && c == ':') {
            out += "%3A";
        } else if (property && c == ',') {
            out += "%2C";
        } else {
            out += c;
        }
    }
    return out;
}

std::string steps_text(const CheckResult& r) {
    return r.steps ? fmt::format(", steps {}-{}", r.steps->first, r.steps->last) : "";
}

// When a live check decided a criterion: {"when": "at step", "step": 2, "seconds": 0.013}.
Json decided_json(const Decision& d) {
    constexpr const char* k_when[] = {"at step", "at end", "undecided", "not decided"};
    Json out = Json::object();
    out["when"] = k_when[static_cast<int>(d.when)];
    if (d.when != Decision::When::not_decided) {
        out["step"] = d.step ? Json(*d.step) : Json(nullptr);
        out["seconds"] = d.seconds;
    }
    return out;
}

} // namespace

std::optional<std::string> command_verdict(const CheckResult& r) {
    if (r.command_failure.empty() || r.failed_count() > 0) {
        return std::nullopt;
    }
    return fmt::format("FAIL: {}, but {}\n",
                       count_verdict(0, r.criteria.size(), Counted::criteria, r.skipped_count()),
                       r.command_failure);
}

std::string check_title(const CheckResult& r) {
    return r.name.empty() ? fmt::format("{} vs {}", r.label_a, r.label_b) : r.name;
}

std::string render_check_text(const CheckResult& r) {
    std::string out =
        fmt::format("check {} vs {}: {}{}\n", r.label_a, r.label_b, r.field, steps_text(r));
    out += fmt::format("  A  {}\n  B  {}\n", r.path_a, r.path_b);
    for (const auto& c : r.criteria) {
        out += criterion_line(c);
        out += details_lines(c, "      ");
    }
    for (const auto& note : r.notes) {
        out += fmt::format("  note: {}\n", note);
    }
    out += command_verdict(r).value_or(
        verdict(r.failed_count(), r.criteria.size(), Counted::criteria, r.skipped_count()));
    return out;
}

std::string render_checks_text(const std::vector<CheckResult>& results) {
    std::string out;
    std::size_t failed = 0;
    for (const auto& r : results) {
        const std::size_t n = r.failed_count();
        failed += n > 0 ? 1 : 0;
        const std::string summary =
            count_verdict(n, r.criteria.size(), Counted::criteria, r.skipped_count());
        out += fmt::format("{}  {}  {} vs {} ({}{}): {}\n", n == 0 ? "PASS" : "FAIL", r.name,
                           r.label_a, r.label_b, r.field, steps_text(r), summary);
        for (const auto& c : r.criteria) {
            if (!c.passed) {
                out += "      " + criterion_line(c);
                out += details_lines(c, "            ");
            }
        }
    }
    out += verdict(failed, results.size(), Counted::checks);
    return out;
}

std::string render_checks_json(const std::vector<CheckResult>& results) {
    Json out = Json::object();
    bool all_passed = true;
    out["checks"] = Json::array();
    for (const auto& r : results) {
        all_passed = all_passed && r.passed();
        Json check = Json::object();
        check["name"] = r.name.empty() ? Json(nullptr) : Json(r.name);
        check["a"] = r.label_a;
        check["b"] = r.label_b;
        check["path_a"] = r.path_a;
        check["path_b"] = r.path_b;
        check["field"] = r.field;
        check["steps"] = r.steps ? Json::array({r.steps->first, r.steps->last}) : Json(nullptr);
        check["passed"] = r.passed();
        if (!r.notes.empty()) {
            check["notes"] = r.notes;
        }
        if (!r.command_failure.empty()) {
            check["command"] = {{"passed", false}, {"message", r.command_failure}};
        }
        check["criteria"] = Json::array();
        for (const auto& c : r.criteria) {
            Json criterion = Json::object();
            criterion["name"] = c.name;
            criterion["passed"] = c.passed;
            if (c.skipped) {
                criterion["skipped"] = true;
            }
            criterion["message"] = c.message;
            criterion["details"] = c.details;
            if (c.decided) {
                criterion["decided"] = decided_json(*c.decided);
            }
            check["criteria"].push_back(std::move(criterion));
        }
        out["checks"].push_back(std::move(check));
    }
    out["passed"] = all_passed;
    return dump_json(out);
}

std::string render_junit(const std::vector<CheckResult>& results) {
    std::size_t tests = 0;
    std::size_t failures = 0;
    for (const auto& r : results) {
        const std::size_t command = r.command_failure.empty() ? 0 : 1;
        tests += r.criteria.size() + command;
        failures += r.failed_count() + command;
    }
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += fmt::format("<testsuites name=\"tracediff check\" tests=\"{}\" failures=\"{}\">\n",
                       tests, failures);
    for (const auto& r : results) {
        const std::string suite = xml_escape(check_title(r));
        const std::size_t command = r.command_failure.empty() ? 0 : 1;
        out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\"{}>\n", suite,
                           r.criteria.size() + command, r.failed_count() + command,
                           r.skipped_count() > 0 ? fmt::format(" skipped=\"{}\"", r.skipped_count())
                                                 : "");
        for (const auto& c : r.criteria) {
            out += fmt::format("    <testcase classname=\"tracediff.{}\" name=\"{}\"", suite,
                               xml_escape(c.name));
            if (c.skipped) {
                out += fmt::format(">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                                   xml_escape(c.message));
                continue;
            }
            if (c.passed) {
                out += fmt::format(">\n      <system-out>{}</system-out>\n    </testcase>\n",
                                   xml_escape(c.message));
                continue;
            }
            std::string body;
            for (const auto& d : c.details) {
                body += d + "\n";
            }
            out += fmt::format(">\n      <failure message=\"{}\" type=\"tracediff\">{}</failure>\n"
                               "    </testcase>\n",
                               xml_escape(c.message), xml_escape(body));
        }
        if (command != 0) {
            out += fmt::format("    <testcase classname=\"tracediff.{}\" name=\"command\">\n"
                               "      <failure message=\"{}\" type=\"tracediff\"/>\n"
                               "    </testcase>\n",
                               suite, xml_escape(r.command_failure));
        }
        out += "  </testsuite>\n";
    }
    out += "</testsuites>\n";
    return out;
}

std::string render_github_annotations(const std::vector<CheckResult>& results) {
    std::string out;
    for (const auto& r : results) {
        for (const auto& c : r.criteria) {
            if (!c.passed) {
                out += fmt::format(
                    "::error title={}::{}\n",
                    annotation_escape("tracediff check " + check_title(r) + ": " + c.name, true),
                    annotation_escape(c.name + ": " + c.message, false));
            }
        }
        if (!r.command_failure.empty()) {
            out += fmt::format(
                "::error title={}::{}\n",
                annotation_escape("tracediff check " + check_title(r) + ": command", true),
                annotation_escape(r.command_failure, false));
        }
    }
    return out;
}

} // namespace tracediff
