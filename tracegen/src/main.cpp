// tracegen: trains a small MLP on synthetic glyphs and writes a JSON Lines training trace.

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <iostream>
#include <map>
#include <string>

#include "arith.hpp"
#include "files.hpp"
#include "model.hpp"
#include "sha256.hpp"
#include "trainer.hpp"

namespace {

using namespace tracegen;

constexpr int exit_usage = 2;
constexpr int exit_failure = 1;

constexpr const char* description =
    R"(tracegen: a small reference trainer that writes training traces for tracediff.

Trains an MLP (64 -> 160 -> 96 -> 10, ReLU, softmax cross-entropy) on synthetic 8x8 glyphs
with Adam, and writes one JSON Lines record per step. The three arithmetic flags change
only how floating-point results are rounded, standing in for different compilers and
machines; the same flags on the same build always give byte-identical output.)";

constexpr const char* examples = R"(Examples:
  # share one set of initial weights between runs
  tracegen --init-dump init.bin
  # train with it, fixed batch order, two rounding variants
  tracegen --init-load init.bin --no-shuffle --reduction sequential --fma on  --trace-out a.jsonl
  tracegen --init-load init.bin --no-shuffle --reduction pairwise   --fma off --trace-out b.jsonl
  # float64 accumulation, 40 epochs, shuffled batches
  tracegen --accumulate double --epochs 40 --trace-out c.jsonl
  # the same run also as a TensorBoard event file and as CSV
  tracegen --trace-out d.jsonl --events-out d.tfevents --csv-out d.csv
  # and its progress as torchtitan prints it
  tracegen --progress torchtitan --quiet > d.log

Exit status: 0 on success, 2 for a bad flag, value or init file, 1 if writing fails.)";

struct Options {
    TrainConfig config;
    std::string reduction = "sequential";
    std::string fma = "on";
    std::string accumulate = "float";
    std::string trace_out;
    std::string events_out;
    std::string csv_out;
    std::string progress = "none";
    std::string init_dump;
    std::string init_load;
    bool no_shuffle = false;
    bool quiet = false;
};

void add_file_flags(CLI::App& app, Options& o) {
    app.add_option("--trace-out", o.trace_out,
                   "Write the trace (JSON Lines) to FILE. Written whole or not at all.\n"
                   "Example: --trace-out run.jsonl")
        ->type_name("FILE");
    app.add_option("--events-out", o.events_out,
                   "Also write the run as a TensorBoard event file (scalars as simple_value)\n"
                   "to FILE. Example: --events-out run.tfevents")
        ->type_name("FILE");
    app.add_option("--csv-out", o.csv_out,
                   "Also write the run as CSV with a header row (step, epoch, loss, lr, ...;\n"
                   "validation rows apart) to FILE. Example: --csv-out metrics.csv")
        ->type_name("FILE");
    app.add_option("--progress", o.progress,
                   "Print the run's progress to standard output as a training framework does:\n"
                   "'torchtitan' prints torchtitan's metrics line per step (full-precision\n"
                   "loss and grad_norm) and its validation line per evaluation.\n"
                   "Example: --progress torchtitan --quiet > run.log")
        ->check(CLI::IsMember({"none", "torchtitan"}))
        ->capture_default_str();
    app.add_option("--init-dump", o.init_dump,
                   "Write the initial parameters made from --seed to FILE (little-endian\n"
                   "float32, layout in tracegen/README.md) and print its SHA-256. Without\n"
                   "--trace-out, nothing is trained. Example: --init-dump init.bin")
        ->type_name("FILE");
    auto* load = app.add_option("--init-load", o.init_load,
                                "Start from the parameters in FILE (as written by --init-dump)\n"
                                "instead of drawing them from --seed. Example: --init-load "
                                "init.bin")
                     ->type_name("FILE");
    load->excludes("--init-dump");
}

void add_arithmetic_flags(CLI::App& app, Options& o) {
    app.add_option("--reduction", o.reduction,
                   "Order of every dot product and sum: sequential (left to right),\n"
                   "pairwise (halves, leaves of 4), blocked (blocks of 16).\n"
                   "Example: --reduction pairwise")
        ->check(CLI::IsMember({"sequential", "pairwise", "blocked"}))
        ->capture_default_str();
    app.add_option("--fma", o.fma,
                   "on: every multiply-add is fused (std::fma, one rounding); off: multiply,\n"
                   "round, add, round. Example: --fma off")
        ->check(CLI::IsMember({"on", "off"}))
        ->capture_default_str();
    app.add_option("--accumulate", o.accumulate,
                   "Precision of running sums: float (float32) or double (float64).\n"
                   "Example: --accumulate double")
        ->check(CLI::IsMember({"float", "double"}))
        ->capture_default_str();
    app.add_flag("--no-shuffle", o.no_shuffle,
                 "Keep the batch order fixed (the data set order) instead of a seeded\n"
                 "shuffle every epoch. Example: --no-shuffle");
}

void add_training_flags(CLI::App& app, Options& o) {
    app.add_option("--seed", o.config.seed,
                   "Seed of the initial weights and of the shuffle. Example: --seed 3")
        ->capture_default_str();
    app.add_option("--data-seed", o.config.data_seed,
                   "Seed of the synthetic data set. Example: --data-seed 11")
        ->capture_default_str();
    app.add_option("--epochs", o.config.epochs,
                   "Number of epochs (100 steps each with the default sizes). Example: --epochs 40")
        ->check(CLI::Range(std::size_t{1}, std::size_t{100000}))
        ->capture_default_str();
    app.add_option("--batch-size", o.config.batch_size,
                   "Samples per step. Example: --batch-size 64")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}))
        ->capture_default_str();
    app.add_option(
           "--train-size", o.config.train_size,
           "Training samples; a last incomplete batch is dropped. Example: --train-size 25600")
        ->check(CLI::Range(std::size_t{1}, std::size_t{10000000}))
        ->capture_default_str();
    app.add_option("--val-size", o.config.val_size,
                   "Validation samples, evaluated after every epoch. Example: --val-size 2000")
        ->check(CLI::Range(std::size_t{1}, std::size_t{10000000}))
        ->capture_default_str();
    app.add_option("--lr", o.config.lr,
                   "Peak learning rate (after warm-up, before cosine decay). Example: --lr 0.003")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--warmup-steps", o.config.warmup_steps,
                   "Steps of linear learning-rate warm-up. Example: --warmup-steps 100")
        ->capture_default_str();
    app.add_option("--weight-decay", o.config.weight_decay,
                   "Decoupled weight decay on weights (not biases). Example: --weight-decay 0")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
}

void add_flags(CLI::App& app, Options& o) {
    add_file_flags(app, o);
    add_arithmetic_flags(app, o);
    add_training_flags(app, o);
    app.add_flag("--quiet,-q", o.quiet, "Print nothing on success.");
}

void finish_config(Options& o) {
    static const std::map<std::string, Reduction> reductions = {
        {"sequential", Reduction::sequential},
        {"pairwise", Reduction::pairwise},
        {"blocked", Reduction::blocked}};
    o.config.arith.reduction = reductions.at(o.reduction);
    o.config.arith.fma = o.fma == "on";
    o.config.arith.accumulate =
        o.accumulate == "double" ? Accumulate::float64 : Accumulate::float32;
    o.config.shuffle = !o.no_shuffle;
    validate(o.config);
}

int run(const Options& o) {
    const Mlp model(o.config.widths);
    std::vector<float> init;
    if (!o.init_load.empty()) {
        init = read_init_file(o.init_load, model.param_count());
    } else {
        init = model.initial_params(o.config.seed);
    }
    if (!o.init_dump.empty()) {
        const std::vector<std::uint8_t> bytes = encode_params(init);
        write_file_atomically(
            o.init_dump,
            std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
        // Same layout as sha256sum's output, so `sha256sum -c` can check it.
        fmt::print("{}  {}\n", sha256_hex(bytes), o.init_dump);
        if (o.trace_out.empty() && o.events_out.empty() && o.csv_out.empty()) {
            return 0;
        }
    }
    const TrainResult result = train(o.config, init);
    if (!o.trace_out.empty()) {
        write_file_atomically(o.trace_out, result.trace);
    }
    if (!o.events_out.empty()) {
        write_file_atomically(o.events_out, event_file(result.log));
    }
    if (!o.csv_out.empty()) {
        write_file_atomically(o.csv_out, csv_file(result.log));
    }
    if (o.progress == "torchtitan") {
        fmt::print("{}", torchtitan_progress(result.log));
    }
    if (!o.quiet) {
        fmt::print("{}: {} steps, final loss {}, val_loss {}, val_acc {}{}\n",
                   o.config.arith.name(), result.steps, result.final_loss, result.final_eval.loss,
                   result.final_eval.accuracy,
                   o.trace_out.empty() ? "" : fmt::format(", wrote {}", o.trace_out));
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app(description, "tracegen");
    app.footer(examples);
    app.set_version_flag("--version", std::string(emitter_version));
    Options options;
    add_flags(app, options);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) {
            return app.exit(e); // --help or --version
        }
        std::cerr << "tracegen: error: " << e.what() << "\n"
                  << "Run 'tracegen --help' for the list of flags.\n";
        return exit_usage;
    }
    try {
        finish_config(options);
        return run(options);
    } catch (const UsageError& e) {
        std::cerr << "tracegen: error: " << e.what() << "\n";
        return exit_usage;
    } catch (const std::exception& e) {
        std::cerr << "tracegen: error: " << e.what() << "\n";
        return exit_failure;
    }
}
