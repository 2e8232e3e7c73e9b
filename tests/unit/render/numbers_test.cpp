#include "tracediff/render/numbers.hpp"
#include "tracediff/render/text_table.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace tracediff {
namespace {

TEST(Format, DeltaInTwoDecimalExponentForm) {
    EXPECT_EQ(format_delta(1.97e-07, true), "1.97e-07");
    EXPECT_EQ(format_delta(2.419938802719116 - 2.419939, true), "-1.97e-07");
    EXPECT_EQ(format_delta(0.0886, true), "8.86e-02");
    EXPECT_EQ(format_delta(123456.0, true), "1.23e+05");
    // Rounds the exact binary value: 3.90335e-03 is stored a little below ...35.
    EXPECT_EQ(format_delta((3.9008e-03 + 3.9059e-03) / 2, true), "3.90e-03");
}

TEST(Format, ZeroAndNonFinite) {
    EXPECT_EQ(format_delta(0.0, true), "**0**");
    EXPECT_EQ(format_delta(0.0, false), "0");
    EXPECT_EQ(format_delta(std::numeric_limits<double>::quiet_NaN(), true), "NaN");
    EXPECT_EQ(format_delta(std::numeric_limits<double>::infinity(), true), "inf");
}

TEST(Format, ShortestRoundTrip) {
    EXPECT_EQ(format_shortest(2.419938802719116), "2.419938802719116");
    EXPECT_EQ(format_shortest(0.1), "0.1");
    EXPECT_EQ(format_shortest(1.9699999998e-07), "1.9699999998e-07");
    EXPECT_EQ(format_shortest(3.0), "3");
    EXPECT_EQ(format_shortest(-std::numeric_limits<double>::infinity()), "-inf");
}

TEST(Format, Ranges) {
    EXPECT_EQ(format_ranges({}), "none");
    EXPECT_EQ(format_ranges(to_ranges({1, 2, 3, 7, 9, 10})), "1-3, 7, 9-10");
    EXPECT_EQ(format_ranges(to_ranges({1, 3, 5, 7}), 2), "1, 3, ... (2 more ranges)");
}

TEST(Format, StepCells) {
    EXPECT_EQ(format_step_cell(std::nullopt, true), "n/a");
    StepDelta missing;
    missing.in_a = true;
    EXPECT_EQ(format_step_cell(missing, true), "missing");
    StepDelta zero;
    zero.in_a = zero.in_b = true;
    EXPECT_EQ(format_step_cell(zero, true), "**0**");
}

TEST(Format, MatrixStatNames) {
    EXPECT_EQ(parse_matrix_stat("median"), PairStat::median);
    EXPECT_FALSE(parse_matrix_stat("mean").has_value());
    EXPECT_EQ(matrix_stat_title(PairStat::step2), "step 2 Δ");
}

TEST(TextTable, PipesLineUpCountingCharactersNotBytes) {
    MarkdownTable t({"name", "Δ"});
    t.add_row({"a", "1.00e-01"});
    t.add_row({"longer name", "x"});
    EXPECT_EQ(t.render(), "|name        |Δ        |\n"
                          "|------------|---------|\n"
                          "|a           |1.00e-01 |\n"
                          "|longer name |x        |\n");
}

TEST(TextTable, PipesInCellsAreEscaped) {
    MarkdownTable t({"a"});
    t.add_row({"x|y"});
    EXPECT_EQ(t.render(), "|a    |\n|-----|\n|x\\|y |\n");
}

TEST(TextTable, DisplayWidth) {
    EXPECT_EQ(display_width("step 1 Δ"), 8u);
    EXPECT_EQ(display_width(""), 0u);
}

} // namespace
} // namespace tracediff
