// Recognising a trainer's standard output by content: the first line of the head that is a
// step record of one framework's format names the format. Lines that are no framework's
// (the trainer's other output) are passed over; a line cut off at the end of the head is not
// looked at.
#include "tracediff/read/line_record_parser.hpp"

#include "content_head.hpp"
#include "format_list.hpp"
#include "trace_lines.hpp"

namespace tracediff {

std::string_view stdout_format_of(std::string_view head) {
    head = content_head::skip_blank(head);
    if (is_torchtitan_loss_line(content_head::first_line(head)) &&
        head.find('\n') != std::string_view::npos) {
        return k_torchtitan_log_format.name;
    }
    std::string scratch;
    std::size_t pos = 0;
    while (pos < head.size()) {
        const std::size_t newline = head.find('\n', pos);
        if (newline == std::string_view::npos) {
            break; // the head may end inside this line
        }
        std::string_view line = head.substr(pos, newline - pos);
        pos = newline + 1;
        if (line.find('\x1b') != std::string_view::npos) {
            line = strip_colours(line, scratch);
        }
        if (is_mllog_line(line)) {
            return k_mllog_format.name;
        }
        if (is_megatron_log_line(line)) {
            return k_megatron_log_format.name;
        }
        if (is_torchtitan_log_line(line)) {
            return k_torchtitan_log_format.name;
        }
        if (is_nanogpt_log_line(line)) {
            return k_nanogpt_log_format.name;
        }
    }
    return {};
}

} // namespace tracediff
