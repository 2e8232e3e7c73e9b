// The live gate against the whole-file check: what a live decision rests on, what a command
// that fails or is interrupted leaves behind, and what the reports say about it. Orders of
// events are shown with marker files, never with timings.
#include <gtest/gtest.h>

#include <string>

#include "live_cli.hpp"

namespace tracediff {
namespace {

using namespace live_cli;

// A golden reference of every 5th step up to 95, a run of steps 1..100 and --steps 1-100:
// the whole-file check passes, and so does the live one, without stopping the trainer.
TEST_F(LiveCli, SparseReferenceShorterThanTheRangePassesAndLetsTheCommandRun) {
    const Result r = bash(R"SH(for s in $(seq 5 5 95); do step $s 1; done > golden.jsonl
export -f step
$TRACEDIFF check --reference golden.jsonl run.jsonl --ignore-header --mode strict --max step1=1e-6 \
  --steps 1-100 -- bash -c 'for s in $(seq 1 100); do step $s 1 >> run.jsonl; done; touch finished' | times
echo "exit ${PIPESTATUS[0]}"; [ -e finished ] && echo "the command finished")SH");
    EXPECT_EQ(r.out, R"(check golden vs run: loss, steps 1-100
  A  golden.jsonl
  B  run.jsonl
PASS  step1  Δ=0 <= 1e-06 (step 5) (decided at step 5 after T s)
PASS  strict loss  all 19 steps within tolerance (atol=0.0001, rtol=0.001) (decided at step 95 after T s)
PASS: all 2 criteria passed
exit 0
the command finished
)") << r.err;
}

// Ctrl-C with a trainer that ignores SIGTERM: it is killed after --grace, before check exits.
TEST_F(LiveCli, CtrlCKillsACommandThatIgnoresSigterm) {
    const Result r = bash(k_group_alive + R"SH(
ref 100
cat > train.sh <<'EOF'
trap '' TERM; echo $$ > pgid
for s in $(seq 1 300); do step $s >> run.jsonl; touch wrote$s; sleep 0.1 & wait; done
EOF
export -f step
$TRACEDIFF check --reference ref.jsonl run.jsonl --max median=1 --grace 0.3 -- bash train.sh & pid=$!
wait_for wrote3; kill -INT $pid; wait $pid; echo "exit $?"
echo "alive $(alive "$(cat pgid)")")SH");
    EXPECT_EQ(r.out, "exit 130\nalive 0\n") << r.err;
}

// A report written over the trace the command is to write is refused like one over an input.
TEST_F(LiveCli, ReportOverATraceStillToBeWrittenIsRefused) {
    const Result r = bash(R"SH(ref 3; mkdir sub
$TRACEDIFF check --reference ref.jsonl run.jsonl --max step1=1 -o run.jsonl -- touch ran1; echo "exit $?"
$TRACEDIFF check --reference ref.jsonl run.jsonl --max step1=1 --junit sub/../run.jsonl -- touch ran2; echo "exit $?"
ls ran1 ran2 run.jsonl 2>/dev/null | wc -l)SH");
    EXPECT_EQ(r.out, "exit 2\nexit 2\n0\n");
    EXPECT_EQ(r.err,
              "tracediff: error: refusing to write the report over the input file 'run.jsonl'\n"
              "tracediff: error: refusing to write the report over the input file 'run.jsonl'\n");
}

// A command that fails after a passed gate fails the check in every report.
TEST_F(LiveCli, CommandFailingAfterAPassShowsInTheJsonReport) {
    const Result r = bash(R"(ref 10
export -f step
$TRACEDIFF check --reference ref.jsonl run.jsonl --ignore-header --max step1=0 --format json -- bash -c 'for s in 1 2 3; do step $s >> run.jsonl; done; exit 3' > out.json
echo "exit $?"; grep '"passed": false\|"message": "the command' out.json)");
    EXPECT_EQ(r.out, R"(exit 3
      "passed": false,
        "passed": false,
        "message": "the command (bash) exited with status 3"
  "passed": false
)") << r.err;
}

// A command that crashes before the criteria are decided: the report names its status. The
// reference ends at step 2, so that step2 is decided only once both traces have ended, whatever
// the order their reader threads run in (with a longer reference, the reference's reader may
// come after the command's end and be seen up to step 3 only).
TEST_F(LiveCli, CommandCrashingBeforeADecisionNamesItsStatus) {
    const Result r = bash(R"(ref 2
export -f step
$TRACEDIFF check --reference ref.jsonl run.jsonl --ignore-header --max step2=1 -- bash -c 'step 1 >> run.jsonl; kill -SEGV $$' | tail -3
echo "exit ${PIPESTATUS[0]}")");
    EXPECT_EQ(r.out, R"(  note: the run ended before step2 was decided; last step seen: A 2, B 1
  note: the command (bash) was killed by signal 11 (Segmentation fault)
FAIL: the 1 criterion failed
exit 1
)") << r.err;
}

// With --reference, step@N of a step the reference lacks: not "missing from both" when the
// candidate has it.
TEST_F(LiveCli, StepAtANonReferenceStepSaysSo) {
    const Result r = bash(R"(for s in 5 10; do step $s; done > golden.jsonl; ref 12
$TRACEDIFF check --reference golden.jsonl ref.jsonl --ignore-header --max step@7=1 | sed -n 4p
cat ref.jsonl | $TRACEDIFF check --reference golden.jsonl - --ignore-header --max step@7=1 | times | sed -n 4p)");
    EXPECT_EQ(
        r.out,
        R"(FAIL  step@7  step 7 is not a reference step: the reference A (golden.jsonl) has no step 7
FAIL  step@7  step 7 is not a reference step: the reference A (golden.jsonl) has no step 7 (decided at step 7 after T s)
)") << r.err;
}

} // namespace
} // namespace tracediff
