// The compared steps a live check keeps up to date (src/gate/live_pair.hpp) against
// run_check_upto on copies of both traces, at every horizon of random traces fed line by line:
// the same criteria, number for number, and the same resolutions. Traces log their steps in
// order but for records of other fields at a step logged already (a step logged again or late
// is decided on copies: live_equivalence_test.cpp), with
// gaps, a step's fields on two lines, NaN and values written with varying decimals, another
// field read beside the checked one (which some records lack); every kind
// of --max, relative ones, a --mode on one field or on all, --allow P%, --require-same-steps,
// --steps, --reference, and traces that end; the
// steps taken in as the horizon moves (keep_up) a few records at a time or only when deciding.
#include "tracediff/gate/check.hpp"
#include "tracediff/read/live_parser.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "../../../src/gate/live_pair.hpp"
#include "live_check_helpers.hpp"

namespace tracediff {
namespace {

using namespace live_testing;

std::vector<std::string> random_lines(std::mt19937_64& rng, std::int64_t n, double offset_odds) {
    std::uniform_int_distribution<int> pick(0, 99);
    std::vector<std::string> lines;
    for (std::int64_t s = 1; s <= n; ++s) {
        if (pick(rng) < 8) {
            continue; // a gap
        }
        if (pick(rng) < 5) {
            lines.push_back(fmt::format(R"({{"step": {}}})", s)); // the fields on the next line
        }
        const double base = 1.0 + 1.0 / static_cast<double>(s);
        const double value = base + (pick(rng) < offset_odds ? 1e-3 * pick(rng) : 0.0);
        const int decimals = pick(rng) < 90 ? 5 : std::uniform_int_distribution<int>(1, 17)(rng);
        const std::string text = pick(rng) == 0 ? "NaN" : fmt::format("{:.{}f}", value, decimals);
        if (pick(rng) < 70) {
            const char* lr = pick(rng) < 3 ? "0.0011" : "0.001";
            lines.push_back(fmt::format(R"({{"step": {}, "loss": {}, "lr": {}}})", s, text, lr));
        } else {
            lines.push_back(fmt::format(R"({{"step": {}, "loss": {}}})", s, text));
        }
        if (pick(rng) < 5) { // a record of another field at this step or an earlier one
            const std::int64_t at = std::max<std::int64_t>(1, s - pick(rng) % 3);
            lines.push_back(fmt::format(R"({{"step": {}, "other": 1}})", at));
        }
    }
    return lines;
}

CheckSpec random_pair_spec(std::mt19937_64& rng, std::int64_t n) {
    std::uniform_int_distribution<int> coin(0, 1);
    std::vector<std::string> max;
    for (const char* stat : {"step1", "step2", "max", "median", "mean", "bias"}) {
        if (coin(rng) == 1) {
            max.push_back(fmt::format("{}=0.01", stat));
        }
    }
    max.push_back(
        fmt::format("step@{}=0.01", std::uniform_int_distribution<std::int64_t>(1, n)(rng)));
    CheckSpec spec = spec_of(max, coin(rng) == 1);
    if (coin(rng) == 1) {
        spec.max.push_back(relative_criterion(parse_max_criterion("max=0.01")));
    }
    spec.require_same_steps = coin(rng) == 1;
    if (coin(rng) == 1) {
        spec.mode = coin(rng) == 1 ? "strict" : "cross-gpu";
        spec.field_given = coin(rng) == 1; // else the optional fields are compared too
        if (coin(rng) == 1) {
            spec.allow_percent = 10.0;
        }
    }
    if (coin(rng) == 1) {
        const auto first = std::uniform_int_distribution<std::int64_t>(1, n)(rng);
        spec.steps = StepRange{first, std::uniform_int_distribution<std::int64_t>(first, n)(rng)};
    }
    return spec;
}

void expect_same_candidates(const CheckOutcome& kept, const CheckOutcome& copied) {
    EXPECT_EQ(kept.resolution_a.decimals, copied.resolution_a.decimals);
    EXPECT_EQ(kept.resolution_a.full_precision, copied.resolution_a.full_precision);
    EXPECT_EQ(kept.resolution_b.decimals, copied.resolution_b.decimals);
    EXPECT_EQ(kept.resolution_b.full_precision, copied.resolution_b.full_precision);
    ASSERT_EQ(kept.criteria.size(), copied.criteria.size());
    for (std::size_t i = 0; i < kept.criteria.size(); ++i) {
        SCOPED_TRACE(copied.criteria[i].name);
        EXPECT_EQ(kept.criteria[i].passed, copied.criteria[i].passed);
        expect_same_facts(kept.criteria[i], copied.criteria[i]);
    }
}

// The candidate of `pair` at `horizon` against run_check_upto on copies of both traces.
void compare_at(LivePair& pair, const CheckSpec& spec, const LivePair::Sides& sides,
                std::int64_t horizon) {
    std::array<std::optional<Trace>, 2> copies;
    for (std::size_t i = 0; i < 2; ++i) {
        copies[i] = sides[i].trace != nullptr ? std::optional<Trace>(*sides[i].trace)
                                              : sides[i].parser->snapshot(sides[i].seen);
    }
    const std::optional<CheckOutcome> kept = pair.candidate(sides, horizon, nullptr);
    ASSERT_EQ(kept.has_value(), copies[0].has_value() && copies[1].has_value());
    if (kept) {
        SCOPED_TRACE(fmt::format("horizon {}", horizon));
        expect_same_candidates(*kept,
                               run_check_upto(spec, *copies[0], *copies[1], "a", "b", horizon));
    }
}

void check_case(std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    const auto n = std::uniform_int_distribution<std::int64_t>(2, 60)(rng);
    const std::array<std::vector<std::string>, 2> lines = {random_lines(rng, n, 10),
                                                           random_lines(rng, n, 30)};
    const CheckSpec spec = random_pair_spec(rng, n);
    std::array<LiveTrace, 2> inputs = {trace_for("a", spec), trace_for("b", spec)};
    if (std::uniform_int_distribution<int>(0, 2)(rng) == 0) {
        for (LiveTrace& input : inputs) { // another field read too, as another check needs
            auto& fields = input.options.fields;
            if (std::none_of(fields.begin(), fields.end(),
                             [](const FieldRequest& f) { return f.name == "lr"; })) {
                fields.push_back({"lr", false});
            }
        }
    }
    // Records taken in by keep_up at once: from every record to never (as short traces are).
    const auto keep_up = std::uniform_int_distribution<std::size_t>(1, 80)(rng);
    LivePair pair(spec, inputs[0], inputs[1], keep_up);
    std::array<LiveParser, 2> parsers = {LiveParser("a", inputs[0].options),
                                         LiveParser("b", inputs[1].options)};
    std::array<std::optional<Trace>, 2> ended;
    std::array<std::size_t, 2> next_line{};
    std::array<std::size_t, 2> seen{};
    std::array<std::int64_t, 2> max_step = {0, 0};
    std::array<bool, 2> max_complete = {false, false};
    std::optional<std::int64_t> last_horizon;
    std::bernoulli_distribution side_b(0.5);
    while (!ended[0] || !ended[1]) {
        std::size_t side = side_b(rng) ? 1 : 0;
        side = ended[side] ? 1 - side : side;
        if (next_line[side] == lines[side].size()) {
            ended[side] = parsers[side].finish();
        } else {
            parsers[side].add_line(lines[side][next_line[side]++]);
            for (; seen[side] < parsers[side].step_records(); ++seen[side]) {
                const StepTable& table = parsers[side].table();
                const std::int64_t step = table.step_of(seen[side]);
                // As the live check looks at it: a new last step (or the rest of it on a line of
                // its own), or a step logged again.
                const bool complete = table.record_complete(seen[side]);
                const bool in_order = step > max_step[side] ||
                                      (step == max_step[side] && complete && !max_complete[side]);
                if (in_order) {
                    max_step[side] = step;
                    max_complete[side] = complete;
                }
                pair.note_record(side, table, seen[side], in_order);
            }
        }
        // Every step before a live trace's last one is final.
        std::int64_t horizon = std::numeric_limits<std::int64_t>::max();
        for (std::size_t i = 0; i < 2 && horizon > 0; ++i) {
            if (!ended[i]) {
                horizon = std::min(horizon, max_step[i] - 1);
            }
        }
        if (horizon <= 0 || (last_horizon && horizon <= *last_horizon) || (ended[0] && ended[1])) {
            continue;
        }
        last_horizon = horizon;
        LivePair::Sides sides;
        for (std::size_t i = 0; i < 2; ++i) {
            sides[i] = {&parsers[i], seen[i], ended[i] ? &*ended[i] : nullptr};
        }
        pair.keep_up(sides, horizon, nullptr);
        if (std::uniform_int_distribution<int>(0, 2)(rng) != 0) {
            continue; // a horizon the check moves past without deciding
        }
        compare_at(pair, spec, sides, horizon);
    }
    // Both have ended: the whole-file check.
    LivePair::Sides whole;
    for (std::size_t i = 0; i < 2; ++i) {
        whole[i] = {&parsers[i], seen[i], &*ended[i]};
    }
    compare_at(pair, spec, whole, std::numeric_limits<std::int64_t>::max());
}

TEST(LivePair, KeptUpToDateAsOnCopiesAtEveryHorizon) {
    for (std::uint64_t seed = 1; seed <= 600; ++seed) {
        SCOPED_TRACE(fmt::format("seed {}", seed));
        check_case(seed);
        if (::testing::Test::HasFailure()) {
            return;
        }
    }
}

} // namespace
} // namespace tracediff
