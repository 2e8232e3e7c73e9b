// What the live check's CLI tests share: a bash prelude of trace writers and the fixture.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "../support/run_tracediff.hpp"

namespace tracediff::live_cli {

using Result = testing::RunResult;

// Shell functions every script has: `ref N` writes a reference of steps 1..N (loss 1/s);
// `step S [LOSS]` prints one step record; `wait_for FILE` waits up to 20 s for FILE.
inline const std::string k_prelude = R"(
step() { printf '{"step": %s, "loss": %s}\n' "$1" "${2:-$(awk "BEGIN{print 1/$1}")}"; }
ref() { for s in $(seq 1 "$1"); do step "$s"; done > ref.jsonl; }
wait_for() { for i in $(seq 1 200); do [ -e "$1" ] && return 0; sleep 0.1; done; return 1; }
times() { sed -E 's/after [0-9]+\.[0-9]+ s/after T s/'; }
)";

class LiveCli : public ::testing::Test {
protected:
    Result bash(const std::string& script) const {
        return testing::run_bash(k_prelude + script, m_temp.str());
    }
    testing::TempDir m_temp;
};

// The live processes of process group $1 (exited ones not yet reaped do not count).
inline const std::string k_group_alive =
    R"(alive() { ps -e -o pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/' | wc -l; })";

} // namespace tracediff::live_cli
