// The fast path's reading of one JSON object as a step record (fast_line.hpp).
#pragma once

#include <cstdint>
#include <simdjson.h>
#include <string>
#include <vector>

namespace tracediff {

namespace od = simdjson::ondemand;

// Reads every member of a step record, validating each: the step (member `step_key`), and for
// each requested field its number (missing_value() when absent or null) and the decimals it was
// written with (-1 when absent or null). False when the tolerant path must read the record:
// another kind, a member named twice, a value that is not a number, ...
bool read_step_object(od::object& object, const std::vector<std::string>& fields,
                      const std::string& step_key, std::int64_t& step, double* values,
                      std::int8_t* decimals);

} // namespace tracediff
