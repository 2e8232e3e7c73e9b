// The live gate on trainers' standard output: a "trainer" prints its progress in the shape of
// Megatron-LM, torchtitan, nanoGPT, modded-nanogpt or MLPerf logging (or a text log read with
// --pattern), with a banner before its first step, into a FIFO; the check reads it line by line
// against the good run's log, read whole, and a wrong step-2 loss stops it at step 2, before
// the trainer prints step 3. As in live_check_test.cpp, no test measures time: the trainer
// waits for the check to end before it prints what the check must not wait for.
#include <gtest/gtest.h>

#include <string>

#include "live_cli.hpp"

namespace tracediff {
namespace {

using namespace live_cli;

// `line FORMAT STEP LOSS` prints one progress line of FORMAT; `banner FORMAT` what the trainer
// prints first; `trainer FORMAT LOSS2 [wait]` the banner and steps 1-3 with LOSS2 at step 2,
// pausing after step 2 until the check has ended when asked to.
const std::string k_trainers = R"SH(
line() {
  case "$1" in
  megatron-log) printf ' [2026-01-01 00:00:0%s] iteration %8s/      10 | consumed samples: %12s | elapsed time per iteration (ms): 141.2 | learning rate: 2.000000E-04 | global batch size:   128 | lm loss: %s | loss scale: 1.0 | grad norm: 1.156 | number of skipped iterations:   0 | number of nan iterations:   0 |\n' "$2" "$2" "$(($2 * 128))" "$(printf '%.6E' "$3")" ;;
  torchtitan-log) printf '[rank0]:[titan] 2025-03-04 10:11:0%s,345 - root - INFO - \033[31mstep: %2s  \033[32mloss: %7.4f  \033[33mgrad_norm:  1.1563  \033[96mmemory:  1.20GiB(3.45%%)  \033[34mtps: 2,234  \033[36mtflops: 1,234.50  \033[35mmfu: 12.34%%\033[39m\n' "$2" "$2" "$3" ;;
  nanogpt-log) printf 'iter %s: loss %.4f, time 13.34ms, mfu -100.00%%\n' "$2" "$3" ;;
  modded-nanogpt) printf 'step:%s/10 train_loss:%.4f train_time:%sms step_avg:1234.00ms\n' "$2" "$3" "$(($2 * 1234))" ;;
  mllog) printf ':::MLLOG {"namespace": "", "time_ms": 170000000001%s, "event_type": "POINT_IN_TIME", "key": "train_loss", "value": %s, "metadata": {"file": "train.py", "lineno": 88, "step_num": %s}}\n' "$2" "$3" "$2" ;;
  text) printf 'epoch 0 | step %s | loss %.4f\n' "$2" "$3" ;;
  esac
}
banner() {
  case "$1" in
  megatron-log) echo 'using world size: 1, data-parallel size: 1, tensor-model-parallel size: 1'
                echo '> building train, validation, and test datasets ...' ;;
  torchtitan-log) echo '[rank0]:[titan] 2025-03-04 10:11:00,000 - root - INFO - Training starts at step 1' ;;
  mllog) echo ':::MLLOG {"namespace": "", "time_ms": 1700000000000, "event_type": "INTERVAL_START", "key": "run_start", "value": null, "metadata": {"file": "train.py", "lineno": 88}}' ;;
  *) echo 'Overriding config with config/train.py:'; echo 'number of parameters: 0.03M' ;;
  esac
}
trainer() {
  banner "$1"; line "$1" 1 2.4580; line "$1" 2 "$2"
  if [ "$3" = wait ]; then wait_for checked; fi
  line "$1" 3 2.4105; touch wrote3
}
# gate FORMAT FIELD [CHECK OPTIONS...]: the good run's log as the reference, a run with a wrong
# step 2 through a FIFO.
gate() {
  format=$1; field=$2; shift 2
  trainer "$format" 2.5328 > ref.log; rm -f wrote3 checked run.fifo; mkfifo run.fifo
  trainer "$format" 2.9000 wait > run.fifo &
  $TRACEDIFF check --reference ref.log run.fifo --field "$field" --max step1=1e-9 --max step2=1e-9 "$@" | grep -E '^(PASS|FAIL|SKIP)  ' | times
  echo "exit ${PIPESTATUS[0]}"; [ -e wrote3 ] && echo "step 3 was printed before the check ended"
  touch checked; wait
}
)SH";

// command FORMAT FIELD [CHECK OPTIONS...]: the trainer as the command, its standard output the
// candidate ('-'); after a wrong step 2 it would train on (a worker beside it, step 3 after
// 30 s). What is left of its process group once check has exited is counted with ps, and the
// lines of its output echoed to standard error with the field's name are counted.
const std::string k_command = k_group_alive + R"SH(
cat > train.sh <<'TRAIN'
echo $$ > pgid
sleep 30 &
banner "$1"; line "$1" 1 2.4580; line "$1" 2 "$2"
sleep 30; line "$1" 3 2.4105; touch wrote3
TRAIN
export -f line banner
trap 'kill -KILL -- "-$(cat pgid)" 2>/dev/null' EXIT
command() {
  format=$1; field=$2; shift 2
  trainer "$format" 2.5328 > ref.log; rm -f wrote3
  $TRACEDIFF check --reference ref.log --field "$field" --max step1=1e-9 --max step2=1e-9 --grace 0.5 "$@" - -- bash train.sh "$format" 2.9000 2> echoed | grep -E '^(PASS|FAIL|SKIP)  |^check' | times
  echo "exit ${PIPESTATUS[0]}"; [ -e wrote3 ] && echo "step 3 was printed"
  echo "alive $(alive "$(cat pgid)")"; grep -c -e "$field" -e "loss" echoed
}
)SH";

class LiveStdout : public LiveCli {
protected:
    Result gate(const std::string& args) const { return bash(k_trainers + "gate " + args); }
    Result command(const std::string& args) const {
        return bash(k_trainers + k_command + "command " + args);
    }
};

std::string stopped_at_step2(const std::string& delta) {
    return "SKIP  header  neither trace has a header (--require-header makes this fail) (decided "
           "after T s)\n"
           "PASS  step1  Δ=0 <= 1e-09 (decided at step 1 after T s)\n"
           "FAIL  step2  Δ=" +
           delta +
           " > 1e-09 (decided at step 2 after T s)\n"
           "exit 1\n";
}

TEST_F(LiveStdout, MegatronLog) {
    const Result r = gate("megatron-log 'lm loss'");
    EXPECT_EQ(r.out, stopped_at_step2("3.67e-01")) << r.err;
}

TEST_F(LiveStdout, TorchtitanLog) {
    const Result r = gate("torchtitan-log loss");
    EXPECT_EQ(r.out, stopped_at_step2("3.67e-01")) << r.err;
}

TEST_F(LiveStdout, NanoGptLog) {
    const Result r = gate("nanogpt-log loss");
    EXPECT_EQ(r.out, stopped_at_step2("3.67e-01")) << r.err;
}

TEST_F(LiveStdout, ModdedNanoGptLog) {
    const Result r = gate("modded-nanogpt train_loss");
    EXPECT_EQ(r.out, stopped_at_step2("3.67e-01")) << r.err;
}

TEST_F(LiveStdout, MlperfLog) {
    const Result r = gate("mllog train_loss");
    EXPECT_EQ(r.out, stopped_at_step2("3.67e-01")) << r.err;
}

TEST_F(LiveStdout, TextLogWithAPattern) {
    const Result r = gate(R"(text loss --pattern 'step (?P<step>\d+) \| loss (?P<loss>\S+)')");
    EXPECT_EQ(r.out, stopped_at_step2("3.67e-01")) << r.err;
}

// --from names the format: the banner lines before the first step are skipped as in a whole
// file, and a format read whole only is refused before the run.
TEST_F(LiveStdout, FromNamesTheFormat) {
    Result r = gate("torchtitan-log loss --from torchtitan-log");
    EXPECT_EQ(r.out, stopped_at_step2("3.67e-01")) << r.err;
    r = bash("rm -f run.fifo; mkfifo run.fifo; echo '{\"step\": 1, \"loss\": 1}' > ref.jsonl\n"
             "$TRACEDIFF check --reference ref.jsonl run.fifo --from csv --max step1=1; "
             "echo \"exit $?\"");
    EXPECT_EQ(r.out, "exit 2\n");
    EXPECT_EQ(r.err, "tracediff: error: --from csv: csv logs are read whole from regular files; a "
                     "live check (standard input, a FIFO, --follow, -- COMMAND) reads JSON Lines, "
                     "TensorBoard event files, or a trainer's output: text with --pattern, "
                     "megatron-log, torchtitan-log, nanogpt-log, mllog\n");
}

// With -- COMMAND, the candidate '-' is the command's standard output, echoed to standard
// error: a wrong step-2 loss stops the trainer at step 2, and nothing of its group is left.
std::string command_stopped(const std::string& label, const std::string& delta) {
    return "check ref vs bash: " + label + "\n" + stopped_at_step2(delta) + "alive 0\n2\n";
}

TEST_F(LiveStdout, TheCommandsOutputOfEachFormat) {
    EXPECT_EQ(command("megatron-log 'lm loss'").out, command_stopped("lm loss", "3.67e-01"));
    EXPECT_EQ(command("torchtitan-log loss").out, command_stopped("loss", "3.67e-01"));
    EXPECT_EQ(command("nanogpt-log loss").out, command_stopped("loss", "3.67e-01"));
    EXPECT_EQ(command("modded-nanogpt train_loss").out, command_stopped("train_loss", "3.67e-01"));
    EXPECT_EQ(command("mllog train_loss").out, command_stopped("train_loss", "3.67e-01"));
    EXPECT_EQ(command(R"(text loss --pattern 'step (?P<step>\d+) \| loss (?P<loss>\S+)')").out,
              command_stopped("loss", "3.67e-01"));
}

} // namespace
} // namespace tracediff
