#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "arith.hpp"
#include "dataset.hpp"

namespace tracegen {

// Where one dense layer's parameters live in the flat parameter vector: the weights as an
// [inputs][outputs] row-major matrix, followed by the outputs biases.
struct LayerSlot {
    std::size_t inputs = 0;
    std::size_t outputs = 0;
    std::size_t weight_offset = 0;
    std::size_t bias_offset = 0;
};

struct EvalResult {
    float loss = 0.0f;
    float accuracy = 0.0f;
};

// A multi-layer perceptron: dense layers with ReLU between them and softmax cross-entropy
// on the last. All parameters are float32 in one flat vector, layer after layer.
class Mlp {
public:
    explicit Mlp(std::vector<std::size_t> widths);

    std::size_t param_count() const { return m_param_count; }
    const std::vector<LayerSlot>& layers() const { return m_layers; }
    const std::vector<std::size_t>& widths() const { return m_widths; }

    // Short name and the full text description whose SHA-256 goes in the trace header.
    std::string name() const;
    std::string description() const;

    // He-normal weights (standard deviation sqrt(2 / inputs)), zero biases.
    std::vector<float> initial_params(std::uint64_t seed) const;

    // true for parameters that get weight decay (weights, not biases).
    std::vector<bool> decay_mask() const;

    // Mean loss over the batch of samples `indices`; writes the gradient of that mean loss.
    float loss_and_gradient(std::span<const float> params, const Dataset& data,
                            std::span<const std::uint32_t> indices, std::span<float> grad,
                            Arith& arith);

    EvalResult evaluate(std::span<const float> params, const Dataset& data, Arith& arith);

private:
    // Runs the layers on a batch already copied into m_act[0]; leaves the logits in
    // m_act.back().
    void forward(std::span<const float> params, std::size_t batch, Arith& arith);
    // Per-sample loss from the logits; optionally the gradient of the mean loss wrt the
    // logits.
    void softmax_cross_entropy(std::size_t batch, const std::uint8_t* labels, float* losses,
                               float* logit_grad, Arith& arith);
    void load_batch(const Dataset& data, std::span<const std::uint32_t> indices);

    std::vector<std::size_t> m_widths;
    std::vector<LayerSlot> m_layers;
    std::size_t m_param_count = 0;

    // Scratch, sized on demand: activations per layer, gradients, a transposed weight.
    std::vector<std::vector<float>> m_act;
    std::vector<float> m_delta;
    std::vector<float> m_prev_delta;
    std::vector<float> m_transposed;
    std::vector<float> m_losses;
    std::vector<std::uint8_t> m_labels;
    std::vector<float> m_exps;
};

} // namespace tracegen
