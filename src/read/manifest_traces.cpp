// The "traces" member of a manifest: "LABEL": "PATH", or "LABEL": an object that also says how
// to read the trace ({"path", "from", "step_key", "pattern", "fields"}).
#include "tracediff/error.hpp"
#include "tracediff/read/format.hpp"

#include <fmt/format.h>

#include <array>
#include <filesystem>

#include "manifest_parts.hpp"

namespace tracediff {

namespace {

namespace fs = std::filesystem;

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

} // namespace

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

} // namespace tracediff
