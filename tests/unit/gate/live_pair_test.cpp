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
#include <string_view>
#include <vector>

#include "../../../src/gate/live_pair.hpp"
#include "../../support/event_file.hpp"
#include "live_check_helpers.hpp"

namespace tracediff {
namespace {

using namespace live_testing;

// `split_apart`: now and then a step's loss, then a record of another field at an earlier step,
// then the whole step (the compared steps are then taken from copies).
std::vector<std::string> random_lines(std::mt19937_64& rng, std::int64_t n, double offset_odds,
                                      bool split_apart) {
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
        if (split_apart && pick(rng) < 5) { // its loss, a late record of another field, all of it
            lines.insert(lines.end() - 1, fmt::format(R"({{"step": {}, "loss": {}}})", s, text));
            lines.insert(lines.end() - 1, fmt::format(R"({{"step": {}, "other": 1}})", s - 1));
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

// Two traces fed line by line to a LivePair as a live check feeds it, and its candidates
// compared with run_check_upto on copies of both traces.
class PairRun {
public:
    // `events`: the traces are TensorBoard event files, given record by record.
    PairRun(const CheckSpec& spec, const std::array<LiveTrace, 2>& inputs, std::size_t keep_up,
            bool events = false)
        : m_spec(spec),
          m_pair(spec, inputs[0], inputs[1], keep_up), m_parsers{LiveParser("a", inputs[0].options),
                                                                 LiveParser("b",
                                                                            inputs[1].options)},
          m_events(events) {
        for (std::size_t i = 0; i < 2 && events; ++i) {
            m_parsers[i].add_event_file(i == 0 ? "a" : "b");
        }
    }

    bool ended(std::size_t side) const { return m_ended[side].has_value(); }

    // The next line of trace `side`, or its end; each new record looked at, its step the last
    // in order (for the horizon) as the live check takes it: a new last step, or the rest of
    // it on a line of its own.
    void feed(std::size_t side, const std::vector<std::string>& lines) {
        if (m_next_line[side] == lines.size()) {
            m_pair.catch_up(sides()); // as LiveCheck::end, before the records become a trace
            m_ended[side] = m_parsers[side].finish();
            return;
        }
        const std::string& item = lines[m_next_line[side]++];
        if (m_events) { // a whole record: its data between the 12-byte head and the CRC
            m_parsers[side].add_event_record(std::string_view(item).substr(12, item.size() - 16),
                                             m_next_line[side]);
        } else {
            m_parsers[side].add_line(item);
        }
        for (; m_seen[side] < m_parsers[side].step_records(); ++m_seen[side]) {
            const StepTable& table = m_parsers[side].table();
            const std::int64_t step = table.step_of(m_seen[side]);
            const bool complete = table.record_complete(m_seen[side]);
            const bool in_order = !m_max[side] || step > *m_max[side] ||
                                  (step == *m_max[side] && complete && !m_complete[side]);
            if (in_order) {
                m_max[side] = step;
                m_complete[side] = complete;
            }
        }
    }

    // The last step final in both traces (LiveCheck::horizon); nothing before both have one.
    std::optional<std::int64_t> horizon() const {
        std::int64_t h = std::numeric_limits<std::int64_t>::max();
        for (std::size_t i = 0; i < 2; ++i) {
            if (!m_ended[i]) {
                if (!m_max[i]) {
                    return std::nullopt;
                }
                h = std::min(h, m_complete[i] ? *m_max[i] : *m_max[i] - 1);
            }
        }
        return h;
    }

    LivePair::Sides sides() const {
        LivePair::Sides out;
        for (std::size_t i = 0; i < 2; ++i) {
            out[i] = {&m_parsers[i], m_seen[i], m_ended[i] ? &*m_ended[i] : nullptr};
        }
        return out;
    }

    void keep_up(std::int64_t horizon, bool every_step) {
        m_pair.keep_up(sides(), horizon, header(), every_step);
    }

    // The candidate at `horizon` against run_check_upto on copies. The header criterion is
    // given once decided, as the live check gives it: from the first candidate.
    void compare_at(std::int64_t horizon) {
        const LivePair::Sides now = sides();
        std::array<std::optional<Trace>, 2> copies;
        for (std::size_t i = 0; i < 2; ++i) {
            copies[i] = now[i].trace != nullptr ? std::optional<Trace>(*now[i].trace)
                                                : now[i].parser->snapshot(now[i].seen);
        }
        const std::optional<CheckOutcome> kept = m_pair.candidate(now, horizon, header());
        ASSERT_EQ(kept.has_value(), copies[0].has_value() && copies[1].has_value());
        if (!kept) {
            return;
        }
        SCOPED_TRACE(fmt::format("horizon {}", horizon));
        const CheckOutcome copied =
            run_check_upto(m_spec, *copies[0], *copies[1], "a", "b", horizon);
        expect_same_candidates(*kept, copied);
        if (!m_spec.ignore_header && !m_header) {
            m_header = copied.criteria.front();
        }
        kept_candidates += m_pair.kept() ? 1 : 0;
        ++candidates;
    }

    std::size_t candidates = 0;      // compared
    std::size_t kept_candidates = 0; // of those, from the compared steps kept up to date

private:
    const CriterionOutcome* header() const { return m_header ? &*m_header : nullptr; }

    const CheckSpec& m_spec;
    LivePair m_pair;
    std::array<LiveParser, 2> m_parsers;
    std::array<std::optional<Trace>, 2> m_ended;
    std::array<std::size_t, 2> m_next_line{};
    std::array<std::size_t, 2> m_seen{};
    std::array<std::optional<std::int64_t>, 2> m_max;
    std::array<bool, 2> m_complete{};
    std::optional<CriterionOutcome> m_header;
    bool m_events = false;
};

// Feeds both traces to `run` in a random interleaving, with a candidate compared at a third of
// the horizons and at the end; the steps kept up to date at every step when `every_step`.
void drive(PairRun& run, const std::array<std::vector<std::string>, 2>& lines, std::mt19937_64& rng,
           bool every_step) {
    std::uniform_int_distribution<int> pick(0, 2);
    std::optional<std::int64_t> last_horizon;
    std::bernoulli_distribution side_b(0.5);
    while (!run.ended(0) || !run.ended(1)) {
        std::size_t side = side_b(rng) ? 1 : 0;
        side = run.ended(side) ? 1 - side : side;
        run.feed(side, lines[side]);
        const std::optional<std::int64_t> horizon = run.horizon();
        if (!horizon || (last_horizon && *horizon <= *last_horizon) ||
            (run.ended(0) && run.ended(1))) {
            continue;
        }
        last_horizon = horizon;
        run.keep_up(*horizon, every_step);
        if (pick(rng) == 0) { // else a horizon the check moves past without deciding
            run.compare_at(*horizon);
            if (::testing::Test::HasFailure()) {
                break;
            }
        }
    }
    run.compare_at(std::numeric_limits<std::int64_t>::max()); // both whole: the whole-file check
}

// One random case; how many candidates were compared, and how many of them were kept.
std::pair<std::size_t, std::size_t> check_case(std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    const auto n = std::uniform_int_distribution<std::int64_t>(2, 60)(rng);
    const bool split_apart = std::uniform_int_distribution<int>(0, 9)(rng) == 0;
    const std::array<std::vector<std::string>, 2> lines = {random_lines(rng, n, 10, split_apart),
                                                           random_lines(rng, n, 30, split_apart)};
    CheckSpec spec = random_pair_spec(rng, n);
    std::uniform_int_distribution<int> pick(0, 2);
    spec.ignore_header = pick(rng) != 0;
    std::array<LiveTrace, 2> inputs = {trace_for("a", spec), trace_for("b", spec)};
    if (pick(rng) == 0) {
        for (LiveTrace& input : inputs) { // another field read too, as another check needs
            auto& fields = input.options.fields;
            if (std::none_of(fields.begin(), fields.end(),
                             [](const FieldRequest& f) { return f.name == "lr"; })) {
                fields.push_back({"lr", false});
            }
        }
    }
    // Records taken in by keep_up at once: from every record to never (as short traces are).
    PairRun run(spec, inputs, std::uniform_int_distribution<std::size_t>(1, 80)(rng));
    drive(run, lines, rng, pick(rng) == 0);
    return {run.candidates, run.kept_candidates};
}

TEST(LivePair, KeptUpToDateAsOnCopiesAtEveryHorizon) {
    std::size_t candidates = 0;
    std::size_t kept = 0;
    for (std::uint64_t seed = 1; seed <= 600; ++seed) {
        SCOPED_TRACE(fmt::format("seed {}", seed));
        const auto [compared, from_kept] = check_case(seed);
        candidates += compared;
        kept += from_kept;
        if (::testing::Test::HasFailure()) {
            return;
        }
    }
    // Most candidates come from the compared steps kept up to date (the rest from copies: a
    // --band, a step logged again, the header not decided yet, nothing compared yet).
    EXPECT_GT(kept, candidates / 2) << kept << " of " << candidates;
}

// TensorBoard event files, read record by record as a live check reads them: values that were
// never text (no decimals), one event per tag and step as SummaryWriter writes them (the lr
// event of a step after its loss), gaps.
TEST(LivePair, TensorBoardEventsKeptUpToDateAsOnCopies) {
    namespace ev = testing::events;
    std::size_t candidates = 0;
    std::size_t kept = 0;
    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
        SCOPED_TRACE(fmt::format("seed {}", seed));
        std::mt19937_64 rng(seed);
        std::uniform_int_distribution<int> pick(0, 99);
        std::array<std::vector<std::string>, 2> events;
        for (std::size_t side = 0; side < 2; ++side) {
            for (std::int64_t s = 1; s <= 50; ++s) {
                if (pick(rng) < 5) {
                    continue;
                }
                const float loss = 1.0F + 1.0F / static_cast<float>(s) +
                                   (side == 1 && pick(rng) < 20 ? 1e-4F : 0.0F);
                events[side].push_back(ev::event(s, {ev::simple_value("loss", loss)}));
                events[side].push_back(ev::event(s, {ev::simple_value("lr", 0.001F)}));
            }
        }
        const std::int64_t n = 50;
        CheckSpec spec = random_pair_spec(rng, n);
        spec.field_given = true; // a --mode on loss alone: the events have no grad_norm
        const std::array<LiveTrace, 2> inputs = {trace_for("a", spec), trace_for("b", spec)};
        PairRun run(spec, inputs, std::uniform_int_distribution<std::size_t>(1, 20)(rng), true);
        drive(run, events, rng, pick(rng) < 30);
        candidates += run.candidates;
        kept += run.kept_candidates;
        if (::testing::Test::HasFailure()) {
            return;
        }
    }
    EXPECT_GT(kept, candidates / 2) << kept << " of " << candidates;
}

} // namespace
} // namespace tracediff
