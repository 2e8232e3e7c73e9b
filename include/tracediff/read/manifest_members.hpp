// Reading the members of a manifest with messages that name the manifest and the member, e.g.
// "runs.json: 'comparisons[1].a' must be a string, found number". Shared by the manifest
// reader and by the gate, which reads the criteria of a manifest's checks.
#pragma once

#include "tracediff/read/manifest.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace tracediff {

class ManifestMembers {
public:
    explicit ManifestMembers(std::string manifest_path) : m_path(std::move(manifest_path)) {}

    const std::string& manifest_path() const { return m_path; }

    // Throws Error "MANIFEST: message".
    [[noreturn]] void fail(const std::string& message) const;

    // Fails on a member of `object` not in `known`; `where` ("grid.") prefixes its name.
    void check_known(const Json& object, std::span<const std::string_view> known,
                     const std::string& where) const;
    // Fails unless `object` has every member in `required`; `where` names the object.
    void check_required(const Json& object, std::span<const char* const> required,
                        const std::string& where) const;

    std::string get_string(const Json& value, const std::string& where) const;
    double get_number(const Json& value, const std::string& where) const;
    bool get_bool(const Json& value, const std::string& where) const;

    // The index of the trace with `label`; fails naming the known labels.
    std::size_t find_label(const Manifest& m, const std::string& label,
                           const std::string& where) const;

private:
    std::string m_path;
};

} // namespace tracediff
