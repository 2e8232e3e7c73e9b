#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "arith.hpp"
#include "log_writers.hpp"
#include "model.hpp"

namespace tracegen {

inline constexpr std::string_view emitter_version = "tracegen 1.0";

struct TrainConfig {
    ArithMode arith;
    std::vector<std::size_t> widths = {64, 160, 96, 10};
    std::size_t epochs = 10;
    std::size_t batch_size = 128;
    std::size_t train_size = 12800;
    std::size_t val_size = 1000;
    double lr = 0.01;
    std::size_t warmup_steps = 50;
    double weight_decay = 0.0001;
    std::uint64_t seed = 1;      // initial weights (unless loaded) and batch shuffling
    std::uint64_t data_seed = 7; // the synthetic data set
    bool shuffle = true;
};

// Throws UsageError if the values cannot make a run (zero batch, batch larger than the
// training set, ...).
void validate(const TrainConfig& config);

std::size_t steps_per_epoch(const TrainConfig& config);

struct TrainResult {
    std::string trace; // the whole JSON Lines trace
    RunLog log;        // the same records, for the other log formats (log_writers.hpp)
    std::size_t steps = 0;
    float final_loss = 0.0f;
    EvalResult final_eval;
};

// Trains from `init` (all parameters, as from Mlp::initial_params or an init file) and
// returns the trace. Same config and init, same build: same bytes.
TrainResult train(const TrainConfig& config, const std::vector<float>& init);

} // namespace tracegen
