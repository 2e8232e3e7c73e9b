// `tracediff check` while the run goes on: a writer process emits steps with pauses into a FIFO,
// a followed file or through a command, and the check decides as soon as it can. No test
// measures time: each shows an order of events with marker files the writer creates (it waits
// for the check to end before it writes what the check must not wait for, up to a cap, so a
// check that waits too long fails rather than hangs).
#include <gtest/gtest.h>

#include <string>

#include "live_cli.hpp"

namespace tracediff {
namespace {

using namespace live_cli;

TEST_F(LiveCli, FailingStep1ExitsBeforeTheWriterWritesStep3) {
    const Result r = bash(R"(ref 10; mkfifo run.fifo
{ step 1 9.5; step 2; wait_for checked; step 3; touch wrote3; } > run.fifo &
$TRACEDIFF check ref.jsonl run.fifo --max step1=1e-9 --max step2=1e-9 | times; rc=${PIPESTATUS[0]}
[ -e wrote3 ] && echo "step 3 was written before the check ended"
echo "exit $rc"; touch checked; wait)");
    EXPECT_EQ(r.out, R"(check ref-jsonl vs run-fifo: loss
  A  ref.jsonl
  B  run.fifo
SKIP  header  neither trace has a header (--require-header makes this fail) (decided after T s)
FAIL  step1  Δ=8.50e+00 > 1e-09 (decided at step 1 after T s)
SKIP  step2  not decided: the check stopped first
FAIL: the 1 criterion failed, 2 skipped
exit 1
)");
}

TEST_F(LiveCli, PassingStep1Step2ExitsWithoutWaitingForTheEnd) {
    const Result r = bash(R"SH(ref 10; mkfifo run.fifo
{ step 1; step 2; step 3; wait_for checked; step 4; touch wrote4; } > run.fifo &
$TRACEDIFF check ref.jsonl run.fifo --ignore-header --max step1=0 --max step2=0 --format json > out.json
rc=$?; [ -e wrote4 ] && echo "step 4 was written before the check ended"
echo "exit $rc"; grep -c '"when": "at step"' out.json; touch checked; wait)SH");
    EXPECT_EQ(r.out, "exit 0\n2\n") << r.err;
}

TEST_F(LiveCli, MedianWaitsForTheEndOfTheRun) {
    const Result r = bash(R"(ref 5
{ step 1; step 2; touch wrote2; sleep 0.3; step 3 7; step 4 7; step 5 7; } |
  $TRACEDIFF check ref.jsonl - --ignore-header --max step1=0 --max median=1e-3 | times
echo "exit ${PIPESTATUS[1]}")");
    EXPECT_EQ(r.out, R"(check ref vs stdin: loss
  A  ref.jsonl
  B  -
PASS  step1  Δ=0 <= 0 (decided at step 1 after T s)
FAIL  median  Δ=6.67e+00 > 0.001 (decided at step 5 after T s, at the end)
FAIL: 1 of 2 criteria failed
exit 1
)") << r.err;
}

TEST_F(LiveCli, SparseReferencePassesAgainstAFullCandidate) {
    // The reference keeps every 5th step, as Megatron-LM's golden values do.
    const Result r = bash(R"(for s in 5 10 15 20; do step $s; done > golden.jsonl
for s in $(seq 1 20); do step $s; done > run.jsonl
criteria="--ignore-header --max step1=0 --max median=0 --mode strict"
cat run.jsonl | $TRACEDIFF check --reference golden.jsonl - $criteria > /dev/null; echo "pipe $?"
$TRACEDIFF check --reference golden.jsonl run.jsonl $criteria | sed -n 4p; echo "file $?"
$TRACEDIFF check golden.jsonl run.jsonl $criteria | sed -n 4p)");
    EXPECT_EQ(r.out, R"(pipe 0
PASS  step1  Δ=0 <= 0 (step 5)
file 0
FAIL  step1  step 1 is missing from A (golden.jsonl)
)") << r.err;
}

TEST_F(LiveCli, WriterDyingAtStep1LeavesStep2UndecidedAndFails) {
    const Result r = bash(R"(ref 2
step 1 | $TRACEDIFF check ref.jsonl - --ignore-header --max step1=1e-9 --max step2=1e-9 | times
echo "exit ${PIPESTATUS[1]}")");
    EXPECT_EQ(r.out, R"(check ref vs stdin: loss
  A  ref.jsonl
  B  -
PASS  step1  Δ=0 <= 1e-09 (decided at step 1 after T s)
FAIL  step2  step 2 is missing from B (-); not decided: the run ended before its steps
  note: the run ended before step2 was decided; last step seen: A 2, B 1
FAIL: 1 of 2 criteria failed
exit 1
)") << r.err;
}

TEST_F(LiveCli, AliasesAndStepKeysReadAsInAWholeFile) {
    const Result r = bash(
        R"(for s in 1 2 3; do printf '{"iteration": %s, "train/loss": 0.5}\n' $s; done > run.jsonl
ref 3; sed -i 's/"loss": [^}]*/"loss": 0.5/' ref.jsonl
cat run.jsonl | $TRACEDIFF check ref.jsonl - --alias loss=train/loss --ignore-header --max step1=0 --max step2=0 | sed -n 4,6p)");
    EXPECT_EQ(r.out.substr(0, r.out.find('(')), "PASS  step1  Δ=0 <= 0 ") << r.out << r.err;
    EXPECT_EQ(r.out.find("missing"), std::string::npos) << r.out;
}

TEST_F(LiveCli, OtherFormatsOnAPipeAreAClearError) {
    const std::string formats = std::string(TRACEDIFF_DATA_DIR) + "/formats/";
    const Result r =
        bash("ref 2\nfor f in run.csv golden_values.json trainer_state.json; do "
             "cat '" +
             formats +
             "'$f | $TRACEDIFF check ref.jsonl - --max step1=1; "
             "echo \"exit $?\"; done\n"
             "printf 'starting\\nno steps here\\n' | $TRACEDIFF check ref.jsonl - --max step1=1; "
             "echo \"exit $?\"");
    EXPECT_EQ(r.out, "exit 2\nexit 2\nexit 2\nexit 2\n");
    const std::string rest = " a live check (standard input, a FIFO, --follow, -- COMMAND) reads "
                             "JSON Lines, TensorBoard event files, or a trainer's output: text "
                             "with --pattern, megatron-log, torchtitan-log, nanogpt-log, mllog";
    EXPECT_EQ(r.err, "tracediff: error: <stdin>:1: csv logs are read whole from regular files;" +
                         rest +
                         "\ntracediff: error: <stdin>:1: megatron logs are read whole from "
                         "regular files;" +
                         rest +
                         "\ntracediff: error: <stdin>:1: a JSON document (trainer_state.json, "
                         "golden values) is read whole from a regular file;" +
                         rest +
                         "\ntracediff: error: <stdin>: no line is a step record of a format a "
                         "live check reads (JSON Lines, TensorBoard event files, or a "
                         "trainer's output: text with --pattern, megatron-log, torchtitan-log, "
                         "nanogpt-log, mllog); 2 lines read\n");
}

// A finished file beside a trace on a pipe is read whole, as the whole-file check reads it:
// any format, here a CSV, and a bad value in it is the whole-file read's error.
TEST_F(LiveCli, AFinishedFileBesideAPipeIsReadWholeInAnyFormat) {
    const Result r = bash(R"SH(printf 'step,loss\n1,1.0\n2,0.5\n3,0.25\n' > ref.csv; mkfifo run.fifo
{ step 1 1.0; step 2 0.9; wait_for checked; step 3 0.25; touch wrote3; } > run.fifo &
$TRACEDIFF check ref.csv - --ignore-header --max step1=0 --max max=0.1 < run.fifo | times
rc=${PIPESTATUS[0]}; [ -e wrote3 ] && echo "step 3 was written before the check ended"
echo "exit $rc"; touch checked; wait
printf 'step,loss\n1,1.0\n2,x\n' > bad.csv
step 1 1.0 | $TRACEDIFF check bad.csv - --max step1=0; echo "exit $?")SH");
    EXPECT_EQ(r.out, R"(check ref vs stdin: loss
  A  ref.csv
  B  -
PASS  step1  Δ=0 <= 0 (decided at step 1 after T s)
FAIL  max  Δ=4.00e-01 > 0.1 at step 2 (decided at step 2 after T s)
FAIL: 1 of 2 criteria failed
exit 1
exit 2
)") << r.err;
    EXPECT_EQ(r.err, "tracediff: error: bad.csv:3: 'loss' must be a number, found 'x'\n");
}

TEST_F(LiveCli, LiveOptionsOutOfPlaceAreErrors) {
    const Result r = bash(R"SH(ref 2
$TRACEDIFF check ref.jsonl ref.jsonl --max step1=1 --grace 3; echo "exit $?"
$TRACEDIFF check ref.jsonl ref.jsonl --max step1=1 --idle-timeout 3; echo "exit $?"
$TRACEDIFF check --reference ref.jsonl --max step1=1 -- true; echo "exit $?"
$TRACEDIFF check --reference ref.jsonl ref.jsonl --max step1=1 --; echo "exit $?"
$TRACEDIFF check --reference ref.jsonl ref.jsonl --max step1=1 -- true; echo "exit $?")SH");
    EXPECT_EQ(r.out, "exit 2\nexit 2\nexit 2\nexit 2\nexit 2\n");
    EXPECT_EQ(r.err,
              "tracediff: error: --grace is how long a stopped command may take: give -- COMMAND\n"
              "tracediff: error: --idle-timeout ends a live check, whose traces are read as "
              "they are written: give --follow or -- COMMAND, or read a FIFO or standard input\n"
              "tracediff: error: check --reference REF needs one candidate trace, got 0\n"
              "tracediff: error: -- must be followed by the command to run, e.g. -- python "
              "train.py\nRun 'tracediff check --help' for usage.\n"
              "tracediff: error: ref.jsonl exists already: remove it first, so that the check "
              "reads only what the command writes\n");
}

TEST_F(LiveCli, FollowDecidesWhileTheFileGrows) {
    const Result r = bash(R"(ref 10
{ step 1 3; touch wrote1; step 2; wait_for checked; step 3 >> run.jsonl; touch wrote3; } >> run.jsonl &
$TRACEDIFF check --reference ref.jsonl run.jsonl --follow --ignore-header --max step1=1e-9 > /dev/null
rc=$?; [ -e wrote3 ] && echo "step 3 was written before the check ended"
echo "exit $rc"; touch checked; wait)");
    EXPECT_EQ(r.out, "exit 1\n") << r.err;
}

TEST_F(LiveCli, FollowedFileThatStopsGrowingEndsTheRun) {
    const Result r = bash(R"(ref 10; step 1 > run.jsonl
$TRACEDIFF check --reference ref.jsonl run.jsonl --follow --idle-timeout 0.3 --ignore-header --max step2=1 | tail -2
echo "exit ${PIPESTATUS[0]}")");
    EXPECT_EQ(r.out, R"(  note: the run ended before step2 was decided; last step seen: A 10, B 1
FAIL: the 1 criterion failed
exit 1
)") << r.err;
}

// A FIFO and standard input whose writer keeps them open without writing end at
// --idle-timeout, as a followed file does. The script writes step 1 into each and holds them
// open (read and write, so that the bytes are there before the check opens them); `timeout`
// ends a check that would wait for the writer.
TEST_F(LiveCli, FifoAndStdinThatStopGrowingEndTheRun) {
    const Result r = bash(R"SH(ref 10; mkfifo run.fifo in.fifo
exec 3<> run.fifo 4<> in.fifo; step 1 >&3; step 1 >&4
timeout 20 $TRACEDIFF check --reference ref.jsonl run.fifo --idle-timeout 0.3 --ignore-header --max step2=1 3>&- 4>&- | tail -2
echo "exit ${PIPESTATUS[0]}"
timeout 20 $TRACEDIFF check --reference ref.jsonl - --idle-timeout 0.3 --ignore-header --max step2=1 < in.fifo 3>&- 4>&- | tail -2
echo "exit ${PIPESTATUS[0]}")SH");
    EXPECT_EQ(r.out, R"(  note: the run ended before step2 was decided; last step seen: A 10, B 1
FAIL: the 1 criterion failed
exit 1
  note: the run ended before step2 was decided; last step seen: A 10, B 1
FAIL: the 1 criterion failed
exit 1
)") << r.err;
}

// A FIFO that no writer ever opens ends at the idle timeout too (opening it does not wait).
TEST_F(LiveCli, FifoThatNoWriterOpensEndsAtTheIdleTimeout) {
    const Result r = bash(R"SH(ref 10; mkfifo run.fifo
$TRACEDIFF check --reference ref.jsonl run.fifo --idle-timeout 0.3 --max step1=1; echo "exit $?")SH");
    EXPECT_EQ(r.out, "exit 2\n");
    EXPECT_EQ(r.err, "tracediff: error: run.fifo: no records: the file is empty\n");
}

// With a command, the command's exit ends the run on a FIFO too, although a process it left
// behind still holds the FIFO open: the check does not wait for that process, and stops it
// before it gets to `held`.
TEST_F(LiveCli, CommandExitEndsTheRunOnAFifoItsWorkerHoldsOpen) {
    const Result r = bash(k_group_alive + R"SH(
ref 3; mkfifo run.fifo
cat > train.sh <<'EOF'
echo $$ > pgid
exec 3> run.fifo
{ sleep 10; touch held; } &
for s in 1 2 3; do step $s >&3; done
EOF
export -f step
$TRACEDIFF check --reference ref.jsonl run.fifo --ignore-header --max median=0 -- bash train.sh | tail -1
echo "exit ${PIPESTATUS[0]}"; echo "alive $(alive "$(cat pgid)")"
[ -e held ] && echo "the check waited for the worker")SH");
    EXPECT_EQ(r.out, "PASS: the 1 criterion passed\nexit 0\nalive 0\n") << r.err;
}

TEST_F(LiveCli, CommandIsStoppedWhenACriterionFails) {
    const Result r = bash(k_group_alive + R"SH(
ref 10
cat > train.sh <<'EOF'
echo $$ > pgid
for s in $(seq 1 100); do step $s 2 >> run.jsonl; sleep 0.1 & wait; done
EOF
export -f step
$TRACEDIFF check --reference ref.jsonl run.jsonl --ignore-header --max step1=1e-9 -- bash train.sh | tail -2
echo "exit ${PIPESTATUS[0]}"; echo "alive $(alive "$(cat pgid)")")SH");
    EXPECT_EQ(r.out,
              R"(  note: stopping the command: SIGTERM to its process group, SIGKILL after 10 s
FAIL: the 1 criterion failed
exit 1
alive 0
)") << r.err;
}

TEST_F(LiveCli, CommandExitStatusIsReportedOnPass) {
    const Result r = bash(R"(ref 10
export -f step
$TRACEDIFF check --reference ref.jsonl run.jsonl --ignore-header --max step1=0 --junit junit.xml -- bash -c 'for s in 1 2 3; do step $s >> run.jsonl; done; exit 3' | times | tail -2
echo "exit ${PIPESTATUS[0]}"; grep -o 'failures="1"\|name="command">\|<failure .*' junit.xml)");
    EXPECT_EQ(r.out, R"(PASS  step1  Δ=0 <= 0 (decided at step 1 after T s)
FAIL: the 1 criterion passed, but the command (bash) exited with status 3
exit 3
failures="1"
failures="1"
name="command">
<failure message="the command (bash) exited with status 3" type="tracediff"/>
)") << r.err;
}

TEST_F(LiveCli, CtrlCStopsBothAndLeavesNothingBehind) {
    const Result r = bash(k_group_alive + R"SH(
ref 100; mkdir out
cat > train.sh <<'EOF'
echo $$ > pgid
for s in $(seq 1 300); do step $s >> run.jsonl; touch wrote$s; sleep 0.1 & wait; done
EOF
export -f step
$TRACEDIFF check --reference ref.jsonl run.jsonl --max median=1 --output out/report.txt \
  --junit out/junit.xml -- bash train.sh & pid=$!
wait_for wrote3; kill -INT $pid; wait $pid; echo "exit $?"
echo "alive $(alive "$(cat pgid)")"; ls -A out)SH");
    EXPECT_EQ(r.out, "exit 130\nalive 0\n") << r.err;
}

} // namespace
} // namespace tracediff
