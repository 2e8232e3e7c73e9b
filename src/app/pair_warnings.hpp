// Warnings about a compared pair: what a table row cannot vouch for or does not show.
#pragma once

#include "tracediff/app/warnings.hpp"
#include "tracediff/compare/pair.hpp"
#include "tracediff/read/trace.hpp"

#include <string>

namespace tracediff::app {

// When the headers of `a` and `b` differ, or only one has a header.
void warn_about_headers(Warnings& warnings, const Trace& a, const Trace& b,
                        const std::string& label_a, const std::string& label_b);

// When a compared pair has steps only one trace has, or no step in common.
void warn_about_coverage(Warnings& warnings, const PairRow& row, const std::string& label_a,
                         const std::string& label_b);

} // namespace tracediff::app
