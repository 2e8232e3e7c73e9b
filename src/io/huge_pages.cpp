#include "tracediff/io/huge_pages.hpp"

#include <cstdint>
#include <sys/mman.h>

namespace tracediff {

namespace {

constexpr std::uintptr_t k_huge_page = std::uintptr_t{2} << 20;

// Below this, a buffer is left to the allocator as it is: the advice would save little.
constexpr std::size_t k_advised_from = std::size_t{8} << 20;

} // namespace

void advise_huge_pages(const void* data, std::size_t bytes) {
    if (data == nullptr || bytes < k_advised_from) {
        return;
    }
    const auto begin = reinterpret_cast<std::uintptr_t>(data);
    const std::uintptr_t first = (begin + k_huge_page - 1) & ~(k_huge_page - 1);
    const std::uintptr_t last = (begin + bytes) & ~(k_huge_page - 1);
    if (last > first) {
        // The result is ignored on purpose: a refused hint leaves ordinary pages.
        (void)::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
    }
}

} // namespace tracediff
