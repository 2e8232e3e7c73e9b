// The shape of a file's step lines: the bytes between their numbers. Lines of one file are
// mostly written by one format string, so a step line is mostly the last one with other
// numbers. The fast path learns that shape from a line it has validated member by member
// (fast_record.hpp); a later line whose bytes outside its numbers are the same bytes, and whose
// numbers are valid, holds the same members in the same order with the same other values, and
// needs no look at its names.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tracediff {

class LineTemplate {
public:
    // A number in the line the shape is learned from: the id of its member, where it starts and
    // where it ends.
    struct Number {
        std::size_t id;
        const char* begin;
        const char* end;
    };

    void clear() {
        m_literals.clear();
        m_pieces.clear();
    }
    bool empty() const { return m_pieces.empty(); }

    // Learns the shape of the line [begin, end) from its numbers, in order.
    void learn(const char* begin, const char* end, const std::vector<Number>& numbers) {
        clear();
        const char* from = begin;
        for (const Number& n : numbers) {
            add_piece(from, n.begin, n.id);
            from = n.end;
        }
        add_piece(from, end, 0);
        // Room to compare sixteen bytes at a time past the last literal.
        m_literals.append(16, '\0');
    }

    // How many numbers the line holds, and the id of the member of each.
    std::size_t numbers() const { return m_pieces.size() - 1; }
    std::size_t id(std::size_t number) const { return m_pieces[number].id; }

    // Whether the bytes at `p` are the literal before number `i` (the one after the last
    // number when `i` is numbers()), within [p, end); moves `p` past them. Reads up to 15 bytes
    // past the literal's end, which must be readable.
    bool literal(std::size_t i, const char*& p, const char* end) const {
        const Piece& piece = m_pieces[i];
        if (static_cast<std::size_t>(end - p) < piece.size) {
            return false;
        }
        const char* a = p;
        const char* b = m_literals.data() + piece.offset;
        std::size_t left = piece.size;
#if defined(__SSE2__)
        for (; left > 16; left -= 16, a += 16, b += 16) {
            if (equal_bytes(a, b) != 0xFFFFu) {
                return false;
            }
        }
        if ((equal_bytes(a, b) & piece.last_mask) != piece.last_mask) {
            return false;
        }
#else
        if (std::memcmp(a, b, left) != 0) {
            return false;
        }
#endif
        p += piece.size;
        return true;
    }

private:
    // A literal and the number after it.
    struct Piece {
        std::size_t offset; // where the literal starts in m_literals
        std::size_t size;   // its length
        unsigned last_mask; // the bits of its last (or only) sixteen bytes that count
        std::size_t id;     // the member id of the number after it
    };

    void add_piece(const char* from, const char* to, std::size_t id) {
        const auto size = static_cast<std::size_t>(to - from);
        const std::size_t tail = size == 0 ? 0 : size - 16 * ((size - 1) / 16);
        m_pieces.push_back({m_literals.size(), size, (1u << tail) - 1, id});
        m_literals.append(from, size);
    }

#if defined(__SSE2__)
    // Bit i set when byte i of the sixteen at `a` and at `b` are equal.
    static unsigned equal_bytes(const char* a, const char* b) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a));
        const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b));
        return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, y)));
    }
#endif

    std::string m_literals;      // the literals one after another
    std::vector<Piece> m_pieces; // the literals, the last one after the last number
};

} // namespace tracediff
