// Stage 4 of the pipeline: the detailed report of one pair, `tracediff diff`.
#pragma once

#include "tracediff/render/report_model.hpp"

#include <string>

namespace tracediff {

std::string render_diff_text(const DiffReport& report);
std::string render_diff_markdown(const DiffReport& report);
std::string render_diff_csv(const DiffReport& report);
std::string render_diff_json(const DiffReport& report);

} // namespace tracediff
