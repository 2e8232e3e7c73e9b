#include "tracediff/app/diff_job.hpp"

#include "tracediff/error.hpp"
#include "tracediff/io/file_identity.hpp"
#include "tracediff/render/labels.hpp"

namespace tracediff::app {

DiffReport make_diff(const DiffRequest& request, Warnings& warnings) {
    if (request.field.empty()) {
        throw Error("--field must not be empty");
    }
    check_outputs(request.outputs, request.files);
    const ReadOptions options = read_options_for(diff_read_options(request.field), request.input);
    const std::vector<Trace> traces = load_traces(request.files, {options, options}, warnings);
    const std::vector<std::string> labels = derive_labels(request.files);
    return make_diff_report(traces[0], traces[1], labels[0], labels[1], request.field);
}

} // namespace tracediff::app
