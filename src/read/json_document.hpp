// Whole-file JSON documents (HuggingFace trainer_state.json, Megatron golden values): read
// into memory and parsed with nlohmann/json, with the trace format's rules for what JSON
// leaves open: Python's bare NaN, Infinity and -Infinity tokens are numbers, a member named
// twice in one object is an error, nesting is bounded.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>

namespace tracediff {

class InputFile;

// Documents larger than this are refused.
inline constexpr std::size_t k_max_document_bytes = std::size_t{1} << 30;

// Reads and parses the whole input. Throws Error "PATH:LINE: malformed JSON at column C: ..."
// and the like; `display` names the input.
nlohmann::json read_json_document(InputFile& input, const std::string& display);

// The number a value stands for, non-finite tokens included; nothing for other values.
std::optional<double> document_number(const nlohmann::json& value);

// A value as the file has it, shortened for a message.
std::string describe_document_value(const nlohmann::json& value);

} // namespace tracediff
