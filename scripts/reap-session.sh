# Sourced by the long harness scripts: `reap` stops every process still in the run's session
# ($session, the pid of the `setsid` that started it), by pid: TERM, then KILL.
session=""
reap() {
  [ -n "$session" ] || return 0
  local pids
  pids=$(ps -o pid= -s "$session" 2>/dev/null | tr '\n' ' ' || true)  # ps exits 1 when none is left
  [ -n "${pids// }" ] || return 0
  kill -TERM $pids 2>/dev/null || true
  sleep 2
  pids=$(ps -o pid= -s "$session" 2>/dev/null | tr '\n' ' ' || true)  # ps exits 1 when none is left
  [ -n "${pids// }" ] && kill -KILL $pids 2>/dev/null || true
}
