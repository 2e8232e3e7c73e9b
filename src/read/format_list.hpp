// The formats defined in this folder, one per source file; input_format.cpp lists them.
#pragma once

#include "tracediff/read/input_format.hpp"

#include <string>
#include <vector>

namespace tracediff {

extern const InputFormat k_jsonl_format;         // jsonl_format.cpp: JSON Lines
extern const InputFormat k_csv_format;           // csv_format.cpp
extern const InputFormat k_tsv_format;           // csv_format.cpp
extern const InputFormat k_tensorboard_format;   // tensorboard_format.cpp
extern const InputFormat k_megatron_format;      // megatron_format.cpp
extern const InputFormat k_trainer_state_format; // trainer_state_format.cpp
extern const InputFormat k_text_format;          // text_format.cpp

// A TensorBoard run: every event file in `folder` (tensorboard_format.cpp).
Trace read_tensorboard_run(const std::string& folder, const ReadOptions& options);

// The event files directly in `folder`, by name: the files read_tensorboard_run reads.
std::vector<std::string> event_files_in(const std::string& folder);

// What the content looks like, for the message about a file of no known format
// (content_head.cpp): "binary data (first bytes: 05 04 8b a2 ...)".
std::string describe_content(std::string_view head);

} // namespace tracediff
