#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz/ with clang (address and undefined-behaviour
# sanitizers on) and runs each of them: first once over every input of its corpus in
# tests/fuzz/TARGET/ (the regression run), then on new inputs for a bounded time: 60 s for the
# trace reader, manifest and input targets, 30 s for chunk_boundary (the trace reader across
# its 1 MiB chunk boundary), 25 s for each of the six format targets (csv,
# tensorboard, megatron, trainer_state, text_log, stdout_log: the trainers' standard outputs),
# 20 s for each of the three live-reading targets (live_jsonl, live_text_log,
# live_tensorboard: bytes in pieces against the whole file), about 7 minutes in all;
# FUZZ_SECONDS sets one time for every target. New inputs go to a scratch folder; a crash or hang fails the
# script and leaves its input in that folder: fix it, then add the input to tests/fuzz/TARGET/.
#
#   scripts/fuzz.sh                       all targets
#   FUZZ_SECONDS=600 scripts/fuzz.sh trace_reader
set -euo pipefail
cd "$(dirname "$0")/.."
build="${FUZZ_BUILD_DIR:-build-fuzz}"
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
    targets=(trace_reader chunk_boundary manifest input csv tensorboard megatron trainer_state text_log
             stdout_log live_jsonl live_text_log live_tensorboard)
fi

# The seconds of new inputs for a target.
seconds_for() {
    if [ -n "${FUZZ_SECONDS:-}" ]; then
        echo "$FUZZ_SECONDS"
    else
        case "$1" in
        trace_reader | manifest | input) echo 60 ;;
        chunk_boundary) echo 30 ;;
        live_jsonl | live_text_log | live_tensorboard) echo 20 ;;
        *) echo 25 ;;
        esac
    fi
}

CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DTRACEDIFF_BUILD_FUZZERS=ON -DTRACEDIFF_BUILD_TESTS=OFF -DTRACEDIFF_BUILD_TRACEGEN=OFF \
    -DTRACEDIFF_WERROR=ON >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/#/fuzz_}"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
scratch="$build/fuzz-work"
for target in "${targets[@]}"; do
    binary="$build/tests/fuzz/fuzz_$target"
    corpus="tests/fuzz/$target"
    options=(-timeout=10 -rss_limit_mb=2048 -max_len=65536 -dict=tests/fuzz/json.dict)
    echo "fuzz: $target: regression run over $(find "$corpus" -type f | wc -l) inputs"
    find "$corpus" -type f -print0 | xargs -0 "$binary" "${options[@]}" >"$build/$target.regression.log" 2>&1 ||
        { tail -n 40 "$build/$target.regression.log"; exit 1; }
    seconds="$(seconds_for "$target")"
    rm -rf "${scratch:?}/$target" && mkdir -p "$scratch/$target"
    echo "fuzz: $target: ${seconds} s of new inputs"
    "$binary" "${options[@]}" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$scratch/$target/" "$scratch/$target" "$corpus" \
        >"$build/$target.fuzz.log" 2>&1 ||
        { tail -n 60 "$build/$target.fuzz.log"; echo "fuzz: $target: failed; input in $scratch/$target/"; exit 1; }
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$build/$target.fuzz.log" |
        sed "s/^/fuzz: $target: /"
done
echo "fuzz: all targets passed"
