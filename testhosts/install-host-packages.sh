#!/bin/sh
# install-host-packages.sh -- install the Debian host packages the test-host harness needs.
# Idempotent: does nothing (no apt-get update) when every package is already installed.
# Services of newly installed packages are NOT started (a temporary policy-rc.d): a host dockerd
# would turn on net.ipv4.ip_forward, which must stay 0 on the host.
set -eu
PKGS="openssh-server openssh-client debootstrap docker.io sshfs rsync iproute2"

missing=""
for p in $PKGS; do
  s=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$s" = installed ] || missing="$missing $p"
done
if [ -z "$missing" ]; then
  echo "install-host-packages: all present ($PKGS)" >&2
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "install-host-packages: missing:$missing -- run as root" >&2
  exit 1
fi

fwd_before=$(cat /proc/sys/net/ipv4/ip_forward)
created_policy=""
cleanup() {
  [ -n "$created_policy" ] && rm -f /usr/sbin/policy-rc.d
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  created_policy=1
fi

t0=$(date +%s)
echo "install-host-packages: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update >&2
# shellcheck disable=SC2086
apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends $PKGS >&2
echo "install-host-packages: done in $(( $(date +%s) - t0 )) s" >&2

fwd_after=$(cat /proc/sys/net/ipv4/ip_forward)
if [ "$fwd_after" != "$fwd_before" ]; then
  echo "install-host-packages: WARNING net.ipv4.ip_forward changed from $fwd_before to $fwd_after during install" >&2
  exit 1
fi
