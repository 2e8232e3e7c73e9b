// TensorBoard event files (events.out.tfevents.*) as one of the input formats: TFRecords of
// serialized Event messages (tensorboard.proto). The event's step is the step, each scalar's
// tag a field: simple_value (PyTorch SummaryWriter, tensorboardX), or a float or double tensor
// of one element (TF2 tf.summary, Flax, clu) in tensor_content, float_val or double_val.
// Other values (histograms, images, text) are counted and skipped. A directory is a run: all
// event files in it, by name, merged by step; a folder of run folders (one per subfolder, as
// TensorFlow and Keras write train/ and validation/) is read one run at a time (FOLDER#RUN).
#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/read/step_table.hpp"
#include "tracediff/read/tfrecord.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "file_runs.hpp"
#include "format_list.hpp"
#include "tensorboard_events.hpp"

namespace tracediff {

namespace {

namespace fs = std::filesystem;

bool recognise_tensorboard(std::string_view head, const ReadOptions& /*options*/) {
    return looks_like_tfrecord(head);
}

Trace read_tensorboard(InputFile& input, const std::string& path, const ReadOptions& options) {
    auto files = std::make_shared<EventFiles>();
    files->paths = {path};
    EventReader reader(path, options, files);
    reader.read_file(input, 0);
    return reader.finish(display_path(path));
}

} // namespace

const InputFormat k_tensorboard_format{
    "tensorboard", "TensorBoard event files (events.out.tfevents.*), or a run directory of them",
    recognise_tensorboard, read_tensorboard};

std::vector<std::string> event_files_in(const std::string& folder) {
    std::vector<std::string> candidates;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        if (entry.is_regular_file(ec)) {
            candidates.push_back(entry.path().string());
        }
    }
    std::sort(candidates.begin(), candidates.end());
    std::vector<std::string> events;
    for (const auto& path : candidates) {
        try {
            InputFile input(path);
            if (looks_like_tfrecord(input.peek(12))) {
                events.push_back(path);
            }
        } catch (const Error&) {
            // An unreadable file is not an event file of the run.
        }
    }
    return events;
}

namespace {

// The runs of a folder: its subfolders that hold event files, by name.
std::vector<std::string> run_folders_in(const std::string& folder) {
    std::vector<std::string> runs;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        if (entry.is_directory(ec) && !event_files_in(entry.path().string()).empty()) {
            runs.push_back(entry.path().filename().string());
        }
    }
    std::sort(runs.begin(), runs.end());
    return runs;
}

[[noreturn]] void fail_without_events(const std::string& folder) {
    // TensorFlow and Keras write one run per subfolder (train/, validation/): pick one.
    const std::vector<std::string> runs = run_folders_in(folder);
    if (!runs.empty()) {
        refuse_unpicked_runs(folder, runs);
    }
    throw Error(fmt::format("{}: a folder without TensorBoard event files (tracediff reads a "
                            "folder as a TensorBoard run: the event files in it)",
                            folder));
}

} // namespace

Trace read_tensorboard_run(const std::string& folder, const ReadOptions& options) {
    if (!options.run.empty()) {
        // FOLDER#RUN: the run folder RUN in it.
        const std::string run_folder = (fs::path(folder) / options.run).string();
        std::error_code ec;
        if (!fs::is_directory(run_folder, ec) || event_files_in(run_folder).empty()) {
            refuse_unknown_run(folder, options.run, run_folders_in(folder));
        }
        ReadOptions one_run = options;
        one_run.run.clear();
        return read_tensorboard_run(run_folder, one_run);
    }
    auto files = std::make_shared<EventFiles>();
    files->paths = event_files_in(folder);
    if (files->paths.empty()) {
        fail_without_events(folder);
    }
    EventReader reader(folder, options, files);
    for (std::size_t i = 0; i < files->paths.size(); ++i) {
        InputFile input(files->paths[i]);
        reader.read_file(input, i);
    }
    return reader.finish(folder);
}

} // namespace tracediff
