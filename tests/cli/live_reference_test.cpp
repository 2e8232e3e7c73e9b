// A live check against a finished reference of any format (read whole, as the whole-file check
// reads it), and the criteria that can fail before the run ends: the max and a --mode fail as
// soon as a step is past the limit, without waiting for the rest of the run; a --band waits
// for the end.
// As in live_check_test.cpp, no test measures time: the writer waits for the check to end
// before it writes what the check must not wait for.
#include <gtest/gtest.h>

#include <string>

#include "live_cli.hpp"

namespace tracediff {
namespace {

using namespace live_cli;

// `run N BAD [LAST]` writes steps 1..N of 1/s, step BAD off by 0.5, into run.fifo, and steps
// N+1..LAST once the check has ended; `rerun K` writes rK.jsonl, steps 1..5 of 1/s + K/1000.
const std::string k_writers = R"SH(
value() { awk -v s="$1" -v bad="$2" 'BEGIN { print 1 / s + (s == bad ? 0.5 : 0) }'; }
run() { { for s in $(seq 1 "$1"); do step "$s" "$(value "$s" "$2")"; done
          wait_for checked; for s in $(seq $(($1 + 1)) "${3:-$1}"); do step "$s"; done
          touch wrote_rest; } > run.fifo; }
rerun() { for s in $(seq 1 5); do step "$s" "$(awk -v s="$s" -v k="$1" 'BEGIN { print 1 / s + k / 1000 }')"; done > "r$1.jsonl"; }
verdict() { grep -E '^(PASS|FAIL|SKIP)  ' | times; }
)SH";

class LiveReference : public LiveCli {
protected:
    Result script(const std::string& body) const { return bash(k_writers + body); }
};

TEST_F(LiveReference, AGoldenOrACsvIsTheReferenceOfAPipedRun) {
    const Result r = script(R"SH(ref 5; mkfifo run.fifo
$TRACEDIFF golden ref.jsonl -o golden.json --field loss
{ echo "step,loss"; for s in 1 2 3 4 5; do echo "$s,$(value $s 0)"; done; } > ref.csv
for reference in golden.json ref.csv; do
  rm -f checked wrote_rest; run 3 2 5 &
  $TRACEDIFF check --reference $reference run.fifo --max step1=1e-9 --max step2=1e-9 | verdict
  echo "exit ${PIPESTATUS[0]}"; [ -e wrote_rest ] && echo "the check waited for the run"
  touch checked; wait
done)SH");
    const std::string each =
        R"SH(SKIP  header  neither trace has a header (--require-header makes this fail) (decided after T s)
PASS  step1  Δ=0 <= 1e-09 (decided at step 1 after T s)
FAIL  step2  Δ=5.00e-01 > 1e-09 (decided at step 2 after T s)
exit 1
)SH";
    EXPECT_EQ(r.out, each + each) << r.err;
    EXPECT_EQ(r.err, "");
}

TEST_F(LiveReference, AReferenceThatCannotBeReadStopsTheCheckBeforeTheRun) {
    const Result r = script(R"SH(printf '{"loss": {"values": {"1": "x"}}}\n' > golden.json
$TRACEDIFF check --reference golden.json --max step1=1 run.jsonl -- sh -c 'touch started'
echo "exit $?"; [ -e started ] && echo "the command was started")SH");
    EXPECT_EQ(r.out, "exit 2\n");
    EXPECT_EQ(r.err.rfind("tracediff: error: golden.json", 0), 0u) << r.err;
}

TEST_F(LiveReference, TheMaxFailsAtTheFirstStepPastItsLimit) {
    const Result r = script(R"SH(ref 100; mkfifo run.fifo
run 6 5 100 &
$TRACEDIFF check --reference ref.jsonl run.fifo --max max=1e-3 --max median=1e-3 --ignore-header | verdict
echo "exit ${PIPESTATUS[0]}"; [ -e wrote_rest ] && echo "the check waited for the run"
touch checked; wait)SH");
    EXPECT_EQ(r.out, R"SH(FAIL  max  Δ=5.00e-01 > 0.001 at step 5 (decided at step 5 after T s)
SKIP  median  not decided: the check stopped first
exit 1
)SH") << r.err;
}

// Against a finished reference, each step is looked at as it is logged: a failure at step 40
// is decided at step 40, not when the run has doubled.
TEST_F(LiveReference, AFailureLateInTheRunIsDecidedAtItsStep) {
    const Result r = script(R"SH(ref 100; mkfifo run.fifo
run 41 40 100 &
$TRACEDIFF check --reference ref.jsonl run.fifo --max max=1e-3 --ignore-header | verdict
echo "exit ${PIPESTATUS[0]}"; [ -e wrote_rest ] && echo "the check waited for the run"
touch checked; wait
rm -f checked wrote_rest; run 41 40 100 &
$TRACEDIFF check --reference ref.jsonl run.fifo --mode strict --ignore-header | verdict
echo "exit ${PIPESTATUS[0]}"; touch checked; wait)SH");
    EXPECT_EQ(r.out, R"SH(FAIL  max  Δ=5.00e-01 > 0.001 at step 40 (decided at step 40 after T s)
exit 1
FAIL  strict loss  1 of 40 steps outside tolerance (atol=0.0001, rtol=0.001), first at step 40 (decided at step 40 after T s)
exit 1
)SH") << r.err;
}

// The command's output is read to its end whatever the verdict and however long the command
// is silent (no idle timeout applies to it), so a command that passed early and then prints
// more than a pipe holds is not blocked: the check ends with it.
TEST_F(LiveReference, TheCommandsOutputIsDrainedAfterAPass) {
    const Result r = script(R"SH(ref 2
timeout 20 $TRACEDIFF check --reference ref.jsonl --ignore-header --max step1=1e-9 --idle-timeout 0.2 - -- sh -c 'cat ref.jsonl; sleep 0.6; yes 0123456789 | head -c 300000; echo' 2> /dev/null | tail -1
echo "exit ${PIPESTATUS[0]}")SH");
    EXPECT_EQ(r.out, "PASS: the 1 criterion passed\nexit 0\n") << r.err;
}

// '-' with a command is the command's output even when check started with its own standard
// input closed (which makes a plain '-' an error).
TEST_F(LiveReference, TheCommandsOutputIsReadWhenStandardInputWasClosed) {
    const Result r = script(R"SH(ref 2
$TRACEDIFF check --reference ref.jsonl --ignore-header --max step1=0 - -- cat ref.jsonl <&- 2> /dev/null | tail -1
echo "exit ${PIPESTATUS[0]}"
$TRACEDIFF check --reference ref.jsonl --ignore-header --max step1=0 - <&- | tail -1
echo "exit ${PIPESTATUS[0]}")SH");
    EXPECT_EQ(r.out, "PASS: the 1 criterion passed\nexit 0\nexit 2\n") << r.err;
    EXPECT_EQ(r.err, "tracediff: error: cannot read standard input ('-'): it is closed\n");
}

TEST_F(LiveReference, AModeFailsOncePastWhatItAllows) {
    const Result r = script(R"SH(ref 100; mkfifo run.fifo
run 6 5 100 &
$TRACEDIFF check --reference ref.jsonl run.fifo --mode cross-comp --ignore-header | verdict
echo "exit ${PIPESTATUS[0]}"; [ -e wrote_rest ] && echo "the check waited for the run"
touch checked; wait
# One step allowed: the one step outside is not enough to stop the run.
rm -f checked wrote_rest; run 6 5 100 & (sleep 0.5; touch checked) &
$TRACEDIFF check --reference ref.jsonl run.fifo --mode cross-comp --allow 1 --ignore-header | verdict
echo "exit ${PIPESTATUS[0]}"; wait)SH");
    EXPECT_EQ(
        r.out,
        R"SH(FAIL  cross-comp loss  1 of 5 steps outside tolerance (atol=0.01, rtol=0.1), first at step 5 (decided at step 5 after T s)
exit 1
PASS  cross-comp loss  1 of 100 steps outside tolerance (atol=0.01, rtol=0.1), first at step 5; within --allow 1 (decided at step 100 after T s, at the end)
exit 0
)SH") << r.err;
}

// 10% of the reference's steps: the count allowed is known only once they are all compared.
TEST_F(LiveReference, AShareOfStepsAllowedWaitsForTheEnd) {
    const Result r = script(R"SH(ref 20; mkfifo run.fifo
run 6 5 20 & (sleep 0.5; touch checked) &
$TRACEDIFF check --reference ref.jsonl run.fifo --mode cross-comp --allow 10% --ignore-header | verdict
echo "exit ${PIPESTATUS[0]}"; wait)SH");
    EXPECT_EQ(
        r.out,
        R"SH(PASS  cross-comp loss  1 of 20 steps outside tolerance (atol=0.01, rtol=0.1), first at step 5; within --allow 2 (decided at step 20 after T s, at the end)
exit 0
)SH") << r.err;
}

TEST_F(LiveReference, ABandOfRerunsGatesAPipedRun) {
    const Result r = script(R"SH(rerun 1; rerun 2; rerun 3; mkfifo run.fifo
$TRACEDIFF golden r1.jsonl r2.jsonl r3.jsonl -o band.json --field loss
cat r2.jsonl > run.fifo & $TRACEDIFF check --reference band.json run.fifo --band 3 | verdict
echo "exit ${PIPESTATUS[0]}"; wait
run 4 3 & (sleep 0.3; touch checked) &
$TRACEDIFF check --reference band.json run.fifo --band 3 | verdict
echo "exit ${PIPESTATUS[0]}"; wait
cat band.json | $TRACEDIFF check --reference - r2.jsonl --band 3; echo "exit $?")SH");
    EXPECT_EQ(
        r.out,
        R"SH(SKIP  header  neither trace has a header (--require-header makes this fail) (decided after T s)
PASS  band loss  all 5 reference steps within the band (mean ± 3 std of the reruns) (decided at step 5 after T s, at the end)
exit 0
SKIP  header  neither trace has a header (--require-header makes this fail) (decided after T s)
FAIL  band loss  1 of 4 steps outside the band (mean ± 3 std of the reruns), first at step 3; B (run.fifo) lacks 1 of the reference's 5 steps: 5 (decided at step 5 after T s, at the end)
exit 1
exit 2
)SH") << r.err;
    EXPECT_EQ(r.err, "tracediff: error: --band reads the band of a golden, which a live check "
                     "reads whole from a regular file: give the golden as --reference FILE\n");
}

} // namespace
} // namespace tracediff
