// The formats defined in this folder, one per source file; input_format.cpp lists them.
#pragma once

#include "tracediff/read/input_format.hpp"
#include "tracediff/read/line_record_parser.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tracediff {

extern const InputFormat k_jsonl_format;          // jsonl_format.cpp: JSON Lines
extern const InputFormat k_csv_format;            // csv_format.cpp
extern const InputFormat k_tsv_format;            // csv_format.cpp
extern const InputFormat k_tensorboard_format;    // tensorboard_format.cpp
extern const InputFormat k_megatron_format;       // megatron_format.cpp
extern const InputFormat k_trainer_state_format;  // trainer_state_format.cpp
extern const InputFormat k_text_format;           // text_format.cpp
extern const InputFormat k_megatron_log_format;   // megatron_log_format.cpp
extern const InputFormat k_torchtitan_log_format; // torchtitan_log_format.cpp
extern const InputFormat k_nanogpt_log_format;    // nanogpt_log_format.cpp
extern const InputFormat k_mllog_format;          // mllog_format.cpp

// The line-based formats' parsers (line_record_parser.hpp), one per format's file.
std::unique_ptr<LineRecordParser> make_text_parser(const std::string& path,
                                                   const ReadOptions& options);
std::unique_ptr<LineRecordParser> make_megatron_log_parser(const std::string& path,
                                                           const ReadOptions& options);
std::unique_ptr<LineRecordParser> make_torchtitan_log_parser(const std::string& path,
                                                             const ReadOptions& options);
std::unique_ptr<LineRecordParser> make_nanogpt_log_parser(const std::string& path,
                                                          const ReadOptions& options);
std::unique_ptr<LineRecordParser> make_mllog_parser(const std::string& path,
                                                    const ReadOptions& options);

// The line without terminal colour codes (ESC [ digits and semicolons m); `scratch` holds the
// text when there were any (line_record_parser.cpp).
std::string_view strip_colours(std::string_view line, std::string& scratch);

// Reads the whole input with a line parser (line_record_parser.cpp).
Trace read_line_records(InputFile& input, const std::string& path, LineRecordParser& parser);

// Whether a line is a step record's line of each training framework's standard output, as far
// as recognising the content goes (one per format's file).
bool is_megatron_log_line(std::string_view line);
bool is_torchtitan_log_line(std::string_view line);
bool is_torchtitan_loss_line(std::string_view line); // "STEP LOSS"
bool is_nanogpt_log_line(std::string_view line);
bool is_mllog_line(std::string_view line);

// The --from name of the framework whose line comes first in `head` (stdout_formats.cpp): the
// first line that is one framework's step record decides; a torchtitan loss file ("STEP LOSS"
// on its first line) is torchtitan-log. Empty when no line is.
std::string_view stdout_format_of(std::string_view head);

// A TensorBoard run: every event file in `folder` (tensorboard_format.cpp).
Trace read_tensorboard_run(const std::string& folder, const ReadOptions& options);

// The event files directly in `folder`, by name: the files read_tensorboard_run reads.
std::vector<std::string> event_files_in(const std::string& folder);

// What the content looks like, for the message about a file of no known format
// (content_head.cpp): "binary data (first bytes: 05 04 8b a2 ...)".
std::string describe_content(std::string_view head);

} // namespace tracediff
