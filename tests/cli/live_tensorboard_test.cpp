// The live gate on TensorBoard event files as they grow: whole records only (a record cut at
// the end waits for its rest), CRC-checked, and in a run folder an event file that appears later
// is followed too. The "trainer" appends events with a small Python writer (struct and a
// byte-wise CRC-32C of its own); as in live_check_test.cpp, no test measures time: the trainer
// waits for the check to end before it writes what the check must not wait for.
#include <gtest/gtest.h>

#include <string>

#include "live_cli.hpp"

namespace tracediff {
namespace {

using namespace live_cli;

// `ev FILE STEP LOSS [PART]` appends the event of STEP with the scalar loss to FILE: whole, or
// PART `head` (its first 20 bytes), `tail` (the rest), `badcrc` (a wrong data CRC). `golden`
// writes the reference: steps 1-4 with losses 1, 0.5, 0.25, 0.125.
const std::string k_writer = std::string(R"SH(
cat > ev.py <<'PY'
import struct, sys
sys.path.insert(0, ")SH") + TRACEDIFF_DATA_DIR +
                             R"SH(/formats")
from make_formats import event, record  # the test data's event-file writer
path, step, loss = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
part = sys.argv[4] if len(sys.argv) > 4 else "whole"
rec = record(event(step, [("loss", loss)], "simple"))
if part == "badcrc":
    rec = rec[:-4] + struct.pack("<I", struct.unpack("<I", rec[-4:])[0] ^ 1)
rec = rec[:20] if part == "head" else rec[20:] if part == "tail" else rec
with open(path, "ab") as f:
    f.write(rec)
PY
ev() { python3 ev.py "$@"; }
golden() { printf '{"step": %s, "loss": %s}\n' 1 1 2 0.5 3 0.25 4 0.125 > ref.jsonl; }
)SH";

class LiveTensorBoard : public LiveCli {
protected:
    Result run(const std::string& script) const { return bash(k_writer + script); }
};

TEST_F(LiveTensorBoard, ARecordWrittenInTwoPiecesIsReadOnceWhole) {
    // The check reads the first 20 bytes of step 2's record, waits for the rest, and reads the
    // record once it is whole: step2 passes with the value written.
    const Result r = run(R"SH(golden
$TRACEDIFF check --reference ref.jsonl run.tfevents --max step1=0 --max step2=0 --max step@3=0 -- sh -c '
  python3 ev.py run.tfevents 1 1; python3 ev.py run.tfevents 2 0.5 head; sleep 0.3
  python3 ev.py run.tfevents 2 0.5 tail; python3 ev.py run.tfevents 3 0.25' | times
echo "exit ${PIPESTATUS[0]}")SH");
    EXPECT_EQ(r.out, R"(check ref-jsonl vs run-tfevents: loss
  A  ref.jsonl
  B  run.tfevents
SKIP  header  neither trace has a header (--require-header makes this fail) (decided after T s)
PASS  step1  Δ=0 <= 0 (decided at step 1 after T s)
PASS  step2  Δ=0 <= 0 (decided at step 2 after T s)
PASS  step@3  Δ=0 <= 0 (decided at step 3 after T s)
PASS: all 3 criteria passed, 1 skipped
exit 0
)") << r.err;
}

TEST_F(LiveTensorBoard, AWrongStep2LossStopsTheRunBeforeStep3) {
    const Result r = run(R"SH(golden
$TRACEDIFF check --reference ref.jsonl run.tfevents --max step1=1e-9 --max step2=1e-9 -- sh -c '
  python3 ev.py run.tfevents 1 1; python3 ev.py run.tfevents 2 0.75
  for i in $(seq 1 200); do [ -e checked ] && break; sleep 0.1; done
  python3 ev.py run.tfevents 3 0.25; touch wrote3' | times
echo "exit ${PIPESTATUS[0]}"; [ -e wrote3 ] && echo "step 3 was written before the check ended"
touch checked)SH");
    EXPECT_EQ(r.out, R"(check ref-jsonl vs run-tfevents: loss
  A  ref.jsonl
  B  run.tfevents
SKIP  header  neither trace has a header (--require-header makes this fail) (decided after T s)
PASS  step1  Δ=0 <= 1e-09 (decided at step 1 after T s)
FAIL  step2  Δ=2.50e-01 > 1e-09 (decided at step 2 after T s)
  note: stopping the command: SIGTERM to its process group, SIGKILL after 10 s
FAIL: 1 of 2 criteria failed, 1 skipped
exit 1
)") << r.err;
}

TEST_F(LiveTensorBoard, AFollowedFileEndsWithTheWholeFileReadsWarningForACutRecord) {
    // --follow on a file another process appends to, until it has not grown for 1 s: the
    // record cut at the end is the whole-file read's warning. The records are made first, so
    // that appending them takes no Python start-up on a loaded machine.
    const Result r = run(R"SH(golden
ev part1 1 1; ev part2 2 0.5; ev part3 3 0.25 head
{ cat part1 > run.tfevents; sleep 0.2; cat part2 part3 >> run.tfevents; } &
$TRACEDIFF check --reference ref.jsonl run.tfevents --follow --idle-timeout 1 --max step1=0 --max median=1 2>&1 | times
echo "exit ${PIPESTATUS[0]}"; wait
$TRACEDIFF check --reference ref.jsonl run.tfevents --max step1=0 --max median=1 2>&1 >/dev/null)SH");
    const std::string warning = "tracediff: warning: run.tfevents: ignoring truncated final "
                                "record at byte offset 84 (20 of 42 bytes)\n";
    EXPECT_EQ(r.out, warning + R"(check ref-jsonl vs run-tfevents: loss
  A  ref.jsonl
  B  run.tfevents
SKIP  header  neither trace has a header (--require-header makes this fail) (decided after T s)
PASS  step1  Δ=0 <= 0 (decided at step 1 after T s)
FAIL  median  B (run.tfevents) lacks 2 of the reference's 4 steps: 3-4; over the 2 steps compared: Δ=0, within 1 (decided at step 4 after T s, at the end)
FAIL: 1 of 2 criteria failed, 1 skipped
exit 1
)" + warning)
        << r.err;
}

TEST_F(LiveTensorBoard, AnEventFileThatAppearsLaterInTheRunFolderIsFollowed) {
    // TensorBoard starts a new event file when a run resumes: the check follows the first until
    // the second appears, then the second, and stops the run at its wrong step 3.
    const Result r = run(R"SH(golden
$TRACEDIFF check --reference ref.jsonl run --max step1=0 --max step2=0 --max step@3=0 -- sh -c '
  mkdir run; python3 ev.py run/events.out.tfevents.1700000000.host.1.0 1 1
  python3 ev.py run/events.out.tfevents.1700000000.host.1.0 2 0.5; sleep 0.3
  python3 ev.py run/events.out.tfevents.1700000100.host.1.0 3 0.375
  for i in $(seq 1 200); do [ -e checked ] && break; sleep 0.1; done
  python3 ev.py run/events.out.tfevents.1700000100.host.1.0 4 0.125; touch wrote4' | times
echo "exit ${PIPESTATUS[0]}"; [ -e wrote4 ] && echo "step 4 was written before the check ended"
touch checked)SH");
    EXPECT_EQ(r.out, R"(check ref-jsonl vs run: loss
  A  ref.jsonl
  B  run
SKIP  header  neither trace has a header (--require-header makes this fail) (decided after T s)
PASS  step1  Δ=0 <= 0 (decided at step 1 after T s)
PASS  step2  Δ=0 <= 0 (decided at step 2 after T s)
FAIL  step@3  Δ=1.25e-01 > 0 (decided at step 3 after T s)
  note: stopping the command: SIGTERM to its process group, SIGKILL after 10 s
FAIL: 1 of 3 criteria failed, 1 skipped
exit 1
)") << r.err;
}

TEST_F(LiveTensorBoard, ACorruptRecordIsAnError) {
    const Result r = run(R"SH(golden
$TRACEDIFF check --reference ref.jsonl run.tfevents --max step1=0 --max step2=0 -- sh -c '
  python3 ev.py run.tfevents 1 1; python3 ev.py run.tfevents 2 0.5 badcrc; sleep 5'
echo "exit $?")SH");
    EXPECT_EQ(r.out, "exit 2\n");
    EXPECT_EQ(r.err, "tracediff: error: run.tfevents: record at byte offset 42: the CRC of its "
                     "data does not match (stored 0x5c7ca929, computed 0x5c7ca928): the file is "
                     "corrupt (the command (sh) was killed by signal 15 (Terminated))\n");
}

} // namespace
} // namespace tracediff
