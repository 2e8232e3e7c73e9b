#pragma once

// The same run as other training frameworks log it, so that tracediff can compare one run
// across formats: a TensorBoard event file (TFRecords of Event messages, scalars as
// simple_value, as PyTorch's SummaryWriter writes them) and a CSV file with a header row
// (training and validation rows apart, as Lightning's CSVLogger writes them). Written by hand
// here, with no protobuf or CSV library: tracegen shares no code with tracediff's readers.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tracegen {

struct StepLog {
    std::size_t step = 0;
    std::size_t epoch = 0;
    float loss = 0.0f;
    float lr = 0.0f;
    float grad_norm = 0.0f;
    float param_norm = 0.0f;
};

struct EvalLog {
    std::size_t step = 0;
    std::size_t epoch = 0;
    float val_loss = 0.0f;
    float val_acc = 0.0f;
};

// The logs of a run in the order it wrote them: each epoch's steps, then its evaluation.
struct RunLog {
    std::vector<StepLog> steps;
    std::vector<EvalLog> evals; // evals[e] follows the last step of epoch e
};

// CRC-32C (Castagnoli), byte by byte: "123456789" gives 0xE3069283.
std::uint32_t crc32c(const std::string& bytes);

// The event file: a file_version record, then one Event per step (tags loss, lr, grad_norm,
// param_norm, epoch) and one per evaluation (val_loss, val_acc). wall_time is 1.7e9 + step
// seconds, so that the file is the same on every run.
std::string event_file(const RunLog& log);

// The CSV file: step,epoch,loss,lr,grad_norm,param_norm,val_loss,val_acc; a step row leaves
// the validation cells empty, an evaluation row the training cells.
std::string csv_file(const RunLog& log);

// The run's progress as torchtitan prints it to standard output: per step, the logging prefix
// and the coloured metrics line ("step:  1  loss: ...  grad_norm: ...  memory: ...  tps: ...
// tflops: ...  mfu: ...%"), and per evaluation the validator's line ("validate step: ...").
// The loss, grad_norm and validation loss are written in full (the shortest text that reads
// back as the float, as the trace has them), so that the log gives the trace's numbers; the
// rest are fixed placeholders.
std::string torchtitan_progress(const RunLog& log);

} // namespace tracegen
