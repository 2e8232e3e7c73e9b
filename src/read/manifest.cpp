#include "tracediff/read/manifest.hpp"

#include "tracediff/error.hpp"
#include "tracediff/io/input_file.hpp"
#include "tracediff/io/trace_path.hpp"
#include "tracediff/read/input_format.hpp"
#include "tracediff/read/manifest_members.hpp"
#include "tracediff/read/read_options.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_set>

#include "trace_lines.hpp"

namespace tracediff {

namespace {

namespace fs = std::filesystem;

constexpr std::array<std::string_view, 7> k_top_level_keys = {
    "title", "field", "traces", "comparisons", "baseline", "grid", "checks"};
constexpr std::array<std::string_view, 2> k_baseline_keys = {"a", "b"};
constexpr std::array<std::string_view, 3> k_comparison_keys = {"a", "b", "note"};
constexpr std::array<const char*, 2> k_pair_keys = {"a", "b"};

// "[json.exception.parse_error.101] parse error at line 1, column 12: syntax error while
// parsing value - invalid literal; last read: 'ro'; expected ..." -> "line 1, column 12:
// invalid literal; expected ...". What was last read is left out: the file may be anything
// (a path to /etc/shadow), and none of its content may be echoed.
std::string json_error_text(const std::string& what) {
    std::string where;
    if (const auto at = what.find(" at line "); at != std::string::npos) {
        where = what.substr(at + 4, what.find(':', at) - at - 4) + ": ";
    }
    std::string reason =
        what.substr(what.find("] ") == std::string::npos ? 0 : what.find("] ") + 2);
    if (const auto dash = what.find(" - "); dash != std::string::npos) {
        reason = what.substr(dash + 3);
    }
    if (const auto last = reason.find("; last read: '"); last != std::string::npos) {
        const auto expected = reason.rfind("'; expected ");
        reason =
            reason.substr(0, last) +
            (expected == std::string::npos || expected < last ? "" : reason.substr(expected + 1));
    }
    return where + reason;
}

// The limits of a trace line apply to a manifest too, checked before the parser sees it: a
// deeply nested value would exhaust the stack, millions of members would take long.
void check_shape(const ManifestMembers& in, std::string_view text) {
    const trace_lines::LineShape shape = trace_lines::shape_of(text);
    if (shape.max_depth > k_max_nesting) {
        in.fail(fmt::format("arrays and objects nested deeper than {} levels", k_max_nesting));
    }
    if (shape.members > k_max_members) {
        in.fail(fmt::format("more than {} object members", k_max_members));
    }
}

Json parse_json(const ManifestMembers& in, std::string_view text) {
    if (text.size() > k_max_manifest_bytes) {
        in.fail(fmt::format("{} bytes; a manifest may be at most {} MiB", text.size(),
                            k_max_manifest_bytes >> 20));
    }
    check_shape(in, text);
    // A member named twice in one object (two traces with one label, say) would silently keep
    // only one of them: refuse it, once the whole text is known to be JSON (the name is then
    // safe to show). Sets, not lists: linear time.
    std::vector<std::unordered_set<std::string>> keys_at_depth;
    std::optional<std::string> duplicate;
    const Json::parser_callback_t note_duplicates = [&](int depth, Json::parse_event_t event,
                                                        Json& parsed) {
        const auto d = static_cast<std::size_t>(depth);
        if (event == Json::parse_event_t::object_start) {
            keys_at_depth.resize(d + 2);
            keys_at_depth[d + 1] = {};
        } else if (event == Json::parse_event_t::key && !duplicate &&
                   !keys_at_depth[d].insert(parsed.get_ref<const std::string&>()).second) {
            duplicate = parsed.get_ref<const std::string&>();
        }
        return true;
    };
    Json root;
    try {
        root = Json::parse(text, note_duplicates);
    } catch (const Json::exception& e) {
        in.fail(fmt::format("not valid JSON: {}", json_error_text(e.what())));
    }
    if (duplicate) {
        in.fail(fmt::format("member '{}' appears twice in one object", *duplicate));
    }
    if (!root.is_object()) {
        in.fail("the manifest must be a JSON object");
    }
    in.check_known(root, k_top_level_keys, "");
    return root;
}

ManifestComparison parse_comparison(const ManifestMembers& in, const Json& c,
                                    const std::string& where, const Manifest& m) {
    if (!c.is_object()) {
        in.fail(fmt::format("'{}' must be an object with members a, b and note, found {}", where,
                            c.type_name()));
    }
    in.check_known(c, k_comparison_keys, where + ".");
    in.check_required(c, k_pair_keys, where);
    ManifestComparison comparison;
    comparison.a = in.find_label(m, in.get_string(c["a"], where + ".a"), where + ".a");
    comparison.b = in.find_label(m, in.get_string(c["b"], where + ".b"), where + ".b");
    if (c.contains("note")) {
        comparison.note = in.get_string(c["note"], where + ".note");
    }
    return comparison;
}

void parse_comparisons(const ManifestMembers& in, const Json& root, Manifest& m) {
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
        in.fail(fmt::format("'comparisons' must be an array, found {}", list.type_name()));
    }
    if (list.empty()) {
        in.fail("'comparisons' is empty; leave it out to compare every pair");
    }
    for (std::size_t k = 0; k < list.size(); ++k) {
        m.comparisons.push_back(
            parse_comparison(in, list[k], fmt::format("comparisons[{}]", k), m));
    }
}

void parse_baseline(const ManifestMembers& in, const Json& root, Manifest& m) {
    if (!root.contains("baseline")) {
        return;
    }
    const Json& b = root["baseline"];
    if (!b.is_object()) {
        in.fail(fmt::format("'baseline' must be an object with members a and b, found {}",
                            b.type_name()));
    }
    in.check_known(b, k_baseline_keys, "baseline.");
    in.check_required(b, k_pair_keys, "baseline");
    ManifestComparison pair;
    pair.a = in.find_label(m, in.get_string(b["a"], "baseline.a"), "baseline.a");
    pair.b = in.find_label(m, in.get_string(b["b"], "baseline.b"), "baseline.b");
    if (pair.a == pair.b) {
        in.fail("'baseline' must name two different traces");
    }
    pair.note = "baseline";
    m.baseline = pair;
}

// The manifest's bytes, at most k_max_manifest_bytes of them (/dev/zero never ends).
std::string read_manifest_text(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        throw Error(fmt::format("cannot open '{}': {}", path, std::strerror(errno)));
    }
    struct stat info {};
    if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) &&
        static_cast<std::uint64_t>(info.st_size) > k_max_manifest_bytes) {
        ::close(fd);
        throw Error(fmt::format("{}: the file is {}; a manifest may be at most {} MiB", path,
                                describe_size(static_cast<std::uint64_t>(info.st_size)),
                                k_max_manifest_bytes >> 20));
    }
    std::string text;
    char buffer[65536];
    for (;;) {
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0 || text.size() + static_cast<std::size_t>(got) > k_max_manifest_bytes) {
            const int error = errno;
            ::close(fd);
            if (got < 0) {
                throw Error(fmt::format("cannot read '{}': {}", path, std::strerror(error)));
            }
            if (got > 0) {
                throw Error(fmt::format("{}: more than {} MiB; a manifest may be at most {} MiB",
                                        path, k_max_manifest_bytes >> 20,
                                        k_max_manifest_bytes >> 20));
            }
            return text;
        }
        text.append(buffer, static_cast<std::size_t>(got));
    }
}

// The required "traces" member: labels and paths, or objects with how to read each trace.

constexpr std::array<std::string_view, 5> k_entry_keys = {"path", "from", "step_key", "pattern",
                                                          "fields"};
constexpr std::array<const char*, 1> k_entry_required = {"path"};

std::string non_empty_string(const ManifestMembers& in, const Json& value,
                             const std::string& where) {
    std::string text = in.get_string(value, where);
    if (text.empty()) {
        in.fail(fmt::format("'{}' must not be empty", where));
    }
    return text;
}

// Reads the members of an entry given as an object into `t`; returns the path as written.
std::string parse_entry(const ManifestMembers& in, const Json& entry, const std::string& where,
                        ManifestTrace& t) {
    in.check_known(entry, k_entry_keys, where + ".");
    in.check_required(entry, k_entry_required, where);
    if (entry.contains("from")) {
        t.from = non_empty_string(in, entry["from"], where + ".from");
        try {
            format_named(t.from);
        } catch (const Error& e) {
            in.fail(fmt::format("'{}.from': {}", where, e.what()));
        }
    }
    if (entry.contains("step_key")) {
        t.step_key = non_empty_string(in, entry["step_key"], where + ".step_key");
    }
    if (entry.contains("pattern")) {
        t.pattern = non_empty_string(in, entry["pattern"], where + ".pattern");
    }
    if (entry.contains("fields")) {
        const Json& fields = entry["fields"];
        if (!fields.is_object()) {
            in.fail(fmt::format("'{}.fields' must be an object mapping a field to the name this "
                                "trace gives it, found {}",
                                where, fields.type_name()));
        }
        for (const auto& [field, name] : fields.items()) {
            t.fields[field] = non_empty_string(in, name, where + ".fields." + field);
        }
    }
    return in.get_string(entry["path"], where + ".path");
}

void parse_traces(const ManifestMembers& in, const Json& root, Manifest& m) {
    if (!root.contains("traces")) {
        in.fail("missing member 'traces' (an object mapping each label to a trace file)");
    }
    const Json& traces = root["traces"];
    if (!traces.is_object()) {
        in.fail(fmt::format("'traces' must be an object mapping each label to a trace file, "
                            "found {}",
                            traces.type_name()));
    }
    const fs::path folder = fs::path(m.path).parent_path();
    for (const auto& [label, value] : traces.items()) {
        const std::string where = "traces." + label;
        ManifestTrace t;
        t.label = label;
        if (value.is_object()) {
            t.path = parse_entry(in, value, where, t);
        } else if (value.is_string()) {
            t.path = value.get<std::string>();
        } else {
            in.fail(fmt::format("'{}' must be a path, or an object with a member 'path', found "
                                "{}",
                                where, value.type_name()));
        }
        if (label.empty()) {
            in.fail("a trace label in 'traces' is empty");
        }
        if (t.path.empty()) {
            in.fail(
                fmt::format("'{}' is an empty path", value.is_object() ? where + ".path" : where));
        }
        const fs::path p(t.path);
        t.path = p.is_absolute() ? t.path : (folder / p).string();
        m.traces.push_back(std::move(t));
    }
    if (m.traces.size() < 2) {
        in.fail(fmt::format("'traces' names {} trace{}; a comparison needs at least two",
                            m.traces.size(), m.traces.size() == 1 ? "" : "s"));
    }
}

// The optional "grid" member: which trace is which corner.

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

// The optional "checks" member: names and traces; the criteria stay JSON for the gate
// (gate/manifest_criteria.hpp).

constexpr std::array<std::string_view, 15> k_check_keys = {"name",
                                                           "a",
                                                           "reference",
                                                           "b",
                                                           "field",
                                                           "max",
                                                           "max_rel",
                                                           "mode",
                                                           "atol",
                                                           "rtol",
                                                           "steps",
                                                           "allow",
                                                           "require_same_steps",
                                                           "ignore_header",
                                                           "require_header"};
constexpr std::array<const char*, 2> k_check_required = {"name", "b"};

ManifestCheck parse_check(const ManifestMembers& in, const Json& c, const std::string& where,
                          const Manifest& m) {
    if (!c.is_object()) {
        in.fail(fmt::format("'{}' must be an object, found {}", where, c.type_name()));
    }
    in.check_known(c, k_check_keys, where + ".");
    in.check_required(c, k_check_required, where);
    ManifestCheck check;
    check.name = in.get_string(c["name"], where + ".name");
    if (check.name.empty()) {
        in.fail(fmt::format("'{}.name' must not be empty", where));
    }
    for (const auto& other : m.checks) {
        if (other.name == check.name) {
            in.fail(
                fmt::format("'{}.name': there is already a check named '{}'", where, check.name));
        }
    }
    // The trace B is compared with: a peer A, or a reference whose steps are the steps that
    // count (a golden, sparse or not).
    if (c.contains("a") == c.contains("reference")) {
        in.fail(
            fmt::format("'{}' needs 'a' (a peer) or 'reference' (a golden), one of them", where));
    }
    check.reference = c.contains("reference");
    const std::string a = check.reference ? "reference" : "a";
    check.a = in.find_label(m, in.get_string(c[a], where + "." + a), where + "." + a);
    check.b = in.find_label(m, in.get_string(c["b"], where + ".b"), where + ".b");
    check.where = where;
    check.members = c;
    return check;
}

void parse_checks(const ManifestMembers& in, const Json& root, Manifest& m) {
    if (!root.contains("checks")) {
        return;
    }
    const Json& list = root["checks"];
    if (!list.is_array() || list.empty()) {
        in.fail("'checks' must be a non-empty array of checks");
    }
    for (std::size_t k = 0; k < list.size(); ++k) {
        m.checks.push_back(parse_check(in, list[k], fmt::format("checks[{}]", k), m));
    }
}

} // namespace

Manifest parse_manifest(std::string_view text, const std::string& path) {
    const ManifestMembers in(path);
    const Json root = parse_json(in, text);
    Manifest m;
    m.path = path;
    if (root.contains("title")) {
        m.title = in.get_string(root["title"], "title");
    }
    if (root.contains("field")) {
        m.field = in.get_string(root["field"], "field");
        if (m.field->empty()) {
            in.fail("'field' must not be empty");
        }
    }
    parse_traces(in, root, m);
    parse_comparisons(in, root, m);
    parse_baseline(in, root, m);
    parse_grid(in, root, m);
    parse_checks(in, root, m);
    return m;
}

Manifest load_manifest(const std::string& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        throw Error(fmt::format("cannot open '{}': {}", path, std::strerror(EISDIR)));
    }
    Manifest m = parse_manifest(read_manifest_text(path), path);
    for (const auto& t : m.traces) {
        if (!fs::exists(split_trace_path(t.path).file, ec)) { // FILE of FILE#RUN
            throw Error(fmt::format("{}: trace '{}': no such file '{}'", path, t.label, t.path));
        }
    }
    return m;
}

} // namespace tracediff
