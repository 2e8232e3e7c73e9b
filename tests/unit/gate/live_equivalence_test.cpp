// The live check against the whole-file check, on random traces: whatever order the lines of the
// two traces arrive in, a criterion the live check decides is the whole-file check's. A live
// failure is a failure of the whole files (a failure is never reported that the finished run
// would not have); fed to the end, every criterion is decided as on the whole files, with the
// same numbers. Traces have gaps, steps logged twice, steps logged late, a step's fields on two
// lines, NaN and values written with varying decimals; the checks, every kind of --max, a
// --mode, --steps and --reference.
#include "tracediff/gate/live_check.hpp"
#include "tracediff/read/read_trace.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include "live_check_helpers.hpp"

namespace tracediff {
namespace {

using namespace live_testing;

struct RandomCase {
    std::vector<std::string> lines_a;
    std::vector<std::string> lines_b;
    bool logged_again = false; // a step logged a second time, or late: see compare()
    CheckSpec spec;
    bool a_whole = false; // A given whole (end_with) rather than line by line
};

// A value as a trace writes it: with `decimals` decimals, now and then NaN.
std::string value_text(std::mt19937_64& rng, double value, int decimals) {
    if (std::isnan(value) || std::uniform_int_distribution<int>(0, 2000)(rng) == 0) {
        return "NaN";
    }
    return fmt::format("{:.{}f}", value, decimals);
}

// The lines of one trace with `steps`; `value_at` gives each step's value and `decimals_at`
// the decimals it is written with.
template <typename ValueAt, typename DecimalsAt>
std::vector<std::string> trace_lines(std::mt19937_64& rng, const std::vector<std::int64_t>& steps,
                                     ValueAt&& value_at, DecimalsAt&& decimals_at, bool disorder,
                                     bool& logged_again) {
    std::vector<std::string> lines;
    std::uniform_int_distribution<int> pick(0, 99);
    for (const std::int64_t s : steps) {
        if (pick(rng) < 4) { // the step on a line of its own, its fields on the next
            lines.push_back(fmt::format(R"({{"step": {}}})", s));
        }
        lines.push_back(fmt::format(R"({{"step": {}, "loss": {}}})", s,
                                    value_text(rng, value_at(s), decimals_at(s))));
        if (disorder && pick(rng) < 5) { // logged again, with another value
            lines.push_back(fmt::format(R"({{"step": {}, "loss": {}}})", s,
                                        value_text(rng, value_at(s) + 0.25, decimals_at(s))));
            logged_again = true;
        }
    }
    if (disorder && lines.size() > 4 && pick(rng) < 30) { // a line comes late
        const auto from = std::uniform_int_distribution<std::size_t>(0, lines.size() - 3)(rng);
        const std::string line = lines[from];
        lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(from));
        lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(from + 2), line);
        logged_again = true;
    }
    return lines;
}

CheckSpec random_spec(std::mt19937_64& rng, std::int64_t n) {
    const double limits[] = {0.0, 1e-4, 0.01, 0.3, 1.0};
    std::uniform_int_distribution<int> limit(0, 4);
    std::uniform_int_distribution<int> coin(0, 1);
    std::vector<std::string> max;
    const std::vector<std::string> stats = {"step1", "step2", "max", "median", "mean", "bias"};
    for (const std::string& stat : stats) {
        if (coin(rng) == 1) {
            max.push_back(fmt::format("{}={}", stat, limits[limit(rng)]));
        }
    }
    if (coin(rng) == 1) {
        const auto at = std::uniform_int_distribution<std::int64_t>(1, n)(rng);
        max.push_back(fmt::format("step@{}={}", at, limits[limit(rng)]));
    }
    CheckSpec spec = spec_of(max, coin(rng) == 1);
    if (max.empty() || coin(rng) == 1) {
        spec.mode = "strict";
        spec.field_given = coin(rng) == 1; // else also the optional fields, which no line has
    }
    if (std::uniform_int_distribution<int>(0, 3)(rng) == 0) {
        const auto first = std::uniform_int_distribution<std::int64_t>(1, n)(rng);
        const auto last = std::uniform_int_distribution<std::int64_t>(first, n + 2)(rng);
        spec.steps = StepRange{first, last};
    }
    return spec;
}

RandomCase random_case(std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    RandomCase c;
    const auto n = std::uniform_int_distribution<std::int64_t>(2, 40)(rng);
    std::uniform_int_distribution<int> pick(0, 99);
    std::vector<std::int64_t> steps_a;
    std::vector<std::int64_t> steps_b;
    std::vector<double> base;
    std::vector<double> off;
    std::vector<int> decimals_a;
    std::vector<int> decimals_b;
    const int gaps = pick(rng) < 75 ? 0 : 8;  // in percent, per step and trace
    const int jumps = pick(rng) < 60 ? 0 : 3; // the same
    for (std::int64_t s = 1; s <= n; ++s) {
        if (pick(rng) >= gaps) {
            steps_a.push_back(s);
        }
        if (pick(rng) >= gaps) {
            steps_b.push_back(s);
        }
        base.push_back(std::uniform_real_distribution<double>(0.5, 3.0)(rng));
        const int kind = pick(rng);
        off.push_back(kind < 88 ? 0.0 : kind < 94 ? 1e-5 : kind < 100 - jumps ? 0.005 : 0.5);
        decimals_a.push_back(std::uniform_int_distribution<int>(1, 7)(rng));
        decimals_b.push_back(pick(rng) < 97 ? decimals_a.back()
                                            : std::uniform_int_distribution<int>(1, 7)(rng));
    }
    const bool disorder = pick(rng) < 20;
    const auto at = [](const auto& v, std::int64_t s) {
        return v[static_cast<std::size_t>(s - 1)];
    };
    c.lines_a = trace_lines(
        rng, steps_a, [&](std::int64_t s) { return at(base, s); },
        [&](std::int64_t s) { return at(decimals_a, s); }, disorder, c.logged_again);
    c.lines_b = trace_lines(
        rng, steps_b, [&](std::int64_t s) { return at(base, s) + at(off, s); },
        [&](std::int64_t s) { return at(decimals_b, s); }, disorder, c.logged_again);
    c.spec = random_spec(rng, n);
    c.a_whole = pick(rng) < 25;
    return c;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) {
        text += line;
        text += '\n';
    }
    return text;
}

std::string describe(const RandomCase& c) {
    std::string out = "check:";
    for (const MaxCriterion& m : c.spec.max) {
        out += fmt::format(" --max {}={}", m.name, m.limit);
    }
    if (!c.spec.mode.empty()) {
        out += " --mode " + c.spec.mode;
    }
    if (c.spec.steps) {
        out += fmt::format(" --steps {}-{}", c.spec.steps->first, c.spec.steps->last);
    }
    out += c.spec.reference ? " --reference" : "";
    out += c.a_whole ? " (A read whole)\n" : "\n";
    return out;
}

struct LiveRunResult {
    CheckOutcome outcome;
    bool stopped_early = false; // done before both traces ended
};

// Feeds the lines of both traces in a random interleaving, as a live check is fed, until it is
// done or both have ended.
LiveRunResult run_live(const RandomCase& c, std::uint64_t seed) {
    std::mt19937_64 rng(seed ^ 0x5eedULL);
    LiveCheck live(c.spec, trace_for("a", c.spec), trace_for("b", c.spec));
    std::size_t next[2] = {0, 0};
    const std::vector<std::string>* lines[2] = {&c.lines_a, &c.lines_b};
    if (c.a_whole) {
        ReadOptions options;
        options.fields.clear();
        for (const auto& [field, required] : c.spec.fields_to_read()) {
            options.fields.push_back({field, required});
        }
        live.end_with(0, parse_trace(joined(c.lines_a), "a", options), 0.0);
        next[0] = c.lines_a.size();
    }
    std::bernoulli_distribution side_b(0.5);
    while (!live.done() && !(live.ended(0) && live.ended(1))) {
        std::size_t side = side_b(rng) ? 1 : 0;
        if (live.ended(side)) {
            side = 1 - side;
        }
        if (next[side] == lines[side]->size()) {
            live.end(side, 0.0);
            continue;
        }
        live.add_line(side, (*lines[side])[next[side]++], 0.0);
    }
    return {live.outcome(), !(live.ended(0) && live.ended(1))};
}

void compare(const RandomCase& c, std::uint64_t seed) {
    ReadOptions options;
    options.fields.clear();
    for (const auto& [field, required] : c.spec.fields_to_read()) {
        options.fields.push_back({field, required});
    }
    const Trace a = parse_trace(joined(c.lines_a), "a", options);
    const Trace b = parse_trace(joined(c.lines_b), "b", options);
    const CheckOutcome whole = run_check(c.spec, a, b, "a", "b");
    const LiveRunResult live = run_live(c, seed);
    ASSERT_EQ(live.outcome.criteria.size(), whole.criteria.size());
    for (std::size_t i = 0; i < whole.criteria.size(); ++i) {
        const CriterionOutcome& l = live.outcome.criteria[i];
        const CriterionOutcome& w = whole.criteria[i];
        SCOPED_TRACE(l.name);
        ASSERT_EQ(l.name, w.name);
        if (l.decided && l.decided->when == Decision::When::undecided) {
            // The run ended before the steps the criterion rests on: a live failure by design
            // (the run died), where the whole files are simply what there is.
            EXPECT_FALSE(l.passed);
            continue;
        }
        if (!live.stopped_early) {
            // Fed to the end: every criterion decided, as on the whole files.
            ASSERT_FALSE(l.skipped && !w.skipped);
            EXPECT_EQ(l.passed, w.passed);
            expect_same_facts(l, w);

        } else if (!c.logged_again && !l.skipped) {
            // Stopped early: what was decided stands for the whole run, unless a step the
            // live check did not see yet is logged again later (it is not here).
            EXPECT_EQ(l.passed, w.passed);
            if (l.passed) {
                expect_same_facts(l, w);
            }
        }
    }
}

TEST(LiveEquivalence, DecisionsAreThoseOfTheWholeFiles) {
    for (std::uint64_t seed = 1; seed <= 1500; ++seed) {
        SCOPED_TRACE(fmt::format("seed {}", seed));
        const RandomCase c = random_case(seed);
        compare(c, seed);
        if (::testing::Test::HasFailure()) {
            ADD_FAILURE() << describe(c) << "A:\n"
                          << joined(c.lines_a) << "B:\n"
                          << joined(c.lines_b);
            return;
        }
    }
}

} // namespace
} // namespace tracediff
