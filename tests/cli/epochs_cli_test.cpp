// The per-epoch comparison of `diff` on fractional epochs: HuggingFace logs the fraction of
// training done (epoch 2.44), and a step is in the epoch of the integer part of its epoch
// number, whichever format logged it.
#include <gtest/gtest.h>

#include <string>

#include "../support/event_file.hpp"
#include "../support/run_tracediff.hpp"

namespace tracediff {
namespace {

namespace ev = testing::events;
using testing::run_tracediff;
using Result = testing::RunResult;

// Two runs of 8 steps, 4 steps an epoch, logged as HuggingFace does: epoch = step / 4. Every
// number is exact in float32, so that the event files hold the same values.
struct LoggedRun {
    double loss(int step) const { return 2.5 - 0.125 * step + offset * step; }
    static double epoch(int step) { return step / 4.0; }
    double offset;
};
const LoggedRun k_a{0.0};
const LoggedRun k_b{1.0 / 64};
constexpr int k_steps = 8;

std::string jsonl(const LoggedRun& run) {
    std::string text;
    for (int s = 1; s <= k_steps; ++s) {
        text += "{\"step\": " + std::to_string(s) +
                ", \"epoch\": " + std::to_string(LoggedRun::epoch(s)) +
                ", \"loss\": " + std::to_string(run.loss(s)) + "}\n";
    }
    return text;
}

std::string csv(const LoggedRun& run) {
    std::string text = "epoch,step,loss\n";
    for (int s = 1; s <= k_steps; ++s) {
        text += std::to_string(LoggedRun::epoch(s)) + "," + std::to_string(s) + "," +
                std::to_string(run.loss(s)) + "\n";
    }
    return text;
}

std::string trainer_state(const LoggedRun& run) {
    std::string history;
    for (int s = 1; s <= k_steps; ++s) {
        history += std::string(s == 1 ? "" : ",\n") +
                   "    {\"epoch\": " + std::to_string(LoggedRun::epoch(s)) +
                   ", \"loss\": " + std::to_string(run.loss(s)) +
                   ", \"step\": " + std::to_string(s) + "}";
    }
    return "{\n  \"epoch\": 2.0,\n  \"log_history\": [\n" + history + "\n  ]\n}\n";
}

std::string event_file(const LoggedRun& run) {
    std::string text = ev::file_version();
    for (int s = 1; s <= k_steps; ++s) {
        text += ev::event(s, {ev::simple_value("loss", static_cast<float>(run.loss(s))),
                              ev::simple_value("epoch", static_cast<float>(LoggedRun::epoch(s)))});
    }
    return text;
}

TEST(Epochs, AFractionalEpochIsInTheEpochOfItsIntegerPartInEveryFormat) {
    const testing::TempDir dir;
    struct Format {
        const char* extension;
        std::string (*write)(const LoggedRun&);
    };
    const Format formats[] = {
        {"jsonl", jsonl}, {"csv", csv}, {"json", trainer_state}, {"tfevents", event_file}};
    for (const Format& f : formats) {
        dir.write(std::string("a.") + f.extension, f.write(k_a));
        dir.write(std::string("b.") + f.extension, f.write(k_b));
        const Result r = run_tracediff(std::string("diff a.") + f.extension + " b." + f.extension,
                                       "", dir.str());
        ASSERT_EQ(r.exit_code, 0) << f.extension << ": " << r.err;
        const std::size_t start = r.out.find("per-epoch mean");
        ASSERT_NE(start, std::string::npos) << f.extension << ":\n" << r.out;
        // Epoch 0 is steps 1-3 (epochs 0.25-0.75), epoch 1 steps 4-7, epoch 2 step 8.
        EXPECT_EQ(r.out.substr(start, r.out.find("\n\n", start) - start),
                  "per-epoch mean of 'loss' (over the compared steps)\n"
                  "  epoch  steps  mean A  mean B    Δ\n"
                  "  0      3      2.25    2.28125   3.12e-02\n"
                  "  1      4      1.8125  1.898438  8.59e-02\n"
                  "  2      1      1.5     1.625     1.25e-01")
            << f.extension;
    }
}

} // namespace
} // namespace tracediff
