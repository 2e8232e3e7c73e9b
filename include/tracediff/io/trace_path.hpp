// A trace argument as given on the command line, in a manifest or to the Python module: a
// path, or FILE#RUN, which picks one run out of a file of several (a W&B chart export, a
// TensorBoard folder of run folders).
#pragma once

#include <string>

namespace tracediff {

struct TracePath {
    std::string file; // the file or folder to read
    std::string run;  // the run picked after '#'; empty when none is
    bool picks_run = false;

    // The path whose content is read: for a folder, the run's sub-folder.
    std::string content_path() const;
};

// Splits `argument` at a '#': the whole argument is the file when it exists (a file whose name
// holds '#' is read as it is) or is "-" (standard input); otherwise the first '#' before which
// the argument names an existing file or folder ends the file, and the rest is the run. An
// argument that fits neither is the file (opening it says that it does not exist).
TracePath split_trace_path(const std::string& argument);

} // namespace tracediff
