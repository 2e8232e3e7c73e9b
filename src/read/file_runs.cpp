#include "file_runs.hpp"

#include "tracediff/error.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <string_view>
#include <unordered_set>

namespace tracediff {

namespace {

constexpr std::string_view k_separator = " - ";
constexpr std::string_view k_min = "__MIN";
constexpr std::string_view k_max = "__MAX";
constexpr std::string_view k_where_runs_are =
    "FILE#RUN picks a run out of a W&B chart export (CSV columns 'RUN - NAME') or a TensorBoard "
    "folder of run folders";

std::string runs_list(const std::vector<std::string>& runs) {
    return fmt::format("{} run{} ({})", runs.size(), runs.size() == 1 ? "" : "s",
                       fmt::join(runs, ", "));
}

} // namespace

std::vector<std::string> wandb_runs(const std::vector<std::string>& header) {
    const std::unordered_set<std::string_view> columns(header.begin(), header.end());
    std::vector<std::string> runs;
    for (const std::string& column : header) {
        const std::size_t split = column.find(k_separator);
        if (split == 0 || split == std::string::npos || column.ends_with(k_min) ||
            column.ends_with(k_max)) {
            continue;
        }
        if (!columns.contains(column + std::string(k_min)) ||
            !columns.contains(column + std::string(k_max))) {
            continue;
        }
        std::string run = column.substr(0, split);
        if (std::find(runs.begin(), runs.end(), run) == runs.end()) {
            runs.push_back(std::move(run));
        }
    }
    return runs;
}

std::vector<std::string> header_of_run(const std::vector<std::string>& header,
                                       const std::string& run) {
    const std::vector<std::string> runs = wandb_runs(header);
    std::vector<std::string> out;
    out.reserve(header.size());
    for (const std::string& column : header) {
        const std::size_t split = column.find(k_separator);
        const std::string owner = split == std::string::npos ? "" : column.substr(0, split);
        if (split != std::string::npos && owner == run) {
            out.push_back(column.substr(split + k_separator.size()));
        } else if (split != std::string::npos &&
                   std::find(runs.begin(), runs.end(), owner) != runs.end()) {
            out.emplace_back(); // another run's column
        } else {
            out.push_back(column);
        }
    }
    return out;
}

void refuse_unpicked_runs(const std::string& file, const std::vector<std::string>& runs) {
    throw Error(fmt::format("{} holds {}: pick {} with {}#{}", file, runs_list(runs),
                            runs.size() == 1 ? "it" : "one", file,
                            runs.size() == 1 ? runs.front() : "RUN"));
}

void refuse_unknown_run(const std::string& file, const std::string& run,
                        const std::vector<std::string>& runs) {
    if (runs.empty()) {
        throw Error(
            fmt::format("{} holds no runs, so '#{}' picks none: {}", file, run, k_where_runs_are));
    }
    throw Error(fmt::format("{} holds no run '{}': it holds {}", file, run, runs_list(runs)));
}

void refuse_run_of_single_run_format(const std::string& file, const std::string& run,
                                     const std::string& format) {
    throw Error(fmt::format("{} is read as {}, which holds one run, so '#{}' picks none: {}", file,
                            format, run, k_where_runs_are));
}

} // namespace tracediff
