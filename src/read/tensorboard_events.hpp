// Reading the events of TensorBoard event files into a step table (tensorboard_format.cpp
// defines the format; this is its reader).
#pragma once

#include "tracediff/io/input_file.hpp"
#include "tracediff/read/step_table.hpp"

#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "tensorboard.pb.h"

namespace tracediff {

// The event files of a run, and where each record of the step table came from. The table
// numbers its records 1, 2, ... (consecutive numbers cost it nothing to keep); record n is at
// places[n - 1] = (file << 40) + byte offset: files up to 1 TiB each.
inline constexpr int k_file_shift = 40;

struct EventFiles {
    std::vector<std::string> paths;
    std::vector<std::uint64_t> places;

    std::string where(std::size_t number) const {
        const std::uint64_t place = places[number - 1];
        return fmt::format("{}: record at byte offset {}",
                           display_path(paths[static_cast<std::size_t>(place >> k_file_shift)]),
                           place & ((std::uint64_t{1} << k_file_shift) - 1));
    }
};

// After this many events of a file, the step table is given a size estimate for the file.
inline constexpr std::size_t k_events_to_estimate = 1024;

// Reads the events of the files into one step table.
class EventReader {
public:
    // `path` is the file or folder as the user gave it.
    EventReader(const std::string& path, const ReadOptions& options,
                std::shared_ptr<EventFiles> files)
        : m_files(files),
          m_table(display_path(path), options.fields,
                  RecordLocator{[files](std::size_t n) { return files->where(n); }, "record"}),
          m_values(m_table.columns().size()) {
        m_trace.path = path;
        m_trace.format = "tensorboard";
    }

    EventFiles& files() { return *m_files; }
    const EventFiles& files() const { return *m_files; }

    // Reads file `file` of the run, whose content `input` gives.
    void read_file(InputFile& input, std::size_t file);
    Trace finish(const std::string& display);

    // Record by record, as a live check reads a file that grows: the data of the record at
    // byte `offset` of file `file`, and the warning when the file ended inside a record.
    void add_record(std::string_view data, std::size_t file, std::uint64_t offset);
    void note_truncation(const std::string& warning);
    const StepTable& table() const { return m_table; }
    // The trace of the first `records` step records; nothing while a requested field is in
    // none of them.
    std::optional<Trace> snapshot(std::size_t records) const;

private:
    void add_event(const tb::Event& event, std::size_t file, std::uint64_t offset);
    std::size_t column_of(const std::string& tag);
    void estimate(const InputFile& input, std::uint64_t offset, std::size_t events);

    std::shared_ptr<EventFiles> m_files;
    tb::Event m_event; // parsed into again and again (see tensorboard.proto)
    StepTable m_table;
    Trace m_trace;
    std::vector<double> m_values;
    // Every scalar tag seen, in order, and the column of each (npos when not requested).
    std::vector<std::string> m_tags;
    std::unordered_map<std::string, std::size_t> m_column_of_tag;
};

} // namespace tracediff
