// Short names for traces, derived from their file names when no manifest gives them.
#pragma once

#include <string>
#include <vector>

namespace tracediff {

// Splits each base name at '.', '_', '-' and '#' (FILE#RUN: the run's name tells it apart), drops
// the tokens that every name has, and joins the rest with '-'. A label that comes out empty or
// equal to another falls back to the base name without its extension, and, if that is still
// ambiguous, to the path as given.
// "-" (standard input) is labelled "stdin". Labels are printable (printable.hpp): a control
// character or a byte that is not UTF-8 in a file name shows as \xNN.
std::vector<std::string> derive_labels(const std::vector<std::string>& paths);

} // namespace tracediff
