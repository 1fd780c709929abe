#!/usr/bin/env bash
# apt-get.sh - apt-get ARGS..., waiting for another package manager's locks
# instead of failing at once.
#
#   APT_LOCK_WAIT=600 t/stack/apt-get.sh install -y -qq PACKAGE...
#
# A fresh machine's unattended upgrades hold the dpkg lock (and the package
# lists' lock) in its first minutes; plain apt-get then stops with "E: Could
# not get lock ..." and status 100. This runs apt-get; while it fails on a
# lock, it says so once on stderr and tries again, for APT_LOCK_WAIT seconds
# (default 600) in all. apt-get itself waits for the dpkg lock
# (DPkg::Lock::Timeout); the other locks (apt-get update's lists, the
# download cache) are tried again every second. Any other failure, or a
# lock still held when the time is up, ends it with apt-get's own messages
# and status. apt-get runs with LC_ALL=C so that its lock message can be
# recognised.
set -euo pipefail

WAIT=${APT_LOCK_WAIT:-600}
if ! [[ $WAIT =~ ^[0-9]+$ ]]; then
    echo "apt-get.sh: APT_LOCK_WAIT must be a number of seconds, not '$WAIT'" >&2
    exit 2
fi

# apt-get's messages for a lock held by another process: "Could not get
# lock PATH. It is held by process N (NAME)" when it does not wait, "Unable
# to acquire the dpkg frontend lock (PATH)" when its own wait ran out.
LOCK_FAILURE='Could not get lock \|Unable to acquire the dpkg frontend lock'
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
deadline=$((SECONDS + WAIT))
# The first try fails at once on a lock (timeout 0, apt-get's default), so
# the wait is announced when it starts, not after it.
timeout=0
said=0
while true; do
    status=0
    LC_ALL=C apt-get -o "DPkg::Lock::Timeout=$timeout" "$@" 2>"$errors" || status=$?
    if ((status != 0)) && grep -q "$LOCK_FAILURE" "$errors" && ((SECONDS < deadline)); then
        if ((said == 0)); then
            echo "apt-get.sh: another package manager is at work ($(grep -m 1 "$LOCK_FAILURE" "$errors" |
                sed 's/^E: //')); waiting for it, up to ${WAIT}s" >&2
            said=1
        fi
        sleep 1
        timeout=$((deadline > SECONDS ? deadline - SECONDS : 0))
        continue
    fi
    cat "$errors" >&2
    exit "$status"
done
