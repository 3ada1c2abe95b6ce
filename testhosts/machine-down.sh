#!/bin/bash
# machine-down.sh NAME  -- stop a namespace machine and remove everything it had: processes, cgroups,
#   netns bt-NAME, veth bh-N, slot N, and the machine dir. Works on half-started machines; idempotent
#   (a machine that is already gone is not an error).
#   MACHINE_DOWN_GRACE=S: first ask systemd to power off (SIGRTMIN+4 to the machine's PID 1) and wait up to
#   S seconds (default 0: the machine is thrown away, so SIGKILL its PID namespace at once).
set -uo pipefail
[ $# -eq 1 ] || { echo "usage: machine-down.sh NAME" >&2; exit 2; }
NAME=$1
[[ "$NAME" =~ ^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$ ]] || { echo "machine-down: bad name '$NAME'" >&2; exit 2; }
D=${TESTHOST_DIR:-/var/tmp/berth-testhosts}
M=$D/machines/$NAME
NS=bt-$NAME
GRACE=${MACHINE_DOWN_GRACE:-0}
log() { echo "machine-down[$NAME]: $*" >&2; }
alive() { [ -n "$1" ] && [ -d "/proc/$1" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
# is PID $1 the launcher of this machine (guards against a recycled PID)? Its argv holds "$M".
is_ours() { alive "$1" && tr '\0' '\n' < "/proc/$1/cmdline" 2>/dev/null | grep -qxF "$M"; }
wait_gone() {  # wait_gone PID TENTHS
  local i=0; while alive "$1" && [ $i -lt "$2" ]; do sleep 0.1; i=$((i+1)); done; ! alive "$1"
}
rc=0

N=$(cat "$M/index" 2>/dev/null || true)
LPID=$(cat "$M/launcher.pid" 2>/dev/null || true)

# --- processes: the launcher, its `unshare --kill-child` and the machine's PID 1; killing PID 1 kills its
#     PID namespace. The "down" mark keeps the launcher from booting the machine again (see machine-up.sh).
[ -d "$M" ] && : > "$M/down"
if [ -n "$LPID" ] && is_ours "$LPID"; then
  UNSHARE=$(awk '{print $1}' "/proc/$LPID/task/$LPID/children" 2>/dev/null || true)
  INIT=""
  [ -n "$UNSHARE" ] && INIT=$(awk '{print $1}' "/proc/$UNSHARE/task/$UNSHARE/children" 2>/dev/null || true)
  [ -n "$UNSHARE" ] && [ -z "$INIT" ] && INIT=$UNSHARE      # between boots: no PID 1 yet
  if [ -n "$INIT" ] && [ "$GRACE" != 0 ]; then
    kill -s RTMIN+4 "$INIT" 2>/dev/null                       # systemd: clean poweroff
    wait_gone "$LPID" $((GRACE * 10)) || log "no clean poweroff within $GRACE s; killing"
  fi
  kill -KILL "$LPID" 2>/dev/null                            # first, so it cannot boot it again
  [ -n "$INIT" ] && kill -KILL "$INIT" 2>/dev/null
  [ -n "$UNSHARE" ] && kill -KILL "$UNSHARE" 2>/dev/null
  wait_gone "$LPID" 100 || { log "launcher $LPID does not die"; rc=1; }
  [ -n "$INIT" ] && { wait_gone "$INIT" 100 || { log "init $INIT does not die"; rc=1; }; }
fi

# --- cgroups (deepest first); the PID namespace's processes may take a moment to leave them
if [ -f "$M/cgroups" ]; then
  while read -r cg; do
    [ -n "$cg" ] && [ -d "$cg" ] || continue
    for i in $(seq 1 50); do
      find "$cg" -depth -type d -exec rmdir {} \; 2>/dev/null
      [ -d "$cg" ] || break
      # anything still inside? (not ours to leave behind: kill it)
      find "$cg" -name cgroup.procs -exec cat {} + 2>/dev/null | xargs -r kill -KILL 2>/dev/null
      sleep 0.1
    done
    [ -d "$cg" ] && { log "cannot remove cgroup $cg"; rc=1; }
  done < <(tac "$M/cgroups")
fi

# --- network: host side veth (also deletes its peer), then the netns
if [ -n "$N" ] && ip link show "bh-$N" >/dev/null 2>&1; then ip link del "bh-$N" || rc=1; fi
if [ -e "/run/netns/$NS" ]; then ip netns del "$NS" || { log "cannot delete netns $NS"; rc=1; }; fi

# --- mounts (there should be none on the host: the machine's mounts lived in its own mount namespace)
if [ -d "$M" ]; then
  awk -v p="$M" '$2==p || index($2, p"/")==1 {print $2}' /proc/self/mounts | sort -r |
    while read -r m; do umount -l "$m" 2>/dev/null || { log "cannot unmount $m"; }; done
fi

# --- slot and machine dir
if [ -n "$N" ] && [ "$(readlink "$D/slots/$N" 2>/dev/null)" = "$NAME" ]; then rm -f "$D/slots/$N"; fi
for s in "$D"/slots/*; do   # a slot of ours without an index file (crash between claim and record)
  [ -L "$s" ] && [ "$(readlink "$s")" = "$NAME" ] && [ ! -f "$M/index" ] && rm -f "$s"
done
if [ -d "$M" ]; then rm -rf --one-file-system "$M" || { log "cannot remove $M"; rc=1; }; fi
exit $rc
