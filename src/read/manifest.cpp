#include "tracediff/read/manifest.hpp"

#include "tracediff/error.hpp"
#include "tracediff/read/trace.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tracediff {

namespace {

namespace fs = std::filesystem;

// clang-format off
constexpr std::array<std::string_view, 7> k_top_level_keys = {
    "title", "field", "traces", "comparisons", "baseline", "grid", "checks"};
// clang-format on
constexpr std::array<std::string_view, 2> k_grid_keys = {"columns", "rows"};
constexpr std::array<std::string_view, 2> k_grid_row_keys = {"name", "cells"};
constexpr std::array<std::string_view, 2> k_baseline_keys = {"a", "b"};
constexpr std::array<std::string_view, 12> k_check_keys = {"name",
                                                           "a",
                                                           "b",
                                                           "field",
                                                           "max",
                                                           "mode",
                                                           "atol",
                                                           "rtol",
                                                           "steps",
                                                           "allow",
                                                           "require_same_steps",
                                                           "ignore_header"};
constexpr std::array<std::string_view, 3> k_comparison_keys = {"a", "b", "note"};

// "[json.exception.parse_error.101] parse error at line 1, column 12: syntax error while
// parsing value - unexpected end of input" -> "line 1, column 12: unexpected end of input".
std::string json_error_text(const std::string& what) {
    std::string where;
    if (const auto at = what.find(" at line "); at != std::string::npos) {
        where = what.substr(at + 4, what.find(':', at) - at - 4) + ": ";
    }
    if (const auto dash = what.find(" - "); dash != std::string::npos) {
        return where + what.substr(dash + 3);
    }
    return where + what.substr(what.find("] ") == std::string::npos ? 0 : what.find("] ") + 2);
}

// A member named twice in one object (two traces with one label, say) would silently keep
// only one of them: refuse it while parsing.
bool reject_duplicate_members(int depth, Json::parse_event_t event, Json& parsed) {
    thread_local std::vector<std::vector<std::string>> keys_at_depth;
    if (event == Json::parse_event_t::object_start) {
        keys_at_depth.resize(static_cast<std::size_t>(depth) + 2);
        keys_at_depth[static_cast<std::size_t>(depth) + 1].clear();
    } else if (event == Json::parse_event_t::key) {
        auto& keys = keys_at_depth.at(static_cast<std::size_t>(depth));
        const auto& key = parsed.get_ref<const std::string&>();
        if (std::find(keys.begin(), keys.end(), key) != keys.end()) {
            throw Error(fmt::format("member '{}' appears twice in one object", key));
        }
        keys.push_back(key);
    }
    return true;
}

class ManifestParser {
public:
    explicit ManifestParser(const std::string& path) : m_path(path) {}

    Manifest parse(std::string_view text) {
        Json root;
        try {
            root = Json::parse(text, reject_duplicate_members);
        } catch (const Json::exception& e) {
            fail(fmt::format("not valid JSON: {}", json_error_text(e.what())));
        } catch (const Error& e) {
            fail(e.what());
        }
        if (!root.is_object()) {
            fail("the manifest must be a JSON object");
        }
        for (const auto& [key, value] : root.items()) {
            check_known_key(key, k_top_level_keys, "");
        }

        Manifest m;
        m.path = m_path;
        if (root.contains("title")) {
            m.title = get_string(root["title"], "title");
        }
        if (root.contains("field")) {
            m.field = get_string(root["field"], "field");
            if (m.field->empty()) {
                fail("'field' must not be empty");
            }
        }
        parse_traces(root, m);
        parse_comparisons(root, m);
        parse_baseline(root, m);
        parse_grid(root, m);
        parse_checks(root, m);
        return m;
    }

private:
    [[noreturn]] void fail(const std::string& message) const {
        throw Error(fmt::format("{}: {}", m_path, message));
    }

    template <std::size_t N>
    void check_known_key(const std::string& key, const std::array<std::string_view, N>& known,
                         const std::string& where) const {
        for (const auto k : known) {
            if (key == k) {
                return;
            }
        }
        fail(fmt::format("unknown member '{}{}' (expected one of: {})", where, key,
                         fmt::join(known, ", ")));
    }

    std::string get_string(const Json& value, const std::string& where) const {
        if (!value.is_string()) {
            fail(fmt::format("'{}' must be a string, found {}", where, value.type_name()));
        }
        return value.get<std::string>();
    }

    void parse_traces(const Json& root, Manifest& m) const {
        if (!root.contains("traces")) {
            fail("missing member 'traces' (an object mapping each label to a trace file)");
        }
        const Json& traces = root["traces"];
        if (!traces.is_object()) {
            fail(fmt::format("'traces' must be an object mapping each label to a trace file, "
                             "found {}",
                             traces.type_name()));
        }
        const fs::path folder = fs::path(m_path).parent_path();
        for (const auto& [label, value] : traces.items()) {
            const std::string path = get_string(value, "traces." + label);
            if (label.empty()) {
                fail("a trace label in 'traces' is empty");
            }
            if (path.empty()) {
                fail(fmt::format("'traces.{}' is an empty path", label));
            }
            const fs::path p(path);
            m.traces.push_back({label, p.is_absolute() ? path : (folder / p).string()});
        }
        if (m.traces.size() < 2) {
            fail(fmt::format("'traces' names {} trace{}; a comparison needs at least two",
                             m.traces.size(), m.traces.size() == 1 ? "" : "s"));
        }
    }

    std::size_t find_label(const Manifest& m, const std::string& label,
                           const std::string& where) const {
        for (std::size_t i = 0; i < m.traces.size(); ++i) {
            if (m.traces[i].label == label) {
                return i;
            }
        }
        std::vector<std::string> known;
        for (const auto& t : m.traces) {
            known.push_back(t.label);
        }
        fail(fmt::format("{} names an unknown trace '{}' (known: {})", where, label,
                         fmt::join(known, ", ")));
    }

    void parse_comparisons(const Json& root, Manifest& m) const {
        if (!root.contains("comparisons")) {
            for (std::size_t i = 0; i < m.traces.size(); ++i) {
                for (std::size_t j = i + 1; j < m.traces.size(); ++j) {
                    m.comparisons.push_back({i, j, ""});
                }
            }
            return;
        }
        const Json& list = root["comparisons"];
        if (!list.is_array()) {
            fail(fmt::format("'comparisons' must be an array, found {}", list.type_name()));
        }
        if (list.empty()) {
            fail("'comparisons' is empty; leave it out to compare every pair");
        }
        for (std::size_t k = 0; k < list.size(); ++k) {
            const std::string where = fmt::format("comparisons[{}]", k);
            const Json& c = list[k];
            if (!c.is_object()) {
                fail(fmt::format("'{}' must be an object with members a, b and note, found {}",
                                 where, c.type_name()));
            }
            for (const auto& [key, value] : c.items()) {
                check_known_key(key, k_comparison_keys, where + ".");
            }
            for (const char* key : {"a", "b"}) {
                if (!c.contains(key)) {
                    fail(fmt::format("'{}' has no member '{}'", where, key));
                }
            }
            ManifestComparison comparison;
            comparison.a = find_label(m, get_string(c["a"], where + ".a"), where + ".a");
            comparison.b = find_label(m, get_string(c["b"], where + ".b"), where + ".b");
            if (c.contains("note")) {
                comparison.note = get_string(c["note"], where + ".note");
            }
            m.comparisons.push_back(std::move(comparison));
        }
    }

    void parse_baseline(const Json& root, Manifest& m) const {
        if (!root.contains("baseline")) {
            return;
        }
        const Json& b = root["baseline"];
        if (!b.is_object()) {
            fail(fmt::format("'baseline' must be an object with members a and b, found {}",
                             b.type_name()));
        }
        for (const auto& [key, value] : b.items()) {
            check_known_key(key, k_baseline_keys, "baseline.");
        }
        for (const char* key : {"a", "b"}) {
            if (!b.contains(key)) {
                fail(fmt::format("'baseline' has no member '{}'", key));
            }
        }
        ManifestComparison pair;
        pair.a = find_label(m, get_string(b["a"], "baseline.a"), "baseline.a");
        pair.b = find_label(m, get_string(b["b"], "baseline.b"), "baseline.b");
        if (pair.a == pair.b) {
            fail("'baseline' must name two different traces");
        }
        pair.note = "baseline";
        m.baseline = pair;
    }

    void parse_grid(const Json& root, Manifest& m) const {
        if (!root.contains("grid")) {
            return;
        }
        const Json& g = root["grid"];
        if (!g.is_object()) {
            fail(fmt::format("'grid' must be an object with members columns and rows, found {}",
                             g.type_name()));
        }
        for (const auto& [key, value] : g.items()) {
            check_known_key(key, k_grid_keys, "grid.");
        }
        if (!g.contains("columns") || !g["columns"].is_array() || !g.contains("rows") ||
            !g["rows"].is_array()) {
            fail("'grid' needs 'columns' (an array of names) and 'rows' (an array of "
                 "{\"name\", \"cells\"})");
        }
        ManifestGrid grid;
        for (std::size_t c = 0; c < g["columns"].size(); ++c) {
            grid.columns.push_back(get_string(g["columns"][c], fmt::format("grid.columns[{}]", c)));
        }
        for (std::size_t r = 0; r < g["rows"].size(); ++r) {
            const std::string where = fmt::format("grid.rows[{}]", r);
            const Json& row = g["rows"][r];
            if (!row.is_object()) {
                fail(fmt::format("'{}' must be an object with members name and cells", where));
            }
            for (const auto& [key, value] : row.items()) {
                check_known_key(key, k_grid_row_keys, where + ".");
            }
            if (!row.contains("name") || !row.contains("cells") || !row["cells"].is_array()) {
                fail(fmt::format("'{}' needs 'name' and 'cells' (an array of labels)", where));
            }
            ManifestGridRow out;
            out.name = get_string(row["name"], where + ".name");
            if (row["cells"].size() != grid.columns.size()) {
                fail(fmt::format("'{}.cells' has {} cells for {} columns", where,
                                 row["cells"].size(), grid.columns.size()));
            }
            for (std::size_t c = 0; c < row["cells"].size(); ++c) {
                const Json& cell = row["cells"][c];
                const std::string at = fmt::format("{}.cells[{}]", where, c);
                if (cell.is_null()) {
                    out.cells.emplace_back(std::nullopt);
                } else {
                    out.cells.emplace_back(find_label(m, get_string(cell, at), at));
                }
            }
            grid.rows.push_back(std::move(out));
        }
        m.grid = std::move(grid);
    }

    double get_number(const Json& value, const std::string& where) const {
        if (!value.is_number()) {
            fail(fmt::format("'{}' must be a number, found {}", where, value.type_name()));
        }
        return value.get<double>();
    }

    bool get_bool(const Json& value, const std::string& where) const {
        if (!value.is_boolean()) {
            fail(fmt::format("'{}' must be true or false, found {}", where, value.type_name()));
        }
        return value.get<bool>();
    }

    void parse_checks(const Json& root, Manifest& m) const {
        if (!root.contains("checks")) {
            return;
        }
        const Json& list = root["checks"];
        if (!list.is_array() || list.empty()) {
            fail("'checks' must be a non-empty array of checks");
        }
        for (std::size_t k = 0; k < list.size(); ++k) {
            const std::string where = fmt::format("checks[{}]", k);
            m.checks.push_back(parse_check(list[k], where, m));
        }
    }

    ManifestCheck parse_check(const Json& c, const std::string& where, const Manifest& m) const {
        if (!c.is_object()) {
            fail(fmt::format("'{}' must be an object, found {}", where, c.type_name()));
        }
        for (const auto& [key, value] : c.items()) {
            check_known_key(key, k_check_keys, where + ".");
        }
        for (const char* key : {"name", "a", "b"}) {
            if (!c.contains(key)) {
                fail(fmt::format("'{}' has no member '{}'", where, key));
            }
        }
        ManifestCheck check;
        CheckSpec& spec = check.spec;
        spec.name = get_string(c["name"], where + ".name");
        if (spec.name.empty()) {
            fail(fmt::format("'{}.name' must not be empty", where));
        }
        for (const auto& other : m.checks) {
            if (other.spec.name == spec.name) {
                fail(fmt::format("'{}.name': there is already a check named '{}'", where,
                                 spec.name));
            }
        }
        check.a = find_label(m, get_string(c["a"], where + ".a"), where + ".a");
        check.b = find_label(m, get_string(c["b"], where + ".b"), where + ".b");
        spec.field = m.field.value_or("loss");
        if (c.contains("field")) {
            spec.field = get_string(c["field"], where + ".field");
            spec.field_given = true;
        }
        if (c.contains("max")) {
            const Json& max = c["max"];
            if (!max.is_object()) {
                fail(fmt::format("'{}.max' must be an object mapping a statistic to its limit, "
                                 "found {}",
                                 where, max.type_name()));
            }
            for (const auto& [stat, limit] : max.items()) {
                const std::string at = fmt::format("{}.max.{}", where, stat);
                MaxCriterion criterion;
                try {
                    criterion = parse_check_stat(stat);
                } catch (const Error& e) {
                    fail(fmt::format("'{}': {}", at, e.what()));
                }
                criterion.limit = get_number(limit, at);
                if (!std::isfinite(criterion.limit) || criterion.limit < 0) {
                    fail(fmt::format("'{}' must be a finite number >= 0", at));
                }
                spec.max.push_back(criterion);
            }
        }
        if (c.contains("mode")) {
            spec.mode = get_string(c["mode"], where + ".mode");
        }
        if (c.contains("atol")) {
            spec.atol = get_number(c["atol"], where + ".atol");
        }
        if (c.contains("rtol")) {
            spec.rtol = get_number(c["rtol"], where + ".rtol");
        }
        if (c.contains("steps")) {
            const std::string range = get_string(c["steps"], where + ".steps");
            try {
                spec.steps = parse_step_range(range);
            } catch (const Error& e) {
                fail(fmt::format("'{}.steps': {}", where, e.what()));
            }
        }
        if (c.contains("allow")) {
            const Json& allow = c["allow"];
            if (!allow.is_number_unsigned()) {
                fail(fmt::format("'{}.allow' must be an integer >= 0", where));
            }
            spec.allow = allow.get<std::size_t>();
        }
        if (c.contains("require_same_steps")) {
            spec.require_same_steps =
                get_bool(c["require_same_steps"], where + ".require_same_steps");
        }
        if (c.contains("ignore_header")) {
            spec.ignore_header = get_bool(c["ignore_header"], where + ".ignore_header");
        }
        try {
            spec.validate();
        } catch (const Error& e) {
            fail(fmt::format("check '{}': {}", spec.name, e.what()));
        }
        return check;
    }

    std::string m_path;
};

} // namespace

Manifest parse_manifest(std::string_view text, const std::string& path) {
    return ManifestParser(path).parse(text);
}

Manifest load_manifest(const std::string& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        throw Error(fmt::format("cannot open '{}': {}", path, std::strerror(EISDIR)));
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(fmt::format("cannot open '{}': {}", path, std::strerror(errno)));
    }
    std::ostringstream text;
    text << in.rdbuf();
    Manifest m = parse_manifest(text.str(), path);
    for (const auto& t : m.traces) {
        if (!fs::exists(t.path, ec)) {
            throw Error(fmt::format("{}: trace '{}': no such file '{}'", path, t.label, t.path));
        }
    }
    return m;
}

} // namespace tracediff
