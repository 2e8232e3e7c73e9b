#include "median.hpp"

#include "tracediff/compare/stats.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <vector>

namespace tracediff {

namespace {

// Finite deltas first by value, then +inf, then NaN.
int delta_rank(double d) {
    if (std::isnan(d)) {
        return 2;
    }
    return std::isinf(d) ? 1 : 0;
}

bool delta_less(double x, double y) {
    const int rx = delta_rank(x);
    const int ry = delta_rank(y);
    if (rx != ry) {
        return rx < ry;
    }
    return rx == 0 && x < y;
}

// The mean of the two middle values, lower <= upper, by the rule of median_of.
double middle(double lower, double upper) {
    if (delta_rank(lower) == 0 && delta_rank(upper) == 0) {
        return std::midpoint(lower, upper);
    }
    // The mean of a finite value and +inf is +inf; anything with NaN is NaN. The upper value,
    // which ranks higher, is exactly that.
    return upper;
}

// By comparisons: std::nth_element, then the largest value below the middle for an even count.
double median_by_comparison(double* deltas, std::size_t n, bool all_finite) {
    double* const end = deltas + n;
    double* const mid = deltas + n / 2;
    // On finite values delta_less is exactly operator<, and selection depends only on the
    // outcomes of comparisons: when all deltas are finite (the usual case), the cheaper
    // comparison gives the same result, bit for bit.
    if (all_finite) {
        std::nth_element(deltas, mid, end);
    } else {
        std::nth_element(deltas, mid, end, delta_less);
    }
    const double upper = *mid;
    if (n % 2 == 1) {
        return upper;
    }
    const double lower =
        all_finite ? *std::max_element(deltas, mid) : *std::max_element(deltas, mid, delta_less);
    return middle(lower, upper);
}

// Selection on the bit patterns of finite values >= 0, whose order (the sign bit of -0.0
// cleared) is the order of the values: a radix select, 11 bits at a time from the top. Each
// round counts the values of the current set by their next digit, finds the digit of the middle
// value(s), and keeps only the values with that digit, until they are all equal or few.
class BitSelection {
public:
    // The median of deltas[0, n), n > 0; may reorder them.
    double median(double* deltas, std::size_t n);

private:
    static constexpr int k_digit_bits = 11;
    static constexpr std::size_t k_digits = std::size_t{1} << k_digit_bits;
    static constexpr std::size_t k_few = 64; // then by comparison

    static std::uint64_t key(double d) {
        return std::bit_cast<std::uint64_t>(d) & ~(std::uint64_t{1} << 63);
    }
    static std::size_t digit(double d, int shift) {
        return static_cast<std::size_t>(key(d) >> shift) & (k_digits - 1);
    }
    // How many of values[0, n) have each digit at `shift`.
    void count(const double* values, std::size_t n, int shift);

    std::array<std::uint32_t, k_digits> counts_{};
    // Four tallies, so that equal digits in a row do not each wait on one counter.
    std::array<std::array<std::uint32_t, k_digits>, 4> tallies_{};
    std::vector<double> kept_; // the values still in the running
};

void BitSelection::count(const double* values, std::size_t n, int shift) {
    for (auto& tally : tallies_) {
        tally.fill(0);
    }
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        ++tallies_[0][digit(values[i], shift)];
        ++tallies_[1][digit(values[i + 1], shift)];
        ++tallies_[2][digit(values[i + 2], shift)];
        ++tallies_[3][digit(values[i + 3], shift)];
    }
    for (; i < n; ++i) {
        ++tallies_[0][digit(values[i], shift)];
    }
    for (std::size_t k = 0; k < k_digits; ++k) {
        counts_[k] = tallies_[0][k] + tallies_[1][k] + tallies_[2][k] + tallies_[3][k];
    }
}

double BitSelection::median(double* deltas, std::size_t n) {
    std::size_t lower = (n - 1) / 2; // the ranks of the middle values, equal for an odd count
    std::size_t upper = n / 2;
    double* set = deltas;
    std::size_t size = n;
    for (int shift = 64 - 1 - k_digit_bits;; shift = std::max(0, shift - k_digit_bits)) {
        count(set, size, shift);
        std::size_t below = 0;
        std::size_t d = 0;
        while (below + counts_[d] <= lower) {
            below += counts_[d++];
        }
        if (below + counts_[d] <= upper) {
            // The lower middle value is the largest with digit d, the upper one the smallest
            // with the next digit present.
            std::size_t next = d + 1;
            while (counts_[next] == 0) {
                ++next;
            }
            double low = 0.0;
            double high = std::numeric_limits<double>::max();
            for (std::size_t i = 0; i < size; ++i) {
                const std::size_t di = digit(set[i], shift);
                low = di == d ? std::max(low, set[i]) : low;
                high = di == next ? std::min(high, set[i]) : high;
            }
            return std::midpoint(low, high);
        }
        lower -= below;
        upper -= below;
        if (counts_[d] < size) {
            // Keep the values with digit d (in place once they are in kept_): each is written
            // where the next one kept goes, so there is room for one more.
            if (set == deltas) {
                kept_.resize(counts_[d] + 1);
            }
            double* const out = kept_.data();
            std::size_t k = 0;
            for (std::size_t i = 0; i < size; ++i) {
                out[k] = set[i];
                k += digit(set[i], shift) == d ? 1 : 0;
            }
            set = out;
            size = k;
            const auto [least, most] = std::minmax_element(set, set + size);
            if (key(*least) == key(*most)) {
                return *least; // all equal: both middle values
            }
        }
        if (shift == 0 || size <= k_few) {
            std::nth_element(set, set + upper, set + size);
            const double high = set[upper];
            return lower == upper ? high : std::midpoint(*std::max_element(set, set + upper), high);
        }
    }
}

} // namespace

double median_of_deltas(double* deltas, std::size_t n, bool finite_absolute) {
    constexpr std::size_t k_selection_from = 1024; // below, counting costs more than it saves
    if (finite_absolute && n >= k_selection_from) {
        thread_local BitSelection selection;
        return selection.median(deltas, n);
    }
    const bool all_finite = finite_absolute || std::all_of(deltas, deltas + n, [](double d) {
                                return std::isfinite(d);
                            });
    return median_by_comparison(deltas, n, all_finite);
}

double median_of(std::vector<double>& deltas) {
    if (deltas.empty()) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    const bool finite_absolute = std::all_of(deltas.begin(), deltas.end(),
                                             [](double d) { return std::isfinite(d) && d >= 0.0; });
    return median_of_deltas(deltas.data(), deltas.size(), finite_absolute);
}

} // namespace tracediff
