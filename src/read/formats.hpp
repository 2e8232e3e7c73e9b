// The formats defined in this folder, one per source file; formats.cpp lists them.
#pragma once

#include "tracediff/read/format.hpp"

namespace tracediff {

extern const TraceFormat k_trace_format; // trace_format.cpp

} // namespace tracediff
