// The member names the fast path knows, each with a small number (its id), and the order in
// which the last record named them: records of one file name the same members in the same
// order, so the fast path mostly compares each raw key with the one name expected at its place
// instead of looking it up.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "fast_tokens.hpp"

namespace tracediff {

class KeyTable {
public:
    // Room for "kind", the step member, at most 62 fields and the names learned since the
    // table last forgot them (below 64), with room to spare for a record's new names.
    static constexpr std::size_t k_max_names = 192;
    static constexpr std::size_t k_max_learned = 64;
    static constexpr std::size_t k_none = static_cast<std::size_t>(-1);

    // `known` get the ids 0, 1, ...; other names are learned as records name them. Every name
    // must be plain (fast_tokens::plain_name_byte).
    explicit KeyTable(const std::vector<std::string>& known) {
        for (const auto& name : known) {
            add(name);
        }
        m_known = m_names.size();
    }

    std::size_t size() const { return m_names.size(); }

    // Whether the raw key at `raw` (just after its opening quote) is the name `id` followed by
    // its closing quote. Reads up to 16 bytes from `raw`, or up to the first byte that differs
    // for a longer name; the caller checks that the raw_size(id) bytes lie within its input.
    bool matches(const char* raw, std::size_t id) const {
        const Name& name = m_names[id];
        if (name.pattern.size() > 16) {
            // A byte at a time: the raw key may be shorter than the pattern and end the
            // input, but a mismatch comes at its closing quote at the latest.
            for (std::size_t i = 0; i < name.pattern.size(); ++i) {
                if (raw[i] != name.pattern[i]) {
                    return false;
                }
            }
            return true;
        }
        std::uint64_t low = 0;
        std::uint64_t high = 0;
        std::memcpy(&low, raw, 8);
        std::memcpy(&high, raw + 8, 8);
        return (((low ^ name.low) & name.low_mask) | ((high ^ name.high) & name.high_mask)) == 0;
    }

    // The id of the name that the raw key at `raw` (just after its opening quote, with `room`
    // bytes up to the end of the input) is, as matches() tells; k_none when it is none of them.
    std::size_t find_raw(const char* raw, std::size_t room) const {
        for (std::size_t id = 0; id < m_names.size(); ++id) {
            if (m_names[id].pattern.size() <= room && matches(raw, id)) {
                return id;
            }
        }
        return k_none;
    }

    // How many bytes a raw key that matches the name `id` takes: the name and its closing quote.
    std::size_t raw_size(std::size_t id) const { return m_names[id].pattern.size(); }

    // The id of the plain name `name` (fast_tokens::plain_name_byte), learning it if it is new;
    // k_none when the table is full (the tolerant path reads the record).
    std::size_t find_or_add(std::string_view name) {
        for (std::size_t id = 0; id < m_names.size(); ++id) {
            const std::string& pattern = m_names[id].pattern;
            if (pattern.size() == name.size() + 1 && pattern.compare(0, name.size(), name) == 0) {
                return id;
            }
        }
        if (m_names.size() == k_max_names) {
            return k_none;
        }
        add(std::string(name));
        return m_names.size() - 1;
    }

    // Forgets the learned names once there are k_max_learned, so that a file whose records
    // keep naming new members does not fill the table for good. Returns whether it forgot.
    bool forget_if_full() {
        if (m_names.size() < m_known + k_max_learned) {
            return false;
        }
        m_names.resize(m_known);
        return true;
    }

private:
    struct Name {
        std::string pattern; // the name and its closing quote, as the raw key must start
        // The first 16 bytes of the pattern as two words, and masks of the bytes that count.
        std::uint64_t low = 0;
        std::uint64_t high = 0;
        std::uint64_t low_mask = 0;
        std::uint64_t high_mask = 0;
    };

    void add(const std::string& name) {
        Name n;
        n.pattern = name + '"';
        char bytes[16] = {};
        char mask[16] = {};
        const std::size_t count = n.pattern.size() < 16 ? n.pattern.size() : 16;
        std::memcpy(bytes, n.pattern.data(), count);
        std::memset(mask, 0xFF, count);
        std::memcpy(&n.low, bytes, 8);
        std::memcpy(&n.high, bytes + 8, 8);
        std::memcpy(&n.low_mask, mask, 8);
        std::memcpy(&n.high_mask, mask + 8, 8);
        m_names.push_back(std::move(n));
    }

    std::vector<Name> m_names;
    std::size_t m_known = 0;
};

} // namespace tracediff
