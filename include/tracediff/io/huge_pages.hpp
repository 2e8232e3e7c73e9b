// Large columns in transparent huge pages: a trace of millions of steps is a few large arrays,
// and the kernel faults in, and frees at exit, 512 times fewer pages when they are 2 MiB ones.
// That is what lets a live check against a reference of 10 million steps exit within a
// millisecond or two of its verdict, instead of tens of milliseconds tearing down 4 KiB pages.
#pragma once

#include <cstddef>
#include <vector>

namespace tracediff {

// Asks the kernel to back the 2 MiB-aligned part of [data, data + bytes) with huge pages where
// it can (madvise MADV_HUGEPAGE). Only a hint: nothing happens for less than a few MiB, on a
// kernel that has transparent huge pages off, or where the advice is refused.
void advise_huge_pages(const void* data, std::size_t bytes);

// v.reserve(n), with the new buffer advised as above when it is large.
template <typename T>
void reserve_in_huge_pages(std::vector<T>& v, std::size_t n) {
    if (n <= v.capacity()) {
        return;
    }
    v.reserve(n);
    advise_huge_pages(v.data(), v.capacity() * sizeof(T));
}

} // namespace tracediff
