// A trace read line by line while it is written (a live check's input): JSON Lines through
// the trace format's parser, or a trainer's standard output through the parser of its line
// format (line_record_parser.hpp: text with --pattern, megatron-log, torchtitan-log,
// nanogpt-log, mllog). The format is --from's, or that of the first line that is recognisably
// a record of one of them: the lines a trainer prints before (a banner, its arguments) wait
// until then, so that the parser numbers and counts them. A TensorBoard event file, or a run
// folder of them, is given record by record instead (add_event_file, add_event_record): the
// TFRecord framing is the reader's (tfrecord.hpp), and the trace is the whole-file read's.
#pragma once

#include "tracediff/read/read_options.hpp"
#include "tracediff/read/step_table.hpp"
#include "tracediff/read/trace.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tracediff {

class TraceParser;
class LineRecordParser;
class EventReader;

class LiveParser {
public:
    LiveParser(std::string path, ReadOptions options);
    ~LiveParser();
    LiveParser(const LiveParser&) = delete;
    LiveParser& operator=(const LiveParser&) = delete;

    // One line without its '\n'; `terminated` is false for a last line without a line end.
    // Throws Error "PATH:LINE: ..." for a line that is not part of a trace, or a format that is
    // read whole only (CSV, a JSON document, ...).
    void add_line(std::string_view line, bool terminated = true);

    // Whole lines at once (LineSplitter): each ends with '\n' but a last one at the end of the
    // input, and k_line_padding bytes after the block are readable. The same as add_line for
    // each, but JSON Lines are parsed in one pass (TraceParser::add_padded_lines) once their
    // format is known. Throws as add_line; the records before the line that failed are added.
    void add_lines(std::string_view block);

    // TensorBoard: the event file whose records follow (the path itself, or a file of the run
    // folder that the path is); the data of its record at byte `offset`; the warning when the
    // file ended inside a record. Throws Error when --from names another format, or for a
    // record that is no event.
    void add_event_file(const std::string& file);
    void add_event_record(std::string_view data, std::uint64_t offset);
    void add_event_truncation(const std::string& warning);

    // A hint: about how many step records are coming (say, as many as a finished reference
    // has), so that a JSON Lines trace's columns need not grow by copying. Reserved pages that
    // stay untouched cost no memory.
    void reserve(std::size_t records);

    std::size_t step_records() const;
    // The step records so far, in the order read (StepTable::step_of, record_complete,
    // value_of): a live check looks at each. Only once step_records() > 0.
    const StepTable& table() const;
    // The trace of the first `records` step records (TraceParser::snapshot); nothing before
    // the format is known.
    std::optional<Trace> snapshot(std::size_t records) const;
    // Ends the input. Throws Error when it holds no trace.
    Trace finish();

    // The format's --from name; empty until it is known.
    const std::string& format() const { return m_format; }

private:
    void choose(std::string_view line);
    const StepTable* table_or_null() const;
    void start(const std::string& format);

    std::string m_path;
    ReadOptions m_options;
    std::string m_format;
    std::unique_ptr<TraceParser> m_trace;
    std::unique_ptr<LineRecordParser> m_lines;
    std::unique_ptr<EventReader> m_events;
    std::vector<std::string> m_waiting; // lines before the format is known
    bool m_first_line_seen = false;     // the first non-blank line, recognised by any format
    std::size_t m_waiting_bytes = 0;
    std::size_t m_reserve = 0; // the hint, for a trace parser started later
};

} // namespace tracediff
