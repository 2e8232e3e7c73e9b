#include "tracediff/render/labels.hpp"

#include "tracediff/printable.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

namespace tracediff {

namespace {

std::string base_name(const std::string& path) {
    if (path == "-") {
        return "stdin";
    }
    return std::filesystem::path(path).filename().string();
}

std::string stem(const std::string& path) {
    if (path == "-") {
        return "stdin";
    }
    return std::filesystem::path(path).stem().string();
}

std::vector<std::string> tokens_of(const std::string& name) {
    std::vector<std::string> tokens;
    std::string current;
    for (const char c : name) {
        if (c == '.' || c == '_' || c == '-' || c == '#') {
            if (!current.empty()) {
                tokens.push_back(current);
            }
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.empty()) {
        tokens.push_back(current);
    }
    return tokens;
}

// Replaces, by `fallback`, every label that is empty or shared with another label.
void replace_ambiguous(std::vector<std::string>& labels, const std::vector<std::string>& paths,
                       std::string (*fallback)(const std::string&)) {
    std::map<std::string, int> count;
    for (const auto& label : labels) {
        ++count[label];
    }
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (labels[i].empty() || count[labels[i]] > 1) {
            labels[i] = fallback(paths[i]);
        }
    }
}

} // namespace

std::vector<std::string> derive_labels(const std::vector<std::string>& paths) {
    std::vector<std::vector<std::string>> tokens;
    for (const auto& path : paths) {
        tokens.push_back(tokens_of(base_name(path)));
    }
    // Tokens that appear in every name say nothing about which trace is which.
    // Standard input has no file name, so it takes no part in finding them.
    std::set<std::string> common;
    bool first = true;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (paths[i] == "-") {
            continue;
        }
        const std::set<std::string> here(tokens[i].begin(), tokens[i].end());
        if (first) {
            common = here;
            first = false;
        } else {
            std::erase_if(common, [&](const std::string& t) { return !here.contains(t); });
        }
    }
    std::vector<std::string> labels;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (paths[i] == "-") {
            labels.emplace_back("stdin");
            continue;
        }
        const auto& name_tokens = tokens[i];
        std::string label;
        for (const auto& t : name_tokens) {
            if (common.contains(t)) {
                continue;
            }
            if (!label.empty()) {
                label += '-';
            }
            label += t;
        }
        labels.push_back(label);
    }
    replace_ambiguous(labels, paths, stem);
    replace_ambiguous(labels, paths, [](const std::string& p) { return p; });
    for (auto& label : labels) {
        label = printable(label); // a name to show, from a file name that may hold any byte
    }
    return labels;
}

} // namespace tracediff
