#include "optimizer.hpp"

#include <cmath>
#include <stdexcept>
#include <utility>

#include "detmath.hpp"

namespace tracegen {

Adam::Adam(std::size_t size, AdamSettings settings, std::vector<bool> decay_mask)
    : m_settings(settings), m_decay_mask(std::move(decay_mask)), m_m(size, 0.0f), m_v(size, 0.0f) {
    if (m_decay_mask.size() != size) {
        throw std::invalid_argument("Adam: decay mask size differs from parameter count");
    }
}

void Adam::step(std::span<float> params, std::span<const float> grad, float lr,
                const Arith& arith) {
    const auto beta1 = static_cast<float>(m_settings.beta1);
    const auto beta2 = static_cast<float>(m_settings.beta2);
    const auto epsilon = static_cast<float>(m_settings.epsilon);
    const auto weight_decay = static_cast<float>(m_settings.weight_decay);
    // beta^t and the bias corrections in float32, like everything else in the update.
    // (They were once computed in double from the float betas, but GCC 12 with -O2 and up
    // dropped the double -> float -> double round trip of the betas, so the result depended
    // on the optimisation level.)
    m_beta1_power = m_beta1_power * beta1;
    m_beta2_power = m_beta2_power * beta2;
    const float correction1 = 1.0f - m_beta1_power;
    const float correction2 = 1.0f - m_beta2_power;
    const float one_minus_beta1 = 1.0f - beta1;
    const float one_minus_beta2 = 1.0f - beta2;
    const float minus_lr = -lr;

    for (std::size_t i = 0; i < params.size(); ++i) {
        const float g = grad[i];
        // m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2
        m_m[i] = arith.mul_add(beta1, m_m[i], one_minus_beta1 * g);
        m_v[i] = arith.mul_add(beta2, m_v[i], (one_minus_beta2 * g) * g);
        const float m_hat = m_m[i] / correction1;
        const float v_hat = m_v[i] / correction2;
        float update = m_hat / (std::sqrt(v_hat) + epsilon);
        if (m_decay_mask[i]) {
            update = arith.mul_add(weight_decay, params[i], update);
        }
        params[i] = arith.mul_add(minus_lr, update, params[i]);
    }
}

float learning_rate(std::size_t step, std::size_t warmup, std::size_t total, double base_lr) {
    if (step <= warmup) {
        return static_cast<float>(base_lr * static_cast<double>(step) /
                                  static_cast<double>(warmup));
    }
    if (step >= total) {
        return 0.0f;
    }
    const double progress =
        static_cast<double>(step - warmup) / static_cast<double>(total - warmup);
    return static_cast<float>(base_lr * 0.5 * (1.0 + det_cos(pi * progress)));
}

} // namespace tracegen
