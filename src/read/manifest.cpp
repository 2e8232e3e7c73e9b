#include "tracediff/read/manifest.hpp"

#include "tracediff/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "manifest_parts.hpp"

namespace tracediff {

namespace {

namespace fs = std::filesystem;

constexpr std::array<std::string_view, 7> k_top_level_keys = {
    "title", "field", "traces", "comparisons", "baseline", "grid", "checks"};
constexpr std::array<std::string_view, 2> k_baseline_keys = {"a", "b"};
constexpr std::array<std::string_view, 3> k_comparison_keys = {"a", "b", "note"};
constexpr std::array<const char*, 2> k_pair_keys = {"a", "b"};

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

Json parse_json(const ManifestMembers& in, std::string_view text) {
    Json root;
    try {
        root = Json::parse(text, reject_duplicate_members);
    } catch (const Json::exception& e) {
        in.fail(fmt::format("not valid JSON: {}", json_error_text(e.what())));
    } catch (const Error& e) {
        in.fail(e.what());
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
