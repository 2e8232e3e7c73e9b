// The CSV splitter's unquoted cells (found sixteen bytes at a time where sixteen are left):
// random rows of cells of every length up to 40 bytes, split as a byte-at-a-time reading of
// RFC 4180 splits them, with either delimiter and either line end.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "../../../src/read/csv_split.hpp"

namespace tracediff {
namespace {

TEST(CsvSplitter, UnquotedCellsOfEveryLengthSplitAsWritten) {
    std::mt19937_64 rng(4180);
    const std::string k_bytes = "0123456789.-eabc ";
    for (int round = 0; round < 2000; ++round) {
        const char delimiter = round % 2 == 0 ? ',' : '\t';
        std::vector<std::vector<std::string>> rows(1 + rng() % 4);
        std::string text;
        for (auto& row : rows) {
            row.resize(1 + rng() % 6);
            for (std::size_t c = 0; c < row.size(); ++c) {
                const std::size_t length = rng() % 41;
                for (std::size_t i = 0; i < length; ++i) {
                    row[c] += k_bytes[rng() % k_bytes.size()];
                }
                text += (c == 0 ? "" : std::string(1, delimiter)) + row[c];
            }
            text += rng() % 3 == 0 ? "\r\n" : "\n";
        }
        CsvSplitter split(delimiter);
        std::size_t pos = 0;
        for (const auto& row : rows) {
            ASSERT_EQ(split.split(text, pos, true), CsvSplitter::Result::row) << text;
            const std::vector<std::string_view>& cells = split.cells();
            ASSERT_EQ(cells.size(), row.size()) << text;
            for (std::size_t c = 0; c < row.size(); ++c) {
                EXPECT_EQ(cells[c], row[c]) << text;
            }
        }
        EXPECT_EQ(pos, text.size());
    }
}

} // namespace
} // namespace tracediff
