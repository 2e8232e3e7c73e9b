// The four corners of traces/demo/: two reduction orders ("pipelines") times fma on/off
// ("platforms"), trained from one shared initialisation with a fixed batch order.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "model.hpp"
#include "trainer.hpp"

namespace {

using namespace tracegen;
using nlohmann::json;

// The seed traces/regenerate.sh passes to --init-dump for the demo.
constexpr std::uint64_t demo_init_seed = 52;

struct ParsedTrace {
    json header;
    std::map<std::int64_t, json> steps;
    std::vector<json> evals;
};

ParsedTrace parse(const std::string& text) {
    ParsedTrace trace;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        json record = json::parse(line);
        const std::string kind = record.at("kind");
        if (kind == "header") {
            trace.header = record;
        } else if (kind == "step") {
            trace.steps[record.at("step").get<std::int64_t>()] = record;
        } else if (kind == "eval") {
            trace.evals.push_back(record);
        }
    }
    return trace;
}

// |a - b| of one field, step by step; both traces must have the same steps.
std::vector<double> deltas(const ParsedTrace& a, const ParsedTrace& b, const std::string& field) {
    std::vector<double> out;
    EXPECT_EQ(a.steps.size(), b.steps.size());
    for (const auto& [step, record] : a.steps) {
        const auto other = b.steps.find(step);
        if (other == b.steps.end()) {
            ADD_FAILURE() << "step " << step << " missing";
            continue;
        }
        out.push_back(
            std::abs(record.at(field).get<double>() - other->second.at(field).get<double>()));
    }
    return out;
}

class Corners : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        const Mlp model(TrainConfig{}.widths);
        const std::vector<float> init = model.initial_params(demo_init_seed);
        for (const Reduction reduction : {Reduction::sequential, Reduction::pairwise}) {
            for (const bool fma : {true, false}) {
                TrainConfig config;
                config.shuffle = false;
                config.arith = ArithMode{reduction, fma, Accumulate::float32};
                s_traces[config.arith.name()] = parse(train(config, init).trace);
            }
        }
    }
    static std::map<std::string, ParsedTrace> s_traces;
};

std::map<std::string, ParsedTrace> Corners::s_traces;

// Everything in one test: gtest_discover_tests runs each test in its own process, and
// training the corners is the expensive part.
TEST_F(Corners, TinyStepOneDeltaThenDriftAndAllLearn) {
    ASSERT_EQ(s_traces.size(), 4u);
    const std::vector<std::pair<std::string, std::string>> comparisons = {
        {"sequential-fma", "pairwise-fma"},     // cross-pipeline, fma platform
        {"sequential-nofma", "pairwise-nofma"}, // cross-pipeline, no-fma platform
        {"sequential-fma", "sequential-nofma"}, // cross-platform, sequential pipeline
        {"pairwise-fma", "pairwise-nofma"},     // cross-platform, pairwise pipeline
    };
    for (const auto& [a_name, b_name] : comparisons) {
        SCOPED_TRACE(a_name + " vs " + b_name);
        const ParsedTrace& a = s_traces.at(a_name);
        const ParsedTrace& b = s_traces.at(b_name);
        const std::vector<double> loss = deltas(a, b, "loss");
        ASSERT_GE(loss.size(), 1000u);
        EXPECT_GT(loss.front(), 0.0) << "step-1 losses are identical";
        EXPECT_LT(loss.front(), 1e-5);
        const double max_delta = *std::max_element(loss.begin(), loss.end());
        EXPECT_GT(max_delta, 100.0 * loss.front())
            << "the runs do not drift apart: max " << max_delta << ", step 1 " << loss.front();

        // Same network, data and configuration: only the phase differs in the header.
        for (const char* key : {"netspec_name", "netspec_hash", "config", "total_params", "dataset",
                                "emitter_version"}) {
            EXPECT_EQ(a.header.at(key), b.header.at(key)) << key;
        }
        EXPECT_NE(a.header.at("phase"), b.header.at("phase"));
    }
}

TEST_F(Corners, EveryCornerEndsAbove90PercentAndComparesToZeroWithItself) {
    for (const auto& [name, trace] : s_traces) {
        SCOPED_TRACE(name);
        EXPECT_EQ(trace.header.at("phase"), name);
        EXPECT_GE(trace.header.at("total_params").get<std::int64_t>(), 20000);
        ASSERT_FALSE(trace.evals.empty());
        const json& last = trace.evals.back();
        EXPECT_EQ(last.at("step").get<std::int64_t>(), trace.steps.rbegin()->first);
        EXPECT_GT(last.at("val_acc").get<double>(), 0.9);
        for (const char* field : {"loss", "lr", "grad_norm", "param_norm"}) {
            const std::vector<double> self = deltas(trace, trace, field);
            EXPECT_EQ(*std::max_element(self.begin(), self.end()), 0.0) << field;
        }
        // Steps 1..N, epochs from 0, one eval per epoch.
        std::int64_t expected = 1;
        for (const auto& [step, record] : trace.steps) {
            EXPECT_EQ(step, expected++);
            EXPECT_EQ(record.at("epoch").get<std::int64_t>(), (step - 1) / 100);
        }
        EXPECT_EQ(trace.evals.size(), 10u);
    }
}

} // namespace
