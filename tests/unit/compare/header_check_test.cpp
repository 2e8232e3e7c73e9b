#include "tracediff/compare/header_check.hpp"

#include <gtest/gtest.h>

namespace tracediff {
namespace {

Json parse(const char* text) {
    return Json::parse(text);
}

TEST(HeaderCheck, NumbersCompareByValue) {
    EXPECT_TRUE(same_value(parse("0.001000"), parse("0.001")));
    EXPECT_TRUE(same_value(parse("0.000000"), parse("0.0")));
    EXPECT_TRUE(same_value(parse("128"), parse("128.0")));
    EXPECT_TRUE(same_value(parse("-3"), parse("-3.0")));
    EXPECT_FALSE(same_value(parse("0.001"), parse("0.0011")));
    EXPECT_FALSE(same_value(parse("18446744073709551615"), parse("-1")));
    EXPECT_FALSE(same_value(parse("9007199254740993"), parse("9007199254740992")));
    EXPECT_FALSE(same_value(parse("1"), parse("true")));
    EXPECT_FALSE(same_value(parse("\"1\""), parse("1")));
}

TEST(HeaderCheck, ObjectsAndArraysCompareMemberByMember) {
    EXPECT_TRUE(same_value(parse(R"({"a":1,"b":[1,2.0]})"), parse(R"({"b":[1.0,2],"a":1.0})")));
    EXPECT_FALSE(same_value(parse(R"({"a":1})"), parse(R"({"a":1,"b":2})")));
    EXPECT_FALSE(same_value(parse("[1,2]"), parse("[2,1]")));
}

TEST(HeaderCheck, PhaseTwoAndPhaseThreeStyleHeadersAgree) {
    const Json a = parse(R"({"kind": "header", "phase": "phase2", "netspec_name": "net",
        "config": {"lr": 0.001, "batch_size": 128, "label_smoothing": 0.0},
        "total_params": 1000, "dataset": "d", "emitter_version": "1"})");
    const Json b = parse(R"({"kind":"header","phase":"phase3","netspec_name":"net",
        "config":{"lr":0.001000,"batch_size":128,"label_smoothing":0.000000},
        "total_params":1000,"dataset":"d","emitter_version":"2"})");
    const HeaderVerdict v = compare_headers(a, b);
    EXPECT_TRUE(v.identical());
    EXPECT_FALSE(v.mismatch());
}

TEST(HeaderCheck, EveryDifferingFieldIsListedWithBothValues) {
    const Json a = parse(R"({"netspec_name":"net","config":{"lr":0.001,"seed":1},
        "total_params":1000,"dataset":"d"})");
    const Json b = parse(R"({"netspec_name":"net","config":{"lr":0.002,"epochs":3},
        "total_params":1001,"netspec_hash":"abc"})");
    const HeaderVerdict v = compare_headers(a, b);
    ASSERT_EQ(v.differences.size(), 6u);
    std::vector<std::string> lines;
    for (const auto& d : v.differences) {
        lines.push_back(describe_difference(d));
    }
    EXPECT_EQ(lines, (std::vector<std::string>{
                         "netspec_hash: (absent) vs \"abc\"", "config.lr: 0.001 vs 0.002",
                         "config.seed: 1 vs (absent)", "config.epochs: (absent) vs 3",
                         "total_params: 1000 vs 1001", "dataset: \"d\" vs (absent)"}));
    EXPECT_TRUE(v.mismatch());
}

TEST(HeaderCheck, HeaderOnOneSideOnly) {
    const HeaderVerdict v = compare_headers(parse(R"({"netspec_name":"n"})"), std::nullopt);
    EXPECT_TRUE(v.a_has_header);
    EXPECT_FALSE(v.b_has_header);
    EXPECT_FALSE(v.identical());
    EXPECT_TRUE(v.mismatch());
}

TEST(HeaderCheck, NoHeadersIsNoMismatchButNotIdentical) {
    const HeaderVerdict v = compare_headers(std::nullopt, std::nullopt);
    EXPECT_FALSE(v.identical());
    EXPECT_FALSE(v.mismatch());
}

TEST(HeaderCheck, FieldsOutsideTheIdentityAreIgnored) {
    const HeaderVerdict v = compare_headers(parse(R"({"phase":"a","emitted_at":"x"})"),
                                            parse(R"({"phase":"b","emitted_at":"y"})"));
    EXPECT_TRUE(v.identical());
}

} // namespace
} // namespace tracediff
