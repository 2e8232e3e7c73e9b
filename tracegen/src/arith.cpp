#include "arith.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <type_traits>

// The inner loops below run over independent outputs j, so the compiler may vectorise
// them without changing any result. std::fma only becomes a vector instruction when the
// FMA instruction set is enabled; on x86-64 GCC compiles these loops twice and picks the
// FMA copy at run time when the CPU has it. Both copies give identical bits, because fma
// is exactly rounded by definition and contraction of a * b + c is disabled for the whole
// target (-ffp-contract=off).
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(TRACEGEN_NO_CLONES)
#define TRACEGEN_KERNEL __attribute__((target_clones("fma", "default")))
#else
#define TRACEGEN_KERNEL
#endif

namespace tracegen {
namespace {

// acc[j] = sum of terms (i, j) for i in [begin, end), added left to right in float32.
TRACEGEN_KERNEL void leaf_float(const float* scale, std::size_t scale_stride, const float* rows,
                                std::size_t ld, std::size_t n, std::size_t begin, std::size_t end,
                                float* acc, bool fused) {
    std::fill(acc, acc + n, 0.0f);
    for (std::size_t i = begin; i < end; ++i) {
        const float* row = rows + i * ld;
        if (scale == nullptr) {
            for (std::size_t j = 0; j < n; ++j) {
                acc[j] = acc[j] + row[j];
            }
            continue;
        }
        const float s = scale[i * scale_stride];
        if (fused) {
            for (std::size_t j = 0; j < n; ++j) {
                acc[j] = std::fma(s, row[j], acc[j]);
            }
        } else {
            for (std::size_t j = 0; j < n; ++j) {
                const float product = s * row[j];
                acc[j] = acc[j] + product;
            }
        }
    }
}

// The same in float64. A product of two floats is exact in double, so fused and unfused
// agree here; the flag is kept so that both paths are what they claim to be.
TRACEGEN_KERNEL void leaf_double(const float* scale, std::size_t scale_stride, const float* rows,
                                 std::size_t ld, std::size_t n, std::size_t begin, std::size_t end,
                                 double* acc, bool fused) {
    std::fill(acc, acc + n, 0.0);
    for (std::size_t i = begin; i < end; ++i) {
        const float* row = rows + i * ld;
        if (scale == nullptr) {
            for (std::size_t j = 0; j < n; ++j) {
                acc[j] = acc[j] + static_cast<double>(row[j]);
            }
            continue;
        }
        const double s = scale[i * scale_stride];
        if (fused) {
            for (std::size_t j = 0; j < n; ++j) {
                acc[j] = std::fma(s, static_cast<double>(row[j]), acc[j]);
            }
        } else {
            for (std::size_t j = 0; j < n; ++j) {
                const double product = s * static_cast<double>(row[j]);
                acc[j] = acc[j] + product;
            }
        }
    }
}

template <typename Acc>
void add_into(Acc* acc, const Acc* part, std::size_t n) {
    for (std::size_t j = 0; j < n; ++j) {
        acc[j] = acc[j] + part[j];
    }
}

template <typename Acc>
void leaf(const Terms& t, std::size_t begin, std::size_t end, Acc* acc, bool fused) {
    if constexpr (std::is_same_v<Acc, float>) {
        leaf_float(t.scale, t.scale_stride, t.rows, t.ld, t.n, begin, end, acc, fused);
    } else {
        leaf_double(t.scale, t.scale_stride, t.rows, t.ld, t.n, begin, end, acc, fused);
    }
}

} // namespace

std::string to_string(Reduction reduction) {
    switch (reduction) {
    case Reduction::sequential:
        return "sequential";
    case Reduction::pairwise:
        return "pairwise";
    case Reduction::blocked:
        return "blocked";
    }
    throw std::logic_error("unknown reduction");
}

std::string ArithMode::name() const {
    std::string text = to_string(reduction) + (fma ? "-fma" : "-nofma");
    if (accumulate == Accumulate::float64) {
        text += "-f64";
    }
    return text;
}

template <typename Acc>
Acc* Arith::scratch(std::size_t depth, std::size_t n) {
    auto& levels = [this]() -> std::vector<std::vector<Acc>>& {
        if constexpr (std::is_same_v<Acc, float>) {
            return m_float_scratch;
        } else {
            return m_double_scratch;
        }
    }();
    if (levels.size() <= depth) {
        levels.resize(depth + 1);
    }
    if (levels[depth].size() < n) {
        levels[depth].resize(n);
    }
    return levels[depth].data();
}

template <typename Acc>
void Arith::reduce(const Terms& terms, std::size_t begin, std::size_t end, Acc* acc,
                   std::size_t depth) {
    const bool fused = m_mode.fma;
    switch (m_mode.reduction) {
    case Reduction::sequential:
        leaf(terms, begin, end, acc, fused);
        return;
    case Reduction::blocked: {
        leaf(terms, begin, std::min(end, begin + block_size), acc, fused);
        Acc* part = scratch<Acc>(depth, terms.n);
        for (std::size_t b = begin + block_size; b < end; b += block_size) {
            leaf(terms, b, std::min(end, b + block_size), part, fused);
            add_into(acc, part, terms.n);
        }
        return;
    }
    case Reduction::pairwise: {
        if (end - begin <= pairwise_leaf) {
            leaf(terms, begin, end, acc, fused);
            return;
        }
        const std::size_t middle = begin + (end - begin) / 2;
        reduce(terms, begin, middle, acc, depth + 1);
        Acc* right = scratch<Acc>(depth, terms.n);
        reduce(terms, middle, end, right, depth + 1);
        add_into(acc, right, terms.n);
        return;
    }
    }
}

void Arith::row_sums(const Terms& terms, const float* bias, float* out) {
    const std::size_t n = terms.n;
    if (m_mode.accumulate == Accumulate::float32) {
        if (m_float_acc.size() < n) {
            m_float_acc.resize(n);
        }
        float* acc = m_float_acc.data();
        reduce(terms, 0, terms.k, acc, 0);
        for (std::size_t j = 0; j < n; ++j) {
            out[j] = bias ? acc[j] + bias[j] : acc[j];
        }
    } else {
        if (m_double_acc.size() < n) {
            m_double_acc.resize(n);
        }
        double* acc = m_double_acc.data();
        reduce(terms, 0, terms.k, acc, 0);
        for (std::size_t j = 0; j < n; ++j) {
            const double total = bias ? acc[j] + static_cast<double>(bias[j]) : acc[j];
            out[j] = static_cast<float>(total);
        }
    }
}

float Arith::dot(std::span<const float> a, std::span<const float> b) {
    if (a.size() != b.size()) {
        throw std::logic_error("dot: sizes differ");
    }
    float out = 0.0f;
    row_sums(Terms{a.data(), 1, b.data(), 1, a.size(), 1}, nullptr, &out);
    return out;
}

float Arith::sum(std::span<const float> values) {
    float out = 0.0f;
    row_sums(Terms{nullptr, 0, values.data(), 1, values.size(), 1}, nullptr, &out);
    return out;
}

float Arith::mul_add(float a, float b, float c) const {
    if (m_mode.fma) {
        return std::fma(a, b, c);
    }
    const float product = a * b;
    return product + c;
}

} // namespace tracegen
