#!/bin/bash
# machine-up.sh NAME N [TEMPLATE_ROOTFS]
#   Boots a throw-away Debian "namespace machine" (systemd as PID 1, sshd, dockerd) reachable from the host
#   at 10.200.N.1:22 (host side of the veth: 10.200.N.254). Returns once sshd answers (or fails after
#   MACHINE_UP_TIMEOUT seconds, default 60, and cleans up everything it made).
#
#   Root fs = overlayfs (upper/work under the machine dir) over the read-only template rootfs (from
#   build-template.sh unless given), /var/lib/docker = bind of a plain dir (overlay2 needs a non-overlay fs).
#   Per machine: ssh host keys (HOST_KEY_TYPES, default "ed25519 ecdsa"), /etc/machine-id, hostname, /root/.ssh/authorized_keys from AUTHORIZED_KEY
#   (the key text, or a path to a .pub file) or AUTHORIZED_KEY_FILE.
#
#   State: ${TESTHOST_DIR:-/var/tmp/berth-testhosts}/machines/NAME/{index,launcher.pid,init.pid,cgroups,owner,...}
#          (owner: $TESTHOST_OWNER if set, "PID STARTTIME" of the process the machine belongs to)
#          ${TESTHOST_DIR}/slots/N -> NAME  (symlink; created atomically, so N is claimed by one machine only)
#   Names: netns bt-NAME, veth bh-N (host) / bm-N (machine), cgroup berth-NAME (under this process's own cgroup).
#   Exit codes: 0 up, 2 usage, 3 slot N taken, 4 NAME exists, 1 anything else.
#   Needs: root, util-linux (unshare, nsenter, setsid, flock), iproute2, openssh-client (ssh-keygen).
set -euo pipefail
umask 022

HERE=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
log() { echo "machine-up[${NAME:-?}]: $*" >&2; }
usage() { echo "usage: machine-up.sh NAME N [TEMPLATE_ROOTFS]   (NAME: [a-z0-9-], <=32 chars; N: 1..250)" >&2; exit 2; }
[ $# -ge 2 ] || usage
NAME=$1 N=$2 TEMPLATE=${3:-${TEMPLATE:-}}
[[ "$NAME" =~ ^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$ ]] || usage
[[ "$N" =~ ^[1-9][0-9]{0,2}$ ]] && [ "$N" -le 250 ] || usage
[ "$(id -u)" = 0 ] || { log "must run as root"; exit 1; }

D=${TESTHOST_DIR:-/var/tmp/berth-testhosts}
M=$D/machines/$NAME
NS=bt-$NAME VH=bh-$N VM=bm-$N
IP=10.200.$N.1 HIP=10.200.$N.254
TIMEOUT=${MACHINE_UP_TIMEOUT:-60}
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.2f", b-a}'; }
T0=$(now)

if [ -z "$TEMPLATE" ]; then TEMPLATE=$(bash "$HERE/build-template.sh"); fi
[ -x "$TEMPLATE/lib/systemd/systemd" ] || { log "not a template rootfs: $TEMPLATE"; exit 1; }
TEMPLATE=$(readlink -f "$TEMPLATE")

KEY=""
if [ -n "${AUTHORIZED_KEY_FILE:-}" ]; then KEY=$(cat "$AUTHORIZED_KEY_FILE")
elif [ -n "${AUTHORIZED_KEY:-}" ]; then
  if [ -f "$AUTHORIZED_KEY" ]; then KEY=$(cat "$AUTHORIZED_KEY"); else KEY=$AUTHORIZED_KEY; fi
fi
[ -n "$KEY" ] || log "warning: no AUTHORIZED_KEY given: nobody can log in over ssh (machineExec still works)"

FWD0=$(cat /proc/sys/net/ipv4/ip_forward)

# --- claim NAME (atomic mkdir) and slot N (atomic symlink slots/N -> NAME)
mkdir -p "$D/machines" "$D/slots"
if ! mkdir "$M" 2>/dev/null; then log "machine $NAME already exists ($M)"; exit 4; fi
if ! ln -sT "$NAME" "$D/slots/$N" 2>/dev/null; then
  rmdir "$M"; log "slot $N is taken (by $(readlink "$D/slots/$N" 2>/dev/null || echo '?'))"; exit 3
fi
# refuse to shadow a real network or a machine of another TESTHOST_DIR: nothing may route 10.200.N.0/24 yet
if r=$(ip -4 route show table all to match "$IP" 2>/dev/null | grep -Ev '^(default|local|broadcast) ' | head -n1) && [ -n "$r" ]; then
  rm -f "$D/slots/$N"; rmdir "$M"
  log "slot $N: 10.200.$N.0/24 is already routed on this host ($r)"; exit 3
fi
echo "$N" > "$M/index"          # from here on machine-down.sh owns the cleanup of everything below
OK=""
on_exit() {
  local rc=$?
  if [ -z "$OK" ]; then
    log "failed (exit $rc) after $(since "$T0") s; cleaning up"
    if [ -s "$M/launcher.log" ]; then log "launcher log:"; tail -n 20 "$M/launcher.log" >&2 || true; fi
    MACHINE_DOWN_GRACE=0 bash "$HERE/machine-down.sh" "$NAME" >&2 || true
  fi
  local fwd; fwd=$(cat /proc/sys/net/ipv4/ip_forward)
  if [ "$fwd" != "$FWD0" ]; then log "WARNING: host net.ipv4.ip_forward changed from $FWD0 to $fwd"; fi
}
trap on_exit EXIT
trap 'exit 130' INT TERM HUP
trap ':' PIPE                     # a caller that went away must not stop us half-way
echo "$TEMPLATE" > "$M/template"
if [ -n "${TESTHOST_OWNER:-}" ]; then echo "$TESTHOST_OWNER" > "$M/owner"; fi   # "PID STARTTIME" of the test process
echo "$IP" > "$M/ip"

# --- network: netns + veth; no default route inside => no egress from the machine
ip netns add "$NS"
ip link add "$VH" type veth peer name "$VM" netns "$NS"
sysctl -qw "net.ipv6.conf.$VH.disable_ipv6=1" 2>/dev/null || true   # no link-local v6 chatter on the veth
ip addr add "$HIP/24" dev "$VH"
ip link set "$VH" up
nsenter --net="/run/netns/$NS" sysctl -qw "net.ipv6.conf.$VM.disable_ipv6=1" 2>/dev/null || true
ip -n "$NS" link set lo up
ip -n "$NS" addr add "$IP/24" dev "$VM"
ip -n "$NS" link set "$VM" up

# --- per-machine files in the overlay's upper dir (before it is mounted)
U=$M/upper
mkdir -p "$U" "$M/work" "$M/root" "$M/docker"
mkdir -p "$U/etc/ssh" "$U/root/.ssh"
chmod 700 "$U/root" "$U/root/.ssh"
echo "$NAME" > "$U/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 %s\n%s %s\n::1 localhost ip6-localhost ip6-loopback\n' "$NAME" "$IP" "$NAME" > "$U/etc/hosts"
tr -d - < /proc/sys/kernel/random/uuid > "$U/etc/machine-id"
# fresh host keys. Default ed25519+ecdsa (milliseconds); RSA costs 0.4-4 s of prime search on a busy
# 2-core host, so only when asked: HOST_KEY_TYPES="ed25519 ecdsa rsa".
: > "$U/etc/ssh/sshd_config.d.tmp"
for t in ${HOST_KEY_TYPES:-ed25519 ecdsa}; do
  case $t in ed25519|ecdsa|rsa) ;; *) log "bad HOST_KEY_TYPES entry '$t' (ed25519, ecdsa, rsa)"; exit 1 ;; esac
  ssh-keygen -q -t "$t" -N '' -C "root@$NAME" -f "$U/etc/ssh/ssh_host_${t}_key" >/dev/null
  echo "HostKey /etc/ssh/ssh_host_${t}_key" >> "$U/etc/ssh/sshd_config.d.tmp"
done
mkdir -p "$U/etc/ssh/sshd_config.d"
mv "$U/etc/ssh/sshd_config.d.tmp" "$U/etc/ssh/sshd_config.d/berth-hostkeys.conf"   # only the keys we made
if [ -n "$KEY" ]; then printf '%s\n' "$KEY" > "$U/root/.ssh/authorized_keys"; chmod 600 "$U/root/.ssh/authorized_keys"; fi

# --- cgroups: a berth-NAME child of our own cgroup in every hierarchy; the launcher moves in, and the
#     machine's cgroup namespace (unshare --cgroup) makes it the machine's root cgroup.
CG=/sys/fs/cgroup
CGMOUNTS=""                                   # "type dir options" lines the machine mounts for itself
: > "$M/cgroups"
add_cgroup() {                                # add_cgroup HOSTDIR
  mkdir -p "$1"; echo "$1" >> "$M/cgroups"
}
if [ "$(stat -fc %T "$CG")" = cgroup2fs ]; then
  # pure cgroup v2 host (untested on this kind of machine): berth-NAME at the root, where controllers are enabled
  add_cgroup "$CG/berth-$NAME"
  CGMOUNTS="cgroup2 . -"
else
  ctrl_names=" $(awk 'NR>1{printf "%s ", $1}' /proc/cgroups)"
  while read -r mp root fstype superopts; do
    sub=${mp#"$CG"/}
    [[ "$sub" != */* ]] || continue
    if [ "$fstype" = cgroup2 ]; then
      path=$(awk -F: '$1=="0"{print $3}' /proc/self/cgroup)
      opts=-
    else
      opts=""
      for o in ${superopts//,/ }; do
        if [[ "$o" == name=* ]] || [[ "$ctrl_names" == *" $o "* ]]; then opts=${opts:+$opts,}$o; fi
      done
      [ -n "$opts" ] || continue
      want=$(tr , '\n' <<<"$opts" | sort | paste -sd,)
      path=$(awk -F: -v w="$want" '{ n=split($2,a,","); s=""; for(i=1;i<=n;i++) b[i]=a[i];
               # sort the controllers of this line
               for(i=1;i<=n;i++) for(j=i+1;j<=n;j++) if (b[j]<b[i]) { t=b[i]; b[i]=b[j]; b[j]=t }
               for(i=1;i<=n;i++) s=s (i>1?",":"") b[i]; if (s==w) { print $3; exit } }' /proc/self/cgroup)
    fi
    [ -n "$path" ] || { log "cannot find our cgroup in $mp"; exit 1; }
    rel=${path#"$root"}; rel=${rel#/}
    dir=$mp${rel:+/$rel}/berth-$NAME
    add_cgroup "$dir"
    if [ "$fstype" != cgroup2 ] && [[ ",$opts," == *,cpuset,* ]]; then
      cat "$(dirname "$dir")/cpuset.cpus" > "$dir/cpuset.cpus"; cat "$(dirname "$dir")/cpuset.mems" > "$dir/cpuset.mems"
    fi
    CGMOUNTS+="$fstype $sub $opts"$'\n'
  done < <(awk '{ for (i=7; $i!="-"; i++); print $5, $4, $(i+1), $(i+3) }' /proc/self/mountinfo |
           awk -v cg="$CG" 'index($1, cg"/")==1 && ($3=="cgroup" || $3=="cgroup2")')
  # symlinks such as cpu -> cpu,cpuacct on hosts that co-mount controllers
  for l in "$CG"/*; do [ -L "$l" ] && CGMOUNTS+="link ${l#"$CG"/} $(readlink "$l")"$'\n'; done
fi
CGPROCS=$(sed 's#$#/cgroup.procs#' "$M/cgroups" | paste -sd' ')

# --- the machine's PID 1 setup, run inside the new namespaces (args: M NAME TEMPLATE CGMOUNTS)
INNER=$(cat <<'EOF'
set -e
M=$1 NAME=$2 TEMPLATE=$3 CGMOUNTS=$4
mount --make-rprivate /
mount -t overlay overlay -o "lowerdir=$TEMPLATE,upperdir=$M/upper,workdir=$M/work" "$M/root"
mount --bind "$M/docker" "$M/root/var/lib/docker"
hostname "$NAME"
cd "$M/root"; mkdir -p .oldroot; pivot_root . .oldroot; cd /
mount -t proc proc /proc
umount -l /.oldroot; rmdir /.oldroot
mount -t sysfs sysfs /sys
mount -t tmpfs -o mode=755 cgroup /sys/fs/cgroup
printf '%s' "$CGMOUNTS" | while read -r t d o; do
  [ -n "$t" ] || continue
  case $t in
    cgroup2) if [ "$d" = . ]; then mount -t cgroup2 cgroup2 /sys/fs/cgroup; else mkdir -p "/sys/fs/cgroup/$d"; mount -t cgroup2 cgroup2 "/sys/fs/cgroup/$d"; fi ;;
    cgroup)  mkdir -p "/sys/fs/cgroup/$d"; mount -t cgroup -o "$o" cgroup "/sys/fs/cgroup/$d" ;;
    link)    ln -s "$o" "/sys/fs/cgroup/$d" ;;
  esac
done
mount -t tmpfs -o mode=755,size=65536k tmpfs /dev
mknod -m 666 /dev/null c 1 3; mknod -m 666 /dev/zero c 1 5; mknod -m 666 /dev/full c 1 7
mknod -m 666 /dev/random c 1 8; mknod -m 666 /dev/urandom c 1 9; mknod -m 666 /dev/tty c 5 0
mknod -m 666 /dev/fuse c 10 229; mkdir -p /dev/net; mknod -m 666 /dev/net/tun c 10 200
touch /dev/console; mount --bind /dev/null /dev/console
ln -s /proc/self/fd /dev/fd; ln -s /proc/self/fd/0 /dev/stdin; ln -s /proc/self/fd/1 /dev/stdout; ln -s /proc/self/fd/2 /dev/stderr
mkdir -p /dev/pts /dev/shm /dev/mqueue
mount -t devpts -o newinstance,ptmxmode=0666,mode=620,gid=5 devpts /dev/pts; ln -s pts/ptmx /dev/ptmx
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
exec env -i container=berth-testhost /lib/systemd/systemd
EOF
)

# --- launch: setsid so the machine outlives this script and ignores the caller's terminal; the launcher
#     (bash -> nsenter -> unshare, one PID) records its PID, joins the cgroups, enters the netns, and
#     `unshare --fork --kill-child` makes the inner script PID 1. The launcher stays as the parent of that
#     unshare and plays the machine's firmware: `reboot` inside a PID namespace ends its PID 1 with SIGHUP
#     (poweroff/halt: SIGINT), so on SIGHUP it boots the machine again (same disk, network and keys) and
#     on anything else it exits. Killing the unshare (or the launcher, then the unshare) kills the machine.
setsid bash -c '
  M=$1 NS=$2 CGPROCS=$3 TEMPLATE=$4 CGMOUNTS=$5 INNER=$6 NAME=$7
  echo $$ > "$M/launcher.pid"
  for f in $CGPROCS; do echo $$ > "$f"; done
  boots=0
  while :; do
    boots=$((boots + 1)); echo "$boots" > "$M/boots"
    nsenter --net="/run/netns/$NS" unshare --mount --uts --pid --ipc --cgroup --fork --kill-child \
      --propagation private sh -c "$INNER" machine-init "$M" "$NAME" "$TEMPLATE" "$CGMOUNTS"
    rc=$?
    [ "$rc" = 129 ] && [ ! -e "$M/down" ] || exit "$rc"
    echo "machine rebooted (boot $boots ended with SIGHUP); booting again" >&2
  done
' berth-launcher "$M" "$NS" "$CGPROCS" "$TEMPLATE" "$CGMOUNTS" "$INNER" "$NAME" </dev/null >"$M/launcher.log" 2>&1 &
disown $!                                      # not our job: no "Killed" notice when machine-down kills it

# --- wait for sshd's banner on 10.200.N.1:22
deadline=$(awk -v t="$(now)" -v s="$TIMEOUT" 'BEGIN{printf "%d", t+s}')
LPID=""
while :; do
  [ -z "$LPID" ] && [ -s "$M/launcher.pid" ] && LPID=$(cat "$M/launcher.pid")
  if [ -n "$LPID" ] && ! kill -0 "$LPID" 2>/dev/null; then log "the machine exited during boot"; exit 1; fi
  if banner=$(timeout 1 bash -c 'exec 3<>"/dev/tcp/$0/22" && head -c 4 <&3' "$IP" 2>/dev/null) && [ "$banner" = SSH- ]; then break; fi
  if [ "$(date +%s)" -ge "$deadline" ]; then log "timed out after $TIMEOUT s waiting for ssh on $IP:22"; exit 1; fi
  sleep 0.1
done
UNSHARE=$(awk '{print $1}' "/proc/$LPID/task/$LPID/children" 2>/dev/null)
INIT=$(awk '{print $1}' "/proc/$UNSHARE/task/$UNSHARE/children" 2>/dev/null)
echo "$INIT" > "$M/init.pid"
OK=1
log "up: ssh root@$IP (launcher $LPID, init $INIT) in $(since "$T0") s"
printf 'name=%s\nindex=%s\nip=%s\nhostIp=%s\nlauncherPid=%s\ninitPid=%s\n' "$NAME" "$N" "$IP" "$HIP" "$LPID" "$INIT"
