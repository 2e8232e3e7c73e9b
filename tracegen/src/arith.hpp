#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace tracegen {

// The order in which the terms of every dot product and every sum are added.
enum class Reduction {
    sequential, // left to right: ((t0 + t1) + t2) + ...
    pairwise,   // split in halves until at most 4 terms remain, add the halves' sums
    blocked,    // left to right within blocks of 16 terms, then the block sums left to right
};

// Precision of the running sums; parameters and activations are always float32.
enum class Accumulate { float32, float64 };

// One arithmetic variant: stands in for a compiler or a machine that rounds differently.
struct ArithMode {
    Reduction reduction = Reduction::sequential;
    bool fma = true; // a * b + c rounded once (std::fma) instead of twice
    Accumulate accumulate = Accumulate::float32;

    // e.g. "pairwise-fma", "sequential-nofma-f64"
    std::string name() const;
};

std::string to_string(Reduction reduction);

inline constexpr std::size_t pairwise_leaf = 4;
inline constexpr std::size_t block_size = 16;

// A family of k * n products to be summed over k: term (i, j) is scale[i * scale_stride]
// times rows[i * ld + j]. A null scale means every scale is 1 (a plain sum of rows).
struct Terms {
    const float* scale = nullptr;
    std::size_t scale_stride = 1;
    const float* rows = nullptr;
    std::size_t ld = 0;
    std::size_t k = 0;
    std::size_t n = 0;
};

// Every reduction of the trainer goes through this class, so one ArithMode decides the
// rounding of the whole run. Not thread-safe: it owns scratch buffers.
class Arith {
public:
    explicit Arith(ArithMode mode) : m_mode(mode) {}

    const ArithMode& mode() const { return m_mode; }

    // out[j] = (bias ? bias[j] : 0) + sum over i of term (i, j), for j < terms.n. Each of
    // the n sums follows the reduction order; the bias is added once, after the sum.
    void row_sums(const Terms& terms, const float* bias, float* out);

    float dot(std::span<const float> a, std::span<const float> b);
    float sum(std::span<const float> values);

    // a * b + c, fused or not.
    float mul_add(float a, float b, float c) const;

private:
    template <typename Acc>
    void reduce(const Terms& terms, std::size_t begin, std::size_t end, Acc* acc,
                std::size_t depth);
    template <typename Acc>
    Acc* scratch(std::size_t depth, std::size_t n);

    ArithMode m_mode;
    std::vector<std::vector<float>> m_float_scratch;
    std::vector<std::vector<double>> m_double_scratch;
    std::vector<float> m_float_acc;
    std::vector<double> m_double_acc;
};

} // namespace tracegen
