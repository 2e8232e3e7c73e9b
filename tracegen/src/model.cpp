#include "model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "detmath.hpp"
#include "rng.hpp"

namespace tracegen {

Mlp::Mlp(std::vector<std::size_t> widths) : m_widths(std::move(widths)) {
    if (m_widths.size() < 2) {
        throw std::invalid_argument("an MLP needs at least an input and an output width");
    }
    for (std::size_t l = 0; l + 1 < m_widths.size(); ++l) {
        LayerSlot slot;
        slot.inputs = m_widths[l];
        slot.outputs = m_widths[l + 1];
        slot.weight_offset = m_param_count;
        slot.bias_offset = m_param_count + slot.inputs * slot.outputs;
        m_param_count = slot.bias_offset + slot.outputs;
        m_layers.push_back(slot);
    }
}

std::string Mlp::name() const {
    std::string text = "glyph-mlp";
    for (const std::size_t width : m_widths) {
        text += fmt::format("-{}", width);
    }
    return text;
}

std::string Mlp::description() const {
    // Everything that decides the function the network computes and how it is trained
    // from a flat parameter vector; changing any of it changes the hash.
    std::string text = "tracegen mlp v1\n";
    for (const LayerSlot& slot : m_layers) {
        text += fmt::format("dense {} -> {}, weights [in][out] row-major then bias\n", slot.inputs,
                            slot.outputs);
    }
    text += "activation relu between dense layers\n";
    text += "loss softmax cross-entropy, mean over the batch\n";
    text += "init he-normal weights, zero biases\n";
    return text;
}

std::vector<float> Mlp::initial_params(std::uint64_t seed) const {
    Rng rng(seed, Stream::init);
    std::vector<float> params(m_param_count, 0.0f);
    for (const LayerSlot& slot : m_layers) {
        const double stddev = std::sqrt(2.0 / static_cast<double>(slot.inputs));
        for (std::size_t i = 0; i < slot.inputs * slot.outputs; ++i) {
            params[slot.weight_offset + i] = static_cast<float>(stddev * rng.normal());
        }
    }
    return params;
}

std::vector<bool> Mlp::decay_mask() const {
    std::vector<bool> mask(m_param_count, false);
    for (const LayerSlot& slot : m_layers) {
        std::fill_n(mask.begin() + static_cast<std::ptrdiff_t>(slot.weight_offset),
                    slot.inputs * slot.outputs, true);
    }
    return mask;
}

void Mlp::load_batch(const Dataset& data, std::span<const std::uint32_t> indices) {
    const std::size_t batch = indices.size();
    m_act.resize(m_widths.size());
    for (std::size_t l = 0; l < m_widths.size(); ++l) {
        m_act[l].resize(batch * m_widths[l]);
    }
    m_labels.resize(batch);
    for (std::size_t b = 0; b < batch; ++b) {
        const float* sample = data.sample(indices[b]);
        std::copy(sample, sample + glyph_pixels,
                  m_act[0].begin() + static_cast<std::ptrdiff_t>(b * glyph_pixels));
        m_labels[b] = data.labels[indices[b]];
    }
}

void Mlp::forward(std::span<const float> params, std::size_t batch, Arith& arith) {
    for (std::size_t l = 0; l < m_layers.size(); ++l) {
        const LayerSlot& slot = m_layers[l];
        const float* weights = params.data() + slot.weight_offset;
        const float* bias = params.data() + slot.bias_offset;
        const bool hidden = l + 1 < m_layers.size();
        for (std::size_t b = 0; b < batch; ++b) {
            // z[b][j] = bias[j] + sum_i x[b][i] * w[i][j]
            const float* x = m_act[l].data() + b * slot.inputs;
            float* z = m_act[l + 1].data() + b * slot.outputs;
            arith.row_sums(Terms{x, 1, weights, slot.outputs, slot.inputs, slot.outputs}, bias, z);
            if (hidden) {
                for (std::size_t j = 0; j < slot.outputs; ++j) {
                    z[j] = z[j] > 0.0f ? z[j] : 0.0f;
                }
            }
        }
    }
}

void Mlp::softmax_cross_entropy(std::size_t batch, const std::uint8_t* labels, float* losses,
                                float* logit_grad, Arith& arith) {
    const std::size_t classes = m_widths.back();
    const float inv_batch = 1.0f / static_cast<float>(batch);
    m_exps.resize(classes);
    for (std::size_t b = 0; b < batch; ++b) {
        const float* z = m_act.back().data() + b * classes;
        // Shift by the largest logit so that exp cannot overflow.
        const float top = *std::max_element(z, z + classes);
        for (std::size_t c = 0; c < classes; ++c) {
            m_exps[c] = static_cast<float>(det_exp(static_cast<double>(z[c] - top)));
        }
        const float total = arith.sum(m_exps);
        const float log_total = static_cast<float>(det_log(static_cast<double>(total)));
        losses[b] = log_total - (z[labels[b]] - top);
        if (logit_grad != nullptr) {
            float* g = logit_grad + b * classes;
            for (std::size_t c = 0; c < classes; ++c) {
                const float p = m_exps[c] / total;
                g[c] = (p - (c == labels[b] ? 1.0f : 0.0f)) * inv_batch;
            }
        }
    }
}

float Mlp::loss_and_gradient(std::span<const float> params, const Dataset& data,
                             std::span<const std::uint32_t> indices, std::span<float> grad,
                             Arith& arith) {
    const std::size_t batch = indices.size();
    load_batch(data, indices);
    forward(params, batch, arith);

    m_losses.resize(batch);
    m_delta.resize(batch * m_widths.back());
    softmax_cross_entropy(batch, m_labels.data(), m_losses.data(), m_delta.data(), arith);
    const float loss = arith.sum(m_losses) / static_cast<float>(batch);

    // m_delta holds dLoss/dz of the current layer, [batch][outputs].
    for (std::size_t l = m_layers.size(); l-- > 0;) {
        const LayerSlot& slot = m_layers[l];
        const float* inputs = m_act[l].data();
        // dW[i][j] = sum_b x[b][i] * delta[b][j]: one row of dW per input i.
        for (std::size_t i = 0; i < slot.inputs; ++i) {
            arith.row_sums(
                Terms{inputs + i, slot.inputs, m_delta.data(), slot.outputs, batch, slot.outputs},
                nullptr, grad.data() + slot.weight_offset + i * slot.outputs);
        }
        // db[j] = sum_b delta[b][j]
        arith.row_sums(Terms{nullptr, 0, m_delta.data(), slot.outputs, batch, slot.outputs},
                       nullptr, grad.data() + slot.bias_offset);
        if (l == 0) {
            break;
        }
        // dx[b][i] = sum_j delta[b][j] * w[i][j], read through the transpose w^T[j][i] so
        // that the inner loop runs over contiguous i.
        const float* weights = params.data() + slot.weight_offset;
        m_transposed.resize(slot.inputs * slot.outputs);
        for (std::size_t i = 0; i < slot.inputs; ++i) {
            for (std::size_t j = 0; j < slot.outputs; ++j) {
                m_transposed[j * slot.inputs + i] = weights[i * slot.outputs + j];
            }
        }
        m_prev_delta.resize(batch * slot.inputs);
        for (std::size_t b = 0; b < batch; ++b) {
            float* dx = m_prev_delta.data() + b * slot.inputs;
            arith.row_sums(Terms{m_delta.data() + b * slot.outputs, 1, m_transposed.data(),
                                 slot.inputs, slot.outputs, slot.inputs},
                           nullptr, dx);
            // Through the ReLU: no gradient where the activation was not positive.
            const float* activation = inputs + b * slot.inputs;
            for (std::size_t i = 0; i < slot.inputs; ++i) {
                if (!(activation[i] > 0.0f)) {
                    dx[i] = 0.0f;
                }
            }
        }
        std::swap(m_delta, m_prev_delta);
    }
    return loss;
}

EvalResult Mlp::evaluate(std::span<const float> params, const Dataset& data, Arith& arith) {
    constexpr std::size_t chunk = 250;
    const std::size_t classes = m_widths.back();
    std::vector<float> all_losses(data.count);
    std::size_t correct = 0;
    std::vector<std::uint32_t> indices;
    for (std::size_t start = 0; start < data.count; start += chunk) {
        const std::size_t size = std::min(chunk, data.count - start);
        indices.resize(size);
        for (std::size_t b = 0; b < size; ++b) {
            indices[b] = static_cast<std::uint32_t>(start + b);
        }
        load_batch(data, indices);
        forward(params, size, arith);
        softmax_cross_entropy(size, m_labels.data(), all_losses.data() + start, nullptr, arith);
        for (std::size_t b = 0; b < size; ++b) {
            const float* z = m_act.back().data() + b * classes;
            const auto predicted = static_cast<std::size_t>(std::max_element(z, z + classes) - z);
            if (predicted == m_labels[b]) {
                ++correct;
            }
        }
    }
    EvalResult result;
    result.loss = arith.sum(all_losses) / static_cast<float>(data.count);
    result.accuracy = static_cast<float>(correct) / static_cast<float>(data.count);
    return result;
}

} // namespace tracegen
