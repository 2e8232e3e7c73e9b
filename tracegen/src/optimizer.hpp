#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "arith.hpp"

namespace tracegen {

struct AdamSettings {
    // Written to the trace header as given; the optimizer uses their float32 roundings.
    double beta1 = 0.9;
    double beta2 = 0.999;
    double epsilon = 1e-8;
    double weight_decay = 0.0; // decoupled (AdamW), only where the mask is true
};

// Adam with bias correction and decoupled weight decay, all state in float32. Every
// multiply-add goes through Arith::mul_add, so --fma decides how it rounds.
class Adam {
public:
    Adam(std::size_t size, AdamSettings settings, std::vector<bool> decay_mask);

    // One update with learning rate lr; counts steps from 1 for the bias correction.
    void step(std::span<float> params, std::span<const float> grad, float lr, const Arith& arith);

private:
    AdamSettings m_settings;
    std::vector<bool> m_decay_mask;
    std::vector<float> m_m;
    std::vector<float> m_v;
    float m_beta1_power = 1.0f;
    float m_beta2_power = 1.0f;
};

// Linear warm-up from lr/warmup to lr over the first `warmup` steps, then cosine decay to
// zero at step `total`. Steps count from 1. Computed in double, returned as float32.
float learning_rate(std::size_t step, std::size_t warmup, std::size_t total, double base_lr);

} // namespace tracegen
