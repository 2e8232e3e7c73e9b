// The parts of a manifest that have a source file of their own.
#pragma once

#include "tracediff/read/manifest.hpp"
#include "tracediff/read/manifest_members.hpp"

namespace tracediff {

// The required "traces" member: labels and paths, or objects with how to read each trace
// (manifest_traces.cpp).
void parse_traces(const ManifestMembers& in, const Json& root, Manifest& m);

// The optional "grid" member: which trace is which corner (manifest_grid.cpp).
void parse_grid(const ManifestMembers& in, const Json& root, Manifest& m);

// The optional "checks" member: names and traces; the criteria stay JSON for the gate
// (manifest_checks.cpp).
void parse_checks(const ManifestMembers& in, const Json& root, Manifest& m);

} // namespace tracediff
