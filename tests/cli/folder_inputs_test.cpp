// A TensorBoard run folder as a trace (issue 20): the files read from inside the folder are
// inputs too. A report is never written over one of them, and a trace that is one of them
// (or another folder that shares one) is the folder compared with itself.
#include <gtest/gtest.h>

#include <string>

#include "../support/event_file.hpp"
#include "../support/run_tracediff.hpp"

namespace tracediff {
namespace {

namespace ev = testing::events;
using Result = testing::RunResult;

const std::string k_event_file = "events.out.tfevents.1700000000.host.1.0";

class FolderInputs : public ::testing::Test {
protected:
    void SetUp() override {
        m_events = ev::file_version() + ev::event(1, {ev::simple_value("loss", 0.5F)}) +
                   ev::event(2, {ev::simple_value("loss", 0.25F)});
        bash("mkdir run");
        m_temp.write("run/" + k_event_file, m_events);
        m_temp.write("run/notes.txt", "notes\n");
        m_temp.write("ref.jsonl", "{\"step\":1,\"loss\":0.5}\n{\"step\":2,\"loss\":0.25}\n");
    }
    Result run(const std::string& args) const {
        return testing::run_tracediff(args, "", m_temp.str());
    }
    Result bash(const std::string& script) const { return testing::run_bash(script, m_temp.str()); }

    // The folder's event file is as it was.
    void expect_events_kept() const { EXPECT_EQ(m_temp.read("run/" + k_event_file), m_events); }

    testing::TempDir m_temp;
    std::string m_events;
};

std::string error(const std::string& message) {
    return "tracediff: error: " + message + "\n";
}

const std::string k_over_events = error("refusing to write the report over 'run/" + k_event_file +
                                        "', a file of the input folder 'run'");

TEST_F(FolderInputs, TableOutputOverAnEventFileIsRefused) {
    const Result r = run("table ref.jsonl run --output run/" + k_event_file);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, k_over_events);
    expect_events_kept();
}

TEST_F(FolderInputs, JunitAndPlotOverAnEventFileAreRefused) {
    Result r = run("check ref.jsonl run --max max=1 --junit ./run/" + k_event_file);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, k_over_events);
    r = run("plot ref.jsonl run/ -o run/" + k_event_file);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("refusing to write the report over 'run/" + k_event_file +
                           "', a file of the input folder 'run/'"));
    expect_events_kept();
}

TEST_F(FolderInputs, OutputOverAnyFileOfTheFolderIsRefused) {
    // The folder reader looks at every file in it; none is written over, event file or not.
    const Result r = run("table ref.jsonl run --output run/notes.txt");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("refusing to write the report over 'run/notes.txt', a file of the "
                           "input folder 'run'"));
    EXPECT_EQ(m_temp.read("run/notes.txt"), "notes\n");
}

TEST_F(FolderInputs, OutputOverALinkToAnEventFileIsRefused) {
    bash("ln -s run/" + k_event_file + " link");
    const Result r = run("table ref.jsonl run --output link");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, k_over_events);
    expect_events_kept();
}

TEST_F(FolderInputs, FolderComparedWithItsOwnEventFileIsRefused) {
    const Result r = run("check run run/" + k_event_file + " --max max=0");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("'run' and 'run/" + k_event_file +
                           "' are the same file; a trace compared with itself always passes"));
}

TEST_F(FolderInputs, TwoFoldersSharingAnEventFileAreRefused) {
    bash("mkdir copy && ln run/" + k_event_file + " copy/" + k_event_file);
    Result r = run("check copy run --max max=0");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("'copy' and 'run' are the same file; a trace compared with itself "
                           "always passes"));
    m_temp.write("m.json", R"({"traces": {"x": "run", "y": "copy"},
        "checks": [{"name": "self", "a": "x", "b": "y", "max": {"max": 0}}]})");
    r = run("check --manifest m.json");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, error("m.json: check 'self' compares 'x' with 'y', which are the same file "
                           "'run'; a trace compared with itself always passes"));
}

TEST_F(FolderInputs, AFileTheFolderDoesNotReadIsAnotherTrace) {
    // notes.txt is in the folder, but not one of its event files: not the same trace.
    m_temp.write("run/loss.jsonl", "{\"step\":1,\"loss\":0.5}\n{\"step\":2,\"loss\":0.25}\n");
    const Result r = run("check run run/loss.jsonl --max max=0");
    EXPECT_EQ(r.exit_code, 0) << r.err;
}

} // namespace
} // namespace tracediff
