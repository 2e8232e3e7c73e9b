// The checks a manifest names (its "checks" member), as specs for the gate:
//
//   { "name": "dense", "a": "LABEL", "b": "LABEL",
//     "max": { "step2": 1e-5 }, "max_rel": { "max": 0.01 },
//     "mode": "cross-comp", "atol": 0.01, "rtol": 0.1,
//     "steps": "1-100", "allow": 0, "field": "loss",
//     "require_same_steps": false, "ignore_header": false }
#pragma once

#include "tracediff/gate/criteria.hpp"
#include "tracediff/read/manifest.hpp"

#include <cstddef>
#include <vector>

namespace tracediff {

struct NamedCheck {
    std::size_t a = 0; // index into Manifest::traces
    std::size_t b = 0;
    CheckSpec spec; // spec.name is the check's name
};

// The spec of every check of the manifest, in order. Throws Error naming the manifest and the
// member on a malformed criterion.
std::vector<NamedCheck> manifest_check_specs(const Manifest& manifest);

} // namespace tracediff
