// Files of several runs read one run at a time: a W&B chart export's columns "RUN - NAME" as the
// run RUN picked by FILE#RUN, a TensorBoard folder of run folders, and the trace argument's
// split into FILE and RUN.
#include "tracediff/error.hpp"
#include "tracediff/io/trace_path.hpp"
#include "tracediff/read/read_trace.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../../../src/read/file_runs.hpp"
#include "../../support/event_file.hpp"
#include "../../support/read_as.hpp"

namespace tracediff {
namespace {

namespace ev = testing::events;
using testing::FormatFile;
using testing::read_fields;

const Series& series(const Trace& t, const std::string& name) {
    return t.field(name).series;
}

// A W&B chart export of two runs, as W&B writes it: Step, and each run's value, __MIN and
// __MAX; beta has no value at step 3.
const std::string k_export =
    "Step,\"alpha - train/loss\",\"alpha - train/loss__MIN\",\"alpha - train/loss__MAX\","
    "\"beta - train/loss\",\"beta - train/loss__MIN\",\"beta - train/loss__MAX\"\n"
    "1,2.5,2.5,2.5,2.75,2.75,2.75\n"
    "2,2.25,2.25,2.25,2.5,2.5,2.5\n"
    "3,2,2,2,,,\n";

ReadOptions run_of(const std::string& run, std::vector<FieldRequest> fields) {
    ReadOptions options = read_fields(std::move(fields));
    options.run = run;
    return options;
}

TEST(WandbRuns, TheRunsOfAChartExportAreThePrefixesOfItsValueMinMaxTriples) {
    EXPECT_EQ(wandb_runs({"Step", "a - loss", "a - loss__MIN", "a - loss__MAX", "b - x - loss",
                          "b - x - loss__MIN", "b - x - loss__MAX"}),
              (std::vector<std::string>{"a", "b"}));
    // A name with " - " but no __MIN and __MAX is a column, not a run's.
    EXPECT_EQ(wandb_runs({"step", "train - loss", "val - loss"}), std::vector<std::string>{});
    EXPECT_EQ(wandb_runs({"step", "a - loss", "a - loss__MIN"}), std::vector<std::string>{});
    EXPECT_EQ(header_of_run({"Step", "a - loss", "a - loss__MAX", "b - loss", "epoch"}, "a"),
              (std::vector<std::string>{"Step", "loss", "loss__MAX", "b - loss", "epoch"}));
    EXPECT_EQ(header_of_run({"Step", "a - loss", "a - loss__MIN", "a - loss__MAX", "b - loss",
                             "b - loss__MIN", "b - loss__MAX"},
                            "b"),
              (std::vector<std::string>{"Step", "", "", "", "loss", "loss__MIN", "loss__MAX"}));
}

TEST(WandbRuns, APickedRunReadsItsColumnsByTheirNames) {
    const FormatFile f;
    Trace t = f.read("runs.csv", k_export,
                     run_of("alpha", {{"train/loss", true}, {"train/loss__MAX", true}}));
    EXPECT_EQ(t.format, "csv");
    EXPECT_EQ(series(t, "train/loss").steps, (std::vector<std::int64_t>{1, 2, 3}));
    EXPECT_EQ(series(t, "train/loss").values, (std::vector<double>{2.5, 2.25, 2}));
    EXPECT_EQ(series(t, "train/loss__MAX").values, (std::vector<double>{2.5, 2.25, 2}));
    // The row of step 3 holds no value of beta: it is not one of beta's steps.
    t = f.read("runs.csv", k_export, run_of("beta", {{"train/loss", true}}));
    EXPECT_EQ(series(t, "train/loss").steps, (std::vector<std::int64_t>{1, 2}));
    EXPECT_EQ(series(t, "train/loss").values, (std::vector<double>{2.75, 2.5}));
    // Another run's columns are not fields of the run.
    EXPECT_EQ(f.error("runs.csv", k_export, run_of("beta", {{"alpha - train/loss", true}})),
              "runs.csv: no step record has the field 'alpha - train/loss' (the header has: Step, "
              "train/loss, train/loss__MIN, train/loss__MAX)");
}

TEST(WandbRuns, ARunsStepColumnIsTheStepWhenTheXAxisIsAnother) {
    // A chart with a custom x axis (epoch) writes each run's _step as a column of the run.
    const std::string text = "epoch,\"a - _step\",\"a - _step__MIN\",\"a - _step__MAX\","
                             "\"a - loss\",\"a - loss__MIN\",\"a - loss__MAX\"\n"
                             "0,10,10,10,1.5,1.5,1.5\n"
                             "1,20,20,20,1.25,1.25,1.25\n";
    const FormatFile f;
    const Trace t = f.read("epochs.csv", text, run_of("a", {{"loss", true}}));
    EXPECT_EQ(series(t, "loss").steps, (std::vector<std::int64_t>{10, 20}));
}

TEST(WandbRuns, AFileOfSeveralRunsNeedsOneAndOnlyARunItHolds) {
    const FormatFile f;
    EXPECT_EQ(f.error("runs.csv", k_export),
              "runs.csv holds 2 runs (alpha, beta): pick one with runs.csv#RUN");
    EXPECT_EQ(f.error("runs.csv", k_export, run_of("gamma", {{"train/loss", true}})),
              "runs.csv holds no run 'gamma': it holds 2 runs (alpha, beta)");
    EXPECT_EQ(f.error("plain.csv", "step,loss\n1,2\n", run_of("alpha", {{"loss", true}})),
              "plain.csv holds no runs, so '#alpha' picks none: FILE#RUN picks a run out of a W&B "
              "chart export (CSV columns 'RUN - NAME') or a TensorBoard folder of run folders");
    EXPECT_EQ(
        f.error("run.jsonl", "{\"step\": 1, \"loss\": 2}\n", run_of("alpha", {{"loss", true}})),
        "run.jsonl is read as jsonl, which holds one run, so '#alpha' picks none: FILE#RUN "
        "picks a run out of a W&B chart export (CSV columns 'RUN - NAME') or a TensorBoard "
        "folder of run folders");
    // A file of one run is read as before, its columns by their whole names.
    const std::string one = "Step,\"a - loss\",\"a - loss__MIN\",\"a - loss__MAX\"\n1,2,2,2\n";
    const Trace t = f.read("one.csv", one, read_fields({{"a - loss", true}}));
    EXPECT_EQ(series(t, "a - loss").values, (std::vector<double>{2}));
}

TEST(TracePath, TheArgumentIsSplitAtTheHashOnlyWhenItIsNotAFile) {
    const FormatFile f;
    const std::string runs = f.write("runs.csv", k_export);
    const std::string hashed = f.write("a#1.csv", k_export);
    auto split = [](const std::string& a) {
        const TracePath p = split_trace_path(a);
        return p.picks_run ? p.file + " | " + p.run : p.file;
    };
    EXPECT_EQ(split(runs + "#alpha"), runs + " | alpha");
    EXPECT_EQ(split(runs + "#a#b"), runs + " | a#b");
    EXPECT_EQ(split(runs + "#"), runs + " | ");
    EXPECT_EQ(split(hashed), hashed); // a file whose name holds '#'
    EXPECT_EQ(split(hashed + "#beta"), hashed + " | beta");
    EXPECT_EQ(split("-"), "-");
    EXPECT_EQ(split(runs + "x#alpha"), runs + "x#alpha"); // no such file: opening it says so
    EXPECT_EQ(split_trace_path(f.dir().string() + "#sub").content_path(),
              (f.dir() / "sub").string());
    EXPECT_EQ(split_trace_path(runs + "#alpha").content_path(), runs);
}

TEST(TracePath, ReadTracePicksTheRunAndNamesTheTraceByTheArgument) {
    const FormatFile f;
    f.write("runs.csv", k_export);
    f.write("a#1.csv", "step,loss\n1,0.5\n");
    const Trace t = f.read_in_dir("runs.csv#beta", read_fields({{"train/loss", true}}));
    EXPECT_EQ(t.path, "runs.csv#beta");
    EXPECT_EQ(series(t, "train/loss").values, (std::vector<double>{2.75, 2.5}));
    EXPECT_EQ(series(f.read_in_dir("a#1.csv"), "loss").values, (std::vector<double>{0.5}));
    try {
        f.read_in_dir("runs.csv#");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(),
                     "runs.csv#: no run after '#' (FILE#RUN picks the run RUN out of FILE)");
    }
    const std::string runs = (f.dir() / "runs.csv").string();
    EXPECT_TRUE(read_same_file(runs + "#alpha", runs + "#alpha"));
    EXPECT_TRUE(read_same_file(runs, runs + "#alpha"));
    EXPECT_FALSE(read_same_file(runs + "#alpha", runs + "#beta"));
}

TEST(TensorBoardRuns, AFolderOfRunFoldersIsReadOneRunAtATime) {
    const FormatFile f;
    f.write("tb/train/events.out.tfevents.1",
            ev::file_version() + ev::event(1, {ev::simple_value("loss", 1)}));
    f.write("tb/validation/events.out.tfevents.1",
            ev::file_version() + ev::event(1, {ev::simple_value("loss", 2)}));
    f.write("tb/checkpoints/model.bin", "weights");
    Trace t = f.read_in_dir("tb#validation");
    EXPECT_EQ(t.path, "tb#validation");
    EXPECT_EQ(t.format, "tensorboard");
    EXPECT_EQ(series(t, "loss").values, (std::vector<double>{2}));
    auto error = [&](const std::string& argument) -> std::string {
        try {
            f.read_in_dir(argument);
        } catch (const Error& e) {
            return e.what();
        }
        return "no error";
    };
    EXPECT_EQ(error("tb"), "tb holds 2 runs (train, validation): pick one with tb#RUN");
    EXPECT_EQ(error("tb#checkpoints"), "tb holds no run 'checkpoints': it holds 2 runs (train, "
                                       "validation)");
    EXPECT_EQ(error("tb/train#x"), "tb/train holds no runs, so '#x' picks none: FILE#RUN picks a "
                                   "run out of a W&B chart export (CSV columns 'RUN - NAME') or "
                                   "a TensorBoard folder of run folders");
    EXPECT_EQ(error("tb/train/events.out.tfevents.1#x"),
              "tb/train/events.out.tfevents.1 is read as tensorboard, which holds one run, so "
              "'#x' picks none: FILE#RUN picks a run out of a W&B chart export (CSV columns "
              "'RUN - NAME') or a TensorBoard folder of run folders");
    const std::string tb = (f.dir() / "tb").string();
    EXPECT_FALSE(read_same_file(tb + "#train", tb + "#validation"));
    EXPECT_TRUE(read_same_file(tb + "#train", tb + "/train"));
}

} // namespace
} // namespace tracediff
