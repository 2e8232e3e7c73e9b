// A manifest's trace entries given as objects: how to read each trace.
#include "tracediff/error.hpp"
#include "tracediff/read/manifest.hpp"

#include <gtest/gtest.h>

namespace tracediff {
namespace {

std::string error_of(const std::string& text) {
    try {
        parse_manifest(text, "dir/m.json");
    } catch (const Error& e) {
        return e.what();
    }
    ADD_FAILURE() << "no error for " << text;
    return "";
}

TEST(ManifestTraces, AnEntryMaySayHowToReadItsTrace) {
    const Manifest m = parse_manifest(R"json({"traces": {
        "ours": "a.jsonl",
        "wandb": {"path": "w/export.csv", "from": "csv", "step_key": "_step",
                  "fields": {"loss": "train/loss", "lr": "train/lr"}},
        "titan": {"path": "/logs/stdout.log", "pattern": "step (?P<step>\\d+)"}}})json",
                                      "dir/m.json");
    ASSERT_EQ(m.traces.size(), 3u);
    EXPECT_EQ(m.traces[0].path, "dir/a.jsonl");
    EXPECT_TRUE(m.traces[0].from.empty());
    EXPECT_EQ(m.traces[1].label, "wandb");
    EXPECT_EQ(m.traces[1].path, "dir/w/export.csv");
    EXPECT_EQ(m.traces[1].from, "csv");
    EXPECT_EQ(m.traces[1].step_key, "_step");
    EXPECT_EQ(m.traces[1].fields,
              (std::map<std::string, std::string>{{"loss", "train/loss"}, {"lr", "train/lr"}}));
    EXPECT_EQ(m.traces[2].path, "/logs/stdout.log");
    EXPECT_EQ(m.traces[2].pattern, "step (?P<step>\\d+)");
}

TEST(ManifestTraces, MistakesNameTheMember) {
    EXPECT_EQ(error_of(R"({"traces": {"a": "a.jsonl", "b": {"from": "csv"}}})"),
              "dir/m.json: 'traces.b' has no member 'path'");
    EXPECT_EQ(error_of(R"({"traces": {"a": "a.jsonl", "b": {"path": "b", "form": "csv"}}})"),
              "dir/m.json: unknown member 'traces.b.form' (expected one of: path, from, "
              "step_key, pattern, fields)");
    EXPECT_EQ(error_of(R"({"traces": {"a": "a.jsonl", "b": {"path": "b", "from": "xls"}}})"),
              "dir/m.json: 'traces.b.from': unknown input format 'xls' (expected one of: "
              "tensorboard, trainer-state, megatron, jsonl, csv, tsv, text, megatron-log, "
              "torchtitan-log, nanogpt-log, mllog)");
    EXPECT_EQ(error_of(R"({"traces": {"a": "a.jsonl", "b": {"path": "b", "fields": []}}})"),
              "dir/m.json: 'traces.b.fields' must be an object mapping a field to the name this "
              "trace gives it, found array");
    EXPECT_EQ(error_of(R"({"traces": {"a": "a.jsonl", "b": {"path": "b", "fields": {"x": 1}}}})"),
              "dir/m.json: 'traces.b.fields.x' must be a string, found number");
    EXPECT_EQ(error_of(R"({"traces": {"a": "a.jsonl", "b": {"path": ""}}})"),
              "dir/m.json: 'traces.b.path' is an empty path");
    EXPECT_EQ(error_of(R"({"traces": {"a": "a.jsonl", "b": {"path": "b", "step_key": ""}}})"),
              "dir/m.json: 'traces.b.step_key' must not be empty");
}

} // namespace
} // namespace tracediff
