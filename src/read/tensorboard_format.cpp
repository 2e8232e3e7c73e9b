// TensorBoard event files (events.out.tfevents.*) as one of the input formats: TFRecords of
// serialized Event messages (tensorboard.proto). The event's step is the step, each scalar's
// tag a field: simple_value (PyTorch SummaryWriter, tensorboardX), or a float or double tensor
// of one element (TF2 tf.summary, Flax, clu) in tensor_content, float_val or double_val.
// Other values (histograms, images, text) are counted and skipped. A directory is a run: all
// event files in it, by name, merged by step.
#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/read/step_table.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>

#include "formats.hpp"
#include "tensorboard.pb.h"
#include "tfrecord.hpp"

namespace tracediff {

namespace {

namespace fs = std::filesystem;

// TensorFlow's DataType numbers.
constexpr int k_dt_float = 1;
constexpr int k_dt_double = 2;

std::optional<double> tensor_scalar(const tb::TensorProto& t) {
    for (const auto& dim : t.tensor_shape().dim()) {
        if (dim.size() != 1) {
            return std::nullopt; // more (or fewer) than one element
        }
    }
    const std::string& content = t.tensor_content();
    if (t.dtype() == k_dt_float) {
        if (content.size() == 4) {
            std::uint32_t bits = 0;
            for (int i = 3; i >= 0; --i) {
                bits = bits << 8 | static_cast<unsigned char>(content[static_cast<std::size_t>(i)]);
            }
            return static_cast<double>(std::bit_cast<float>(bits));
        }
        if (content.empty() && t.float_val_size() == 1) {
            return static_cast<double>(t.float_val(0));
        }
    } else if (t.dtype() == k_dt_double) {
        if (content.size() == 8) {
            std::uint64_t bits = 0;
            for (int i = 7; i >= 0; --i) {
                bits = bits << 8 | static_cast<unsigned char>(content[static_cast<std::size_t>(i)]);
            }
            return std::bit_cast<double>(bits);
        }
        if (content.empty() && t.double_val_size() == 1) {
            return t.double_val(0);
        }
    }
    return std::nullopt;
}

std::optional<double> scalar_of(const tb::Summary::Value& v) {
    if (v.has_simple_value()) {
        return static_cast<double>(v.simple_value());
    }
    if (v.has_tensor()) {
        return tensor_scalar(v.tensor());
    }
    return std::nullopt;
}

// The event files of a run, and where each record of the step table came from. The table
// numbers its records 1, 2, ... (consecutive numbers cost it nothing to keep); record n is at
// places[n - 1] = (file << 40) + byte offset: files up to 1 TiB each.
constexpr int k_file_shift = 40;

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
constexpr std::size_t k_events_to_estimate = 1024;

// Reads the events of the files into one step table.
class EventReader {
public:
    EventReader(const std::string& display, const ReadOptions& options,
                std::shared_ptr<EventFiles> files)
        : m_files(files),
          m_table(display, options.fields,
                  RecordLocator{[files](std::size_t n) { return files->where(n); }, "record"}),
          m_values(m_table.columns().size()) {
        m_trace.path = files->paths.size() == 1 ? files->paths.front() : display;
    }

    void read_file(InputFile& input, std::size_t file);
    Trace finish(const std::string& display);

private:
    void add_event(const tb::Event& event, std::size_t file, std::uint64_t offset);
    std::size_t column_of(const std::string& tag);
    void estimate(const InputFile& input, std::uint64_t offset, std::size_t events);

    std::shared_ptr<EventFiles> m_files;
    tb::Event m_event; // parsed into again and again (see tensorboard.proto)
    StepTable m_table;
    Trace m_trace;
    std::vector<double> m_values;
    // Every scalar tag seen, in order, with its column (or npos when not requested).
    std::vector<std::pair<std::string, std::size_t>> m_tags;
    std::size_t m_last_tag = 0;
};

std::size_t EventReader::column_of(const std::string& tag) {
    if (m_last_tag < m_tags.size() && m_tags[m_last_tag].first == tag) {
        return m_tags[m_last_tag].second;
    }
    for (std::size_t i = 0; i < m_tags.size(); ++i) {
        if (m_tags[i].first == tag) {
            m_last_tag = i;
            return m_tags[i].second;
        }
    }
    const auto& columns = m_table.columns();
    const auto it = std::find(columns.begin(), columns.end(), tag);
    m_tags.emplace_back(tag, it == columns.end() ? std::string::npos
                                                 : static_cast<std::size_t>(it - columns.begin()));
    m_last_tag = m_tags.size() - 1;
    return m_tags.back().second;
}

void EventReader::add_event(const tb::Event& event, std::size_t file, std::uint64_t offset) {
    std::fill(m_values.begin(), m_values.end(), missing_value());
    bool any_scalar = false;
    for (const auto& value : event.summary().value()) {
        const std::optional<double> scalar = scalar_of(value);
        if (!scalar) {
            ++m_trace.non_scalar_values;
            continue;
        }
        any_scalar = true;
        if (const std::size_t c = column_of(value.tag()); c != std::string::npos) {
            m_values[c] = *scalar;
        }
    }
    if (!any_scalar) {
        return;
    }
    if (event.step() < 0) {
        throw Error(fmt::format("{}: record at byte offset {}: the step must not be negative, "
                                "found {}",
                                display_path(m_files->paths[file]), offset, event.step()));
    }
    m_files->places.push_back((std::uint64_t{file} << k_file_shift) + offset);
    m_table.add(event.step(), m_values.data(), m_files->places.size());
}

// Reserves room for the records of the whole file, judged by its first events.
void EventReader::estimate(const InputFile& input, std::uint64_t offset, std::size_t events) {
    if (const auto size = input.plain_size(); size && offset > 0) {
        const auto records =
            static_cast<std::size_t>(static_cast<double>(*size) / static_cast<double>(offset) *
                                     1.05 * static_cast<double>(events));
        m_table.reserve(m_table.size() + records);
        m_files->places.reserve(m_files->places.size() + records);
    }
}

void EventReader::read_file(InputFile& input, std::size_t file) {
    const std::string& path = m_files->paths[file];
    TfRecordReader records(input, display_path(path));
    std::string_view data;
    std::uint64_t offset = 0;
    std::size_t events = 0;
    while (records.next(data, offset)) {
        if (++events == k_events_to_estimate) {
            estimate(input, offset, events);
        }
        if (!m_event.ParseFromArray(data.data(), static_cast<int>(data.size()))) {
            throw Error(fmt::format("{}: record at byte offset {}: not a TensorBoard event "
                                    "(the protobuf message does not parse)",
                                    display_path(path), offset));
        }
        if (m_event.has_summary()) {
            add_event(m_event, file, offset);
        }
    }
    if (records.truncation()) {
        m_trace.truncated_last_line = true;
        m_trace.warnings.push_back(*records.truncation());
    }
}

Trace EventReader::finish(const std::string& display) {
    if (m_table.empty()) {
        throw Error(fmt::format("{}: no scalar values (a TensorBoard scalar is a simple_value, or "
                                "a float or double tensor of one element)",
                                display));
    }
    std::vector<std::string> tags;
    for (const auto& [tag, column] : m_tags) {
        tags.push_back(tag);
    }
    m_table.build(m_trace, fmt::format("the scalar tags are: {}", fmt::join(tags, ", ")));
    return std::move(m_trace);
}

bool recognise_tensorboard(std::string_view head, const ReadOptions& /*options*/) {
    return looks_like_tfrecord(head);
}

Trace read_tensorboard(InputFile& input, const std::string& path, const ReadOptions& options) {
    auto files = std::make_shared<EventFiles>();
    files->paths = {path};
    EventReader reader(display_path(path), options, files);
    reader.read_file(input, 0);
    return reader.finish(display_path(path));
}

} // namespace

const TraceFormat k_tensorboard_format{
    "tensorboard", "TensorBoard event files (events.out.tfevents.*), or a run directory of them",
    recognise_tensorboard, read_tensorboard};

Trace read_tensorboard_run(const std::string& folder, const ReadOptions& options) {
    auto files = std::make_shared<EventFiles>();
    std::vector<std::string> candidates;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        if (entry.is_regular_file(ec)) {
            candidates.push_back(entry.path().string());
        }
    }
    std::sort(candidates.begin(), candidates.end());
    for (const auto& path : candidates) {
        try {
            InputFile input(path);
            if (looks_like_tfrecord(input.peek(12))) {
                files->paths.push_back(path);
            }
        } catch (const Error&) {
            // An unreadable file is not an event file of the run.
        }
    }
    if (files->paths.empty()) {
        throw Error(fmt::format("{}: a folder without TensorBoard event files (tracediff reads a "
                                "folder as a TensorBoard run: the event files in it)",
                                folder));
    }
    EventReader reader(folder, options, files);
    for (std::size_t i = 0; i < files->paths.size(); ++i) {
        InputFile input(files->paths[i]);
        reader.read_file(input, i);
    }
    return reader.finish(folder);
}

} // namespace tracediff
