#include <fmt/format.h>

#include <array>

#include "manifest_parts.hpp"

namespace tracediff {

namespace {

constexpr std::array<std::string_view, 2> k_grid_keys = {"columns", "rows"};
constexpr std::array<std::string_view, 2> k_grid_row_keys = {"name", "cells"};

ManifestGridRow parse_row(const ManifestMembers& in, const Json& row, std::size_t r,
                          const ManifestGrid& grid, const Manifest& m) {
    const std::string where = fmt::format("grid.rows[{}]", r);
    if (!row.is_object()) {
        in.fail(fmt::format("'{}' must be an object with members name and cells", where));
    }
    in.check_known(row, k_grid_row_keys, where + ".");
    if (!row.contains("name") || !row.contains("cells") || !row["cells"].is_array()) {
        in.fail(fmt::format("'{}' needs 'name' and 'cells' (an array of labels)", where));
    }
    ManifestGridRow out;
    out.name = in.get_string(row["name"], where + ".name");
    const Json& cells = row["cells"];
    if (cells.size() != grid.columns.size()) {
        in.fail(fmt::format("'{}.cells' has {} cells for {} columns", where, cells.size(),
                            grid.columns.size()));
    }
    for (std::size_t c = 0; c < cells.size(); ++c) {
        const std::string at = fmt::format("{}.cells[{}]", where, c);
        if (cells[c].is_null()) {
            out.cells.emplace_back(std::nullopt);
        } else {
            out.cells.emplace_back(in.find_label(m, in.get_string(cells[c], at), at));
        }
    }
    return out;
}

} // namespace

void parse_grid(const ManifestMembers& in, const Json& root, Manifest& m) {
    if (!root.contains("grid")) {
        return;
    }
    const Json& g = root["grid"];
    if (!g.is_object()) {
        in.fail(fmt::format("'grid' must be an object with members columns and rows, found {}",
                            g.type_name()));
    }
    in.check_known(g, k_grid_keys, "grid.");
    if (!g.contains("columns") || !g["columns"].is_array() || !g.contains("rows") ||
        !g["rows"].is_array()) {
        in.fail("'grid' needs 'columns' (an array of names) and 'rows' (an array of "
                "{\"name\", \"cells\"})");
    }
    ManifestGrid grid;
    for (std::size_t c = 0; c < g["columns"].size(); ++c) {
        grid.columns.push_back(in.get_string(g["columns"][c], fmt::format("grid.columns[{}]", c)));
    }
    for (std::size_t r = 0; r < g["rows"].size(); ++r) {
        grid.rows.push_back(parse_row(in, g["rows"][r], r, grid, m));
    }
    m.grid = std::move(grid);
}

} // namespace tracediff
