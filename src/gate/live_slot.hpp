// The criteria of a live check, one slot each (a mode check's fields share one).
#pragma once

#include "tracediff/gate/live_check.hpp"

#include <optional>
#include <variant>
#include <vector>

namespace tracediff {

struct LiveCheck::Slot {
    enum class Kind { header, max, mode, same_steps };
    Kind kind = Kind::header;
    std::size_t index = 0;                  // into spec.max, for Kind::max
    std::optional<std::int64_t> bound;      // decided once both traces are past this step
    bool prefix = false;                    // step1, step2: decided once the steps are there
    std::vector<CriterionOutcome> outcomes; // when decided; before, the last candidate
    bool decided = false;
};

// A step criterion that could not read its delta.
inline bool has_gap(const CriterionOutcome& c) {
    const auto* s = std::get_if<StatisticOutcome>(&c.facts);
    return s != nullptr && s->gap != StatisticOutcome::Gap::none;
}

// step1, step2: the steps are not there yet.
inline bool lacks_steps(const CriterionOutcome& c) {
    const auto* s = std::get_if<StatisticOutcome>(&c.facts);
    return s != nullptr && s->gap == StatisticOutcome::Gap::no_step;
}

} // namespace tracediff
