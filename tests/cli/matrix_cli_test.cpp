// The matrix of a table: each cell is the number the table gives for its pair, as text, though
// a matrix of step1 or step2 computes only those deltas, and many pairs share their traces'
// step columns.
#include <gtest/gtest.h>

#include <cstddef>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "../support/run_tracediff.hpp"

namespace tracediff {
namespace {

using testing::run_tracediff;

// Same steps (alpha, gamma), steps only in one trace (alpha, beta), a step record without the
// field (gap.b), NaN, an empty step 2.
const std::string k_files =
    "run.alpha.jsonl run.beta.jsonl run.gamma.jsonl gap.a.jsonl gap.b.jsonl";

std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        std::vector<std::string> cells;
        std::istringstream fields(line);
        for (std::string cell; std::getline(fields, cell, ',');) {
            cells.push_back(cell);
        }
        if (!line.empty() && line.back() == ',') {
            cells.emplace_back(); // the diagonal, last
        }
        rows.push_back(cells);
    }
    return rows;
}

TEST(Matrix, CellsAreTheNumbersOfTheTable) {
    const auto table =
        run_tracediff("table --format csv --stats step1,step2,median,max,bias " + k_files);
    ASSERT_EQ(table.exit_code, 0) << table.err;
    const auto rows = csv_rows(table.out);
    ASSERT_EQ(rows.size(), 11u); // the header and 10 pairs
    const std::map<std::string, std::string> columns{{"step1", "step1_delta"},
                                                     {"step2", "step2_delta"},
                                                     {"median", "median_delta"},
                                                     {"max", "max_delta"},
                                                     {"bias", "bias_mean"}};
    for (const auto& [stat, column_name] : columns) {
        const auto matrix = run_tracediff("table --format csv --matrix " + stat + " " + k_files);
        ASSERT_EQ(matrix.exit_code, 0) << matrix.err;
        const auto cells = csv_rows(matrix.out);
        ASSERT_EQ(cells.size(), 6u) << matrix.out;
        std::map<std::string, std::size_t> at; // label -> row and column in the matrix
        for (std::size_t k = 1; k < cells[0].size(); ++k) {
            at[cells[0][k]] = k;
        }
        std::size_t column = 0;
        while (rows[0][column] != column_name) {
            ++column;
        }
        for (std::size_t r = 1; r < rows.size(); ++r) {
            const std::string& a = rows[r][0];
            const std::string& b = rows[r][1];
            // The bias is of column minus row, B - A: the pair's own number in row A, column B.
            EXPECT_EQ(cells[at[a]][at[b]], rows[r][column]) << stat << ": " << a << " vs " << b;
            if (stat != "bias") {
                EXPECT_EQ(cells[at[b]][at[a]], rows[r][column]) << stat << ": " << b << " vs " << a;
            }
        }
    }
}

} // namespace
} // namespace tracediff
