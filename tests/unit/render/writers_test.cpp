// Each report writer against golden files, on reports built by hand to cover every kind of
// cell: ordinary deltas, exact zeros, missing steps, non-finite values, no common steps.
#include "tracediff/render/diff_writer.hpp"
#include "tracediff/render/table_writer.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "../../support/golden.hpp"

namespace tracediff {
namespace {

using testing::expect_golden;

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();
constexpr double k_inf = std::numeric_limits<double>::infinity();

StepDelta both(std::int64_t step, double a, double b) {
    StepDelta d;
    d.step = step;
    d.in_a = d.in_b = true;
    d.a = a;
    d.b = b;
    d.delta = step_delta(a, b);
    return d;
}

StepDelta only_in_a(std::int64_t step, double a) {
    StepDelta d;
    d.step = step;
    d.in_a = true;
    d.a = a;
    return d;
}

TraceSummary trace(const std::string& label, const std::string& phase) {
    TraceSummary t;
    t.label = label;
    t.path = "traces/" + label + ".jsonl";
    t.phase = phase;
    t.netspec_name = "net";
    t.has_header = true;
    t.steps = 100;
    t.first_step = 1;
    t.last_step = 100;
    return t;
}

PairRow row(std::size_t a, std::size_t b, std::string note, PairStats stats) {
    PairRow r;
    r.a = a;
    r.b = b;
    r.note = std::move(note);
    r.stats = stats;
    r.coverage.compared = stats.compared;
    if (stats.compared > 0) {
        r.coverage.first_compared = 1;
        r.coverage.last_compared = static_cast<std::int64_t>(stats.compared);
    }
    return r;
}

PairStats ordinary() {
    PairStats s;
    s.compared = 100;
    s.step1 = both(1, 2.419938802719116, 2.419939);
    s.step2 = both(2, 2.015321969985962, 2.015347);
    s.median = 0.0039803;
    s.mean = 0.0071;
    s.max = 0.0886;
    s.max_step = 57;
    return s;
}

PairStats zeros() {
    PairStats s;
    s.compared = 100;
    s.step1 = both(1, 2.5, 2.5);
    s.step2 = both(2, 2.25, 2.25);
    s.median = 0.0015;
    s.mean = 0.002;
    s.max = 0.0779;
    s.max_step = 99;
    s.zero_deltas = 4;
    return s;
}

PairStats broken() {
    PairStats s;
    s.compared = 99;
    s.step1 = only_in_a(1, 2.5);
    s.step2 = both(2, k_nan, 2.25);
    s.median = k_inf;
    s.mean = k_nan;
    s.max = k_nan;
    s.max_step = 2;
    s.nonfinite_deltas = 60;
    s.first_nonfinite_step = 2;
    return s;
}

PairStats disjoint() {
    PairStats s;
    s.step1 = only_in_a(1, 2.5);
    s.step2 = only_in_a(2, 2.25);
    return s;
}

TableReport table() {
    TableReport r;
    r.field = "loss";
    r.traces = {trace("cpu", "p2"), trace("rocm", "p3"), trace("cuda", "p3")};
    r.rows = {row(0, 1, "cross-compiler, mars", ordinary()), row(1, 2, "", zeros()),
              row(0, 2, "broken \"run\"", broken())};
    return r;
}

TEST(TableWriter, Markdown) {
    expect_golden("writer_table.md", render_table_markdown(table()));
}

TEST(TableWriter, MarkdownWithTitle) {
    TableReport r = table();
    r.title = "Three corners";
    r.rows.push_back(row(2, 0, "", disjoint()));
    expect_golden("writer_table_title.md", render_table_markdown(r));
}

TEST(TableWriter, Csv) {
    expect_golden("writer_table.csv", render_table_csv(table()));
}

TEST(TableWriter, Json) {
    expect_golden("writer_table.json", render_table_json(table()));
}

TEST(TableWriter, MatrixMarkdown) {
    expect_golden("writer_matrix_step1.md", render_matrix_markdown(table(), PairStat::step1));
    expect_golden("writer_matrix_max.md", render_matrix_markdown(table(), PairStat::max));
}

TEST(TableWriter, MatrixCsv) {
    expect_golden("writer_matrix_median.csv", render_matrix_csv(table(), PairStat::median));
}

TEST(TableWriter, MatrixJson) {
    expect_golden("writer_matrix_step1.json", render_matrix_json(table(), PairStat::step1));
}

TEST(TableWriter, CsvQuoting) {
    EXPECT_EQ(csv_field("plain"), "plain");
    EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
    EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
}

DiffReport diff(PairStats stats) {
    DiffReport r;
    r.field = "loss";
    r.traces = {trace("cpu", "p2"), trace("rocm", "")};
    r.traces[0].ignored_kinds = {{"eval", 12}, {"epoch", 3}};
    r.traces[1].records_without_field = 2;
    r.traces[1].duplicate_records = 1;
    r.header.a_has_header = r.header.b_has_header = true;
    r.pair = row(0, 1, "", stats);
    r.pair.coverage.only_a = 4;
    r.pair.coverage.only_a_ranges = {{101, 103}, {200, 200}};
    return r;
}

DiffReport diff_with_header_differences() {
    DiffReport r = diff(broken());
    r.header.differences.push_back({"config.lr", Json(0.001), Json(0.002)});
    r.header.differences.push_back({"dataset", Json("mnist"), std::nullopt});
    return r;
}

TEST(DiffWriter, Text) {
    expect_golden("writer_diff.txt", render_diff_text(diff(ordinary())));
    expect_golden("writer_diff_broken.txt", render_diff_text(diff_with_header_differences()));
    DiffReport none = diff(disjoint());
    none.header.b_has_header = false;
    expect_golden("writer_diff_disjoint.txt", render_diff_text(none));
}

TEST(DiffWriter, Markdown) {
    expect_golden("writer_diff.md", render_diff_markdown(diff_with_header_differences()));
}

TEST(DiffWriter, Csv) {
    expect_golden("writer_diff.csv", render_diff_csv(diff(ordinary())));
    expect_golden("writer_diff_broken.csv", render_diff_csv(diff_with_header_differences()));
}

TEST(DiffWriter, Json) {
    expect_golden("writer_diff.json", render_diff_json(diff(ordinary())));
    expect_golden("writer_diff_broken.json", render_diff_json(diff_with_header_differences()));
}

} // namespace
} // namespace tracediff
