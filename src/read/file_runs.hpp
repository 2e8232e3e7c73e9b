// Files that hold several runs, and FILE#RUN that picks one (io/trace_path.hpp): the runs of a
// W&B chart export, and the messages every such format gives (a TensorBoard folder of run
// folders gives the same).
#pragma once

#include <string>
#include <vector>

namespace tracediff {

// The runs of a W&B chart export's header, in the order of their first column: RUN of every
// column "RUN - NAME" (split at the first " - ") whose "RUN - NAME__MIN" and "RUN - NAME__MAX"
// are columns too, as W&B writes them for each run of a chart. Empty for other CSV files.
std::vector<std::string> wandb_runs(const std::vector<std::string>& header);

// The header as the run `run` reads it: its columns "RUN - NAME" named NAME (NAME__MIN and
// NAME__MAX too), the columns of the other runs unnamed (""), the rest as they are.
std::vector<std::string> header_of_run(const std::vector<std::string>& header,
                                       const std::string& run);

// Throws the error for a file of several runs read without picking one ("runs.csv holds 3
// runs (a, b, c): pick one with runs.csv#RUN"); `file` as messages show it.
[[noreturn]] void refuse_unpicked_runs(const std::string& file,
                                       const std::vector<std::string>& runs);

// Throws the error for FILE#RUN when `file` holds no run `run`, naming the runs it holds.
[[noreturn]] void refuse_unknown_run(const std::string& file, const std::string& run,
                                     const std::vector<std::string>& runs);

// Throws the error for FILE#RUN on a format that holds one run (`format`: "jsonl").
[[noreturn]] void refuse_run_of_single_run_format(const std::string& file, const std::string& run,
                                                  const std::string& format);

} // namespace tracediff
