#!/bin/bash
# build-template.sh -- build (or reuse) the read-only Debian bookworm "machine template" for namespace machines.
#
#   Prints the template's rootfs path on stdout (logs and timings go to stderr).
#   Cache: ${TESTHOST_CACHE:-/var/tmp/berth-testhosts}/template-<hash>/{rootfs,busybox.tar}
#          <hash> = sha256 of this script, so editing it builds a new template; later runs reuse it.
#   Built in a temp dir and renamed into place when complete; flock serialises concurrent builders.
#   Mirror: $MIRROR, else the Debian mirror of the host's apt sources, else http://deb.debian.org/debian.
#   The template holds NO authorized key, NO ssh host keys and an empty machine-id: machine-up.sh adds
#   them per machine. It carries /opt/berth-test/busybox.tar, a busybox-static rootfs tarball that tests
#   `docker import` as berth-test/busybox:latest (no Docker Hub here).
#   Needs: root, debootstrap, apt-get (host), sha256sum, flock.
set -euo pipefail
umask 022

SUITE=bookworm
PACKAGES=systemd,systemd-sysv,dbus,openssh-server,iproute2,procps,kmod,sudo,curl,ca-certificates,iptables,docker.io,rsync
CACHE=${TESTHOST_CACHE:-/var/tmp/berth-testhosts}
SELF=$(readlink -f "${BASH_SOURCE[0]}")
HASH=$(sha256sum "$SELF" | cut -c1-12)
FINAL=$CACHE/template-$HASH
log() { echo "build-template: $*" >&2; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}'; }

T0=$(now)
if [ -d "$FINAL/rootfs" ]; then
  log "cached $FINAL ($(since "$T0") s)"
  echo "$FINAL/rootfs"; exit 0
fi
[ "$(id -u)" = 0 ] || { log "must run as root"; exit 1; }
command -v debootstrap >/dev/null || { log "debootstrap missing (run install-host-packages.sh)"; exit 1; }

mkdir -p "$CACHE"
exec 9>"$CACHE/template-$HASH.lock"
log "waiting for lock $CACHE/template-$HASH.lock"
flock -w 1800 9 || { log "timed out waiting for the template lock"; exit 1; }
if [ -d "$FINAL/rootfs" ]; then      # someone else built it while we waited
  log "cached $FINAL (built concurrently, $(since "$T0") s)"
  echo "$FINAL/rootfs"; exit 0
fi

# Unmount everything at or below $1 (deepest first), e.g. /proc left by a failed debootstrap.
umount_under() {
  awk -v p="$1" '$2==p || index($2, p"/")==1 {print $2}' /proc/self/mounts | sort -r |
    while read -r m; do umount -l "$m" 2>/dev/null || true; done
}
# Leftovers of crashed builds (we hold the lock, so nobody is building them).
for d in "$CACHE"/template-"$HASH".tmp.*; do
  [ -e "$d" ] || continue
  log "removing stale $d"; umount_under "$d"; rm -rf --one-file-system "$d"
done

TMP=$(mktemp -d "$CACHE/template-$HASH.tmp.XXXXXX")
cleanup() {
  if [ -n "${TMP:-}" ] && [ -e "$TMP" ]; then umount_under "$TMP"; rm -rf --one-file-system "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# --- mirror: $MIRROR, else the first host apt source serving "$SUITE" itself (not -security/-updates)
find_mirror() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    # one-line style: deb [opts] URI SUITE COMPONENTS...
    awk -v s="$SUITE" '$1=="deb" { i=2; if ($2 ~ /^\[/) { while (i<=NF && $i !~ /\]$/) i++; i++ }
                         if ($(i+1)==s) { print $i; exit } }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # deb822 style: paragraphs with Types:, URIs:, Suites:, Enabled:
    awk -v s="$SUITE" 'BEGIN{RS=""; FS="\n"} {
        types=""; uris=""; suites=""; enabled="yes"
        for (i=1;i<=NF;i++) { line=$i; if (line ~ /^#/) continue
          k=line; sub(/:.*/, "", k); v=line; sub(/^[^:]*:[ \t]*/, "", v); k=tolower(k)
          if (k=="types") types=v; else if (k=="uris") uris=v; else if (k=="suites") suites=v; else if (k=="enabled") enabled=tolower(v) }
        if (enabled=="no" || (" " types " ") !~ / deb /) next
        n=split(suites, ss, /[ \t]+/); for (j=1;j<=n;j++) if (ss[j]==s) { split(uris, us, /[ \t]+/); print us[1]; exit }
      }' "$f"
  done
}
if [ -z "${MIRROR:-}" ]; then MIRROR=$(find_mirror | head -n1); fi
MIRROR=${MIRROR:-http://deb.debian.org/debian}
log "building $FINAL (suite $SUITE, mirror $MIRROR)"

R=$TMP/rootfs
T1=$(now)
debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$R" "$MIRROR" >"$TMP/debootstrap.log" 2>&1 || {
  log "debootstrap failed; last lines of its log:"; tail -n 30 "$TMP/debootstrap.log" >&2; exit 1; }
log "debootstrap done in $(since "$T1") s"
umount_under "$R"                                      # debootstrap should have unmounted /proc,/sys; be sure

# --- customise (all offline)
chroot "$R" apt-get clean                              # drop the cached .debs (~40+ MB)
printf '#!/bin/sh\nexit 101\n' > "$R/usr/sbin/policy-rc.d"; chmod 755 "$R/usr/sbin/policy-rc.d"  # later chroot apt-get
chroot "$R" systemctl enable ssh.service docker.service containerd.service >/dev/null 2>&1 || true
# no consoles in a namespace machine; no apt timers (no network anyway)
chroot "$R" systemctl mask console-getty.service serial-getty@ttyS0.service getty@tty1.service \
  apt-daily.timer apt-daily-upgrade.timer >/dev/null 2>&1 || true
rm -f "$R"/etc/ssh/ssh_host_*                          # per machine (machine-up.sh)
: > "$R/etc/machine-id"                                 # per machine (machine-up.sh)
rm -f "$R/var/lib/dbus/machine-id"; mkdir -p "$R/var/lib/dbus"; ln -s /etc/machine-id "$R/var/lib/dbus/machine-id"
: > "$R/etc/resolv.conf"                                # no DNS inside machines => offline apt-get fails fast
echo berth-template > "$R/etc/hostname"
mkdir -p "$R/var/lib/docker" "$R/root/.ssh"; chmod 700 "$R/root" "$R/root/.ssh"
mkdir -p "$R/etc/ssh/sshd_config.d"
printf 'UseDNS no\nMaxStartups 100:30:200\nPermitRootLogin prohibit-password\n' > "$R/etc/ssh/sshd_config.d/berth-test.conf"
mkdir -p "$R/etc/systemd/journald.conf.d"
printf '[Journal]\nStorage=volatile\nRuntimeMaxUse=16M\n' > "$R/etc/systemd/journald.conf.d/berth-test.conf"

# --- tiny docker image: busybox-static rootfs as a tarball for `docker import`
T2=$(now)
BB=$TMP/busybox; mkdir -p "$BB/dl" "$BB/x" "$BB/img"
chown _apt "$BB/dl" 2>/dev/null || true                # apt-get download's sandbox user
if ! (cd "$BB/dl" && apt-get download busybox-static >"$BB/dl.log" 2>&1); then
  log "apt-get download busybox-static failed; running apt-get update and retrying"
  apt-get update >&2
  (cd "$BB/dl" && apt-get download busybox-static) >&2
fi
dpkg -x "$BB"/dl/busybox-static_*.deb "$BB/x"
I=$BB/img
mkdir -p "$I/bin" "$I/sbin" "$I/usr/bin" "$I/usr/sbin" "$I/etc" "$I/root" "$I/proc" "$I/sys" "$I/dev" "$I/tmp"
chmod 1777 "$I/tmp"
cp "$BB/x/bin/busybox" "$I/bin/busybox"
"$I/bin/busybox" --list-full | while read -r p; do
  [ "$p" = bin/busybox ] && continue
  mkdir -p "$I/$(dirname "$p")"; ln -sf /bin/busybox "$I/$p"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$I/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$I/etc/group"
tar --numeric-owner --owner=0 --group=0 -C "$I" -cf "$TMP/busybox.tar" .
mkdir -p "$R/opt/berth-test"; cp "$TMP/busybox.tar" "$R/opt/berth-test/busybox.tar"
rm -rf "$BB"
log "busybox image tarball ($(du -k "$TMP/busybox.tar" | cut -f1) KiB) in $(since "$T2") s"

echo "$HASH" > "$TMP/hash"; echo "$MIRROR" > "$TMP/mirror"; since "$T0" > "$TMP/build-seconds"
mv -T "$TMP" "$FINAL"                                   # atomic: the template appears complete or not at all
TMP=""
log "built $FINAL ($(du -sm "$FINAL" | cut -f1) MB) in $(since "$T0") s"

# --- prune templates of older versions of this script (~500 MB each) unless a running machine uses them
if [ -z "${TESTHOST_KEEP_OLD_TEMPLATES:-}" ]; then
  for d in "$CACHE"/template-*; do
    case $d in "$FINAL"|*.tmp.*|*.lock) continue ;; esac
    [ -d "$d/rootfs" ] || continue
    if grep -qsF "$d/rootfs" /proc/[0-9]*/mountinfo; then continue; fi   # an overlay lowerdir of a live machine
    log "pruning old template $d"; rm -rf --one-file-system "$d"; rm -f "$d.lock"
  done
fi
echo "$FINAL/rootfs"
