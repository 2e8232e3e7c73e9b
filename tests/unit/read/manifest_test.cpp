#include "tracediff/error.hpp"
#include "tracediff/read/manifest.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

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

TEST(Manifest, FullSchema) {
    const Manifest m = parse_manifest(R"({
        "title": "MNIST MLP", "field": "lr",
        "traces": {"b-run": "b.jsonl", "a-run": "sub/a.jsonl", "abs": "/data/c.jsonl"},
        "comparisons": [{"a": "a-run", "b": "b-run", "note": "cross, compiler"},
                        {"a": "abs", "b": "a-run"}]})",
                                      "dir/m.json");
    EXPECT_EQ(m.title, "MNIST MLP");
    EXPECT_EQ(m.field, "lr");
    ASSERT_EQ(m.traces.size(), 3u);
    // In the manifest's order, paths relative to its folder.
    EXPECT_EQ(m.traces[0].label, "b-run");
    EXPECT_EQ(m.traces[0].path, "dir/b.jsonl");
    EXPECT_EQ(m.traces[1].path, "dir/sub/a.jsonl");
    EXPECT_EQ(m.traces[2].path, "/data/c.jsonl");
    ASSERT_EQ(m.comparisons.size(), 2u);
    EXPECT_EQ(m.comparisons[0].a, 1u);
    EXPECT_EQ(m.comparisons[0].b, 0u);
    EXPECT_EQ(m.comparisons[0].note, "cross, compiler");
    EXPECT_EQ(m.comparisons[1].a, 2u);
    EXPECT_EQ(m.comparisons[1].note, "");
}

TEST(Manifest, WithoutComparisonsEveryPairInOrder) {
    const Manifest m =
        parse_manifest(R"({"traces": {"x": "x.jsonl", "y": "y.jsonl", "z": "z.jsonl"}})", "m.json");
    ASSERT_EQ(m.comparisons.size(), 3u);
    EXPECT_EQ(m.comparisons[0].a, 0u);
    EXPECT_EQ(m.comparisons[0].b, 1u);
    EXPECT_EQ(m.comparisons[1].a, 0u);
    EXPECT_EQ(m.comparisons[1].b, 2u);
    EXPECT_EQ(m.comparisons[2].a, 1u);
    EXPECT_EQ(m.comparisons[2].b, 2u);
    EXPECT_FALSE(m.field.has_value());
    EXPECT_EQ(m.traces[0].path, "x.jsonl");
}

TEST(Manifest, UnknownLabel) {
    EXPECT_EQ(error_of(R"({"traces": {"x": "x.jsonl", "y": "y.jsonl"},
                           "comparisons": [{"a": "x", "b": "w"}]})"),
              "dir/m.json: comparisons[0].b names an unknown trace 'w' (known: x, y)");
}

TEST(Manifest, WrongTypes) {
    EXPECT_EQ(error_of("[]"), "dir/m.json: the manifest must be a JSON object");
    EXPECT_EQ(error_of(R"({"traces": ["x.jsonl"]})"),
              "dir/m.json: 'traces' must be an object mapping each label to a trace file, found "
              "array");
    EXPECT_EQ(error_of(R"({"traces": {"x": "x.jsonl", "y": 3}})"),
              "dir/m.json: 'traces.y' must be a path, or an object with a member 'path', found "
              "number");
    EXPECT_EQ(error_of(R"({"title": 1, "traces": {"x": "x", "y": "y"}})"),
              "dir/m.json: 'title' must be a string, found number");
    EXPECT_EQ(error_of(R"({"traces": {"x": "x", "y": "y"}, "comparisons": {}})"),
              "dir/m.json: 'comparisons' must be an array, found object");
    EXPECT_EQ(error_of(R"({"traces": {"x": "x", "y": "y"}, "comparisons": [["x", "y"]]})"),
              "dir/m.json: 'comparisons[0]' must be an object with members a, b and note, "
              "found array");
    EXPECT_EQ(error_of(R"({"traces": {"x": "x", "y": "y"},
                           "comparisons": [{"a": "x", "b": "y", "note": 5}]})"),
              "dir/m.json: 'comparisons[0].note' must be a string, found number");
}

TEST(Manifest, MissingOrTooFewTraces) {
    EXPECT_EQ(error_of("{}"), "dir/m.json: missing member 'traces' (an object mapping each "
                              "label to a trace file)");
    EXPECT_EQ(error_of(R"({"traces": {"x": "x.jsonl"}})"),
              "dir/m.json: 'traces' names 1 trace; a comparison needs at least two");
}

TEST(Manifest, UnknownMembersAreErrors) {
    EXPECT_EQ(error_of(R"({"traces": {"x": "x", "y": "y"}, "comparison": []})"),
              "dir/m.json: unknown member 'comparison' (expected one of: title, field, traces, "
              "comparisons, baseline, grid, checks)");
    EXPECT_EQ(error_of(R"({"traces": {"x": "x", "y": "y"},
                           "comparisons": [{"a": "x", "b": "y", "notes": ""}]})"),
              "dir/m.json: unknown member 'comparisons[0].notes' (expected one of: a, b, note)");
}

TEST(Manifest, DuplicateMembersAreErrors) {
    EXPECT_EQ(error_of(R"({"traces": {"x": "x.jsonl", "y": "y.jsonl", "x": "z.jsonl"}})"),
              "dir/m.json: member 'x' appears twice in one object");
    EXPECT_EQ(error_of(R"({"title": "a", "traces": {"x": "x", "y": "y"}, "title": "b"})"),
              "dir/m.json: member 'title' appears twice in one object");
    // The same name in two different objects is fine.
    EXPECT_NO_THROW(parse_manifest(
        R"({"traces": {"a": "a", "b": "b"}, "comparisons": [{"a": "a", "b": "b"},
            {"a": "b", "b": "a"}]})",
        "m"));
}

TEST(Manifest, Baseline) {
    const Manifest m = parse_manifest(
        R"({"traces": {"x": "x", "y": "y", "z": "z"}, "baseline": {"a": "y", "b": "z"}})", "m");
    ASSERT_TRUE(m.baseline.has_value());
    EXPECT_EQ(m.baseline->a, 1u);
    EXPECT_EQ(m.baseline->b, 2u);
    EXPECT_EQ(error_of(R"({"traces": {"x": "x", "y": "y"}, "baseline": {"a": "x", "b": "x"}})"),
              "dir/m.json: 'baseline' must name two different traces");
    EXPECT_EQ(error_of(R"({"traces": {"x": "x", "y": "y"}, "baseline": ["x", "y"]})"),
              "dir/m.json: 'baseline' must be an object with members a and b, found array");
    EXPECT_EQ(error_of(R"({"traces": {"x": "x", "y": "y"}, "baseline": {"a": "x", "b": "q"}})"),
              "dir/m.json: baseline.b names an unknown trace 'q' (known: x, y)");
}

TEST(Manifest, ComparisonNeedsBothSides) {
    EXPECT_EQ(error_of(R"({"traces": {"x": "x", "y": "y"}, "comparisons": [{"a": "x"}]})"),
              "dir/m.json: 'comparisons[0]' has no member 'b'");
}

TEST(Manifest, InvalidJson) {
    EXPECT_EQ(error_of("{\"traces\": "),
              "dir/m.json: not valid JSON: line 1, column 12: unexpected end of input; "
              "expected '[', '{', or a literal");
}

TEST(Manifest, MissingTraceFile) {
    const auto dir = std::filesystem::temp_directory_path() / "tracediff_manifest_test";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "a.jsonl") << "{\"step\":1,\"loss\":1}\n";
    std::ofstream(dir / "m.json") << R"({"traces": {"a": "a.jsonl", "b": "b.jsonl"}})";
    try {
        load_manifest((dir / "m.json").string());
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), (dir / "m.json").string() + ": trace 'b': no such file '" +
                                             (dir / "b.jsonl").string() + "'");
    }
    std::filesystem::remove_all(dir);
}

TEST(Manifest, MissingManifest) {
    try {
        load_manifest("no/such/m.json");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "cannot open 'no/such/m.json': No such file or directory");
    }
}

TEST(Manifest, ShapeAndSizeLimits) {
    EXPECT_EQ(error_of("{\"traces\": " + std::string(257, '[') + std::string(257, ']') + "}"),
              "dir/m.json: arrays and objects nested deeper than 256 levels");
    std::string many = "{\"title\": \"x\", \"traces\": {";
    for (int i = 0; i < 10000; ++i) {
        many += (i == 0 ? "\"t" : ", \"t") + std::to_string(i) + "\": \"a\"";
    }
    EXPECT_EQ(error_of(many + "}}"), "dir/m.json: more than 10000 object members");
    EXPECT_EQ(error_of(std::string((std::size_t{16} << 20) + 1, ' ')),
              "dir/m.json: 16777217 bytes; a manifest may be at most 16 MiB");
}

TEST(Manifest, DuplicatesAmongManyMembers) {
    // 9,999 members, the last one a repeat of the first: found (with sets, in linear time).
    std::string text = "{\"traces\": {";
    for (int i = 0; i < 9998; ++i) {
        text += (i == 0 ? "\"t" : ", \"t") + std::to_string(i) + "\": \"a\"";
    }
    EXPECT_EQ(error_of(text + ", \"t0\": \"b\"}}"),
              "dir/m.json: member 't0' appears twice in one object");
}

TEST(Manifest, ErrorsQuoteNothingOfTheFile) {
    EXPECT_EQ(error_of("root:x:0:0:secret"), "dir/m.json: not valid JSON: line 1, column 1: "
                                             "invalid literal");
    EXPECT_EQ(error_of("{\"traces\": {\"a\": secret}}"),
              "dir/m.json: not valid JSON: line 1, column 18: invalid literal");
    // A member named twice in text that is not JSON: the JSON error, not the name.
    EXPECT_EQ(error_of("{\"root:secret\": 1, \"root:secret\": 2"),
              "dir/m.json: not valid JSON: line 1, column 36: unexpected end of input; expected "
              "'}'");
    EXPECT_EQ(error_of("{\"traces\" \"x\"}"),
              "dir/m.json: not valid JSON: line 1, column 13: unexpected string literal; "
              "expected ':'");
}

} // namespace
} // namespace tracediff
