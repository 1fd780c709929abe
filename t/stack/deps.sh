#!/usr/bin/env bash
# deps.sh - make sure the Debian packages this project builds, tests and runs
# with are installed.
#
# Quiet when nothing is missing (it runs before every make test/run/bench).
# As root (CI, a fresh machine) it installs what is missing with apt-get;
# otherwise it prints the exact command to run and exits 1, because a build
# that fails later on a missing header explains itself much worse.
set -euo pipefail

# Each entry is "wanted-package[|alternative...]": the requirement is met
# when any alternative is installed; the first one is what we install.
REQUIREMENTS=(
    gcc
    make
    pkg-config
    libfcgi-dev
    libpq-dev
    libjson-c-dev
    libssl-dev
    libcrypt-dev
    libcmocka-dev
    # The server; Debian's metapackage or a versioned one (postgresql-15).
    "postgresql|postgresql-[0-9]*"
    # Any nginx flavour works: we only need the core http + fastcgi modules.
    "nginx-light|nginx|nginx-core|nginx-full|nginx-extras"
    wrk
    # Holds a system call of the pool at a chosen moment (t/e2e/pool/test_socket_start.py).
    strace
    curl
    # Apache httpd (binary and modules only: no service of its own is set
    # up), the second front end of the end-to-end tests (t/e2e/apache/).
    apache2-bin
    # systemd-analyze, which checks the service unit of `make install`, and
    # man + groff, which check the manual pages.
    systemd
    man-db
    groff-base
    python3
    # The tz database the pool converts dates with (timezone_value, the
    # users' own zones) and the time zone tests read.
    tzdata
    # The end-to-end harness validates every answer against the OpenAPI
    # document's schemas (t/e2e/harness.py).
    python3-jsonschema
    # psql, used to load the schema and by the end-to-end harness.
    "postgresql-client|postgresql-client-[0-9]*"
    # The fuzz harnesses (make fuzz, and a short run in make test): clang
    # and its libFuzzer/sanitizer runtimes (Debian 12: clang-14).
    "clang|clang-[0-9]*"
    "libclang-rt-14-dev|libclang-rt-[0-9]*-dev"
    # chamilo-fcgi-import and its tests: pgloader reads a Chamilo MariaDB or
    # MySQL database; the tests load the real dump into a scratch MariaDB.
    pgloader
    mariadb-server
    mariadb-client
    # make docs renders the API reference with @redocly/cli (npm ci, pinned
    # in docs/api/); its test opens the page in headless Chromium. Any
    # nodejs >= 18.17 does (Debian 12's, or NodeSource's, which bundles npm:
    # see the npm check below).
    nodejs
    chromium
    # chamilo-fcgi-follow (follower/): MariaDB's client library, whose
    # replication API (mariadb_rpl.h) reads the binlog.
    libmariadb-dev
)

# installed PATTERN: true when a package whose name matches the glob PATTERN
# is fully installed ("ii"). dpkg-query expands the glob itself.
installed() {
    local status
    status=$(dpkg-query -W -f='${db:Status-Abbrev}\n' "$1" 2>/dev/null || true)
    grep -q '^ii' <<<"$status"
}

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "deps.sh: dpkg-query not found: this script knows Debian (12) only." >&2
    echo "deps.sh: install by hand: ${REQUIREMENTS[*]//|*/}" >&2
    exit 1
fi

missing=()
for req in "${REQUIREMENTS[@]}"; do
    met=0
    IFS='|' read -r -a alternatives <<<"$req"
    for alt in "${alternatives[@]}"; do
        if installed "$alt"; then
            met=1
            break
        fi
    done
    if [[ $met -eq 0 ]]; then
        missing+=("${alternatives[0]}")
    fi
done

# Debian packages npm apart from nodejs; NodeSource's nodejs carries its own
# npm and conflicts with Debian's npm package: the command is what counts.
if ! command -v npm >/dev/null 2>&1; then
    missing+=(npm)
fi

if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
    echo "deps.sh: missing Debian packages: ${missing[*]}" >&2
    echo "deps.sh: install them with:" >&2
    echo "    sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi

echo "deps.sh: installing missing Debian packages: ${missing[*]}" >&2
# Non-interactive: CI has no terminal and no standard input.
export DEBIAN_FRONTEND=noninteractive
# apt-get.sh: apt-get, but waiting (and saying so once) while another
# package manager holds its locks, as a fresh machine's unattended upgrades
# do in its first minutes (APT_LOCK_WAIT seconds, 600 by default).
APT_GET=$(dirname "${BASH_SOURCE[0]}")/apt-get.sh
# The package lists of a fresh machine may be empty or stale; refresh them
# only now that an install is really needed (it is slow and needs the mirror).
"$APT_GET" update -qq
# Recommends are not needed (they pull in e.g. ssl-cert, sysstat, a mail
# agent); installing postgresql may start Debian's system cluster on port
# 5432, which this project never uses (it runs its own cluster per stack).
"$APT_GET" install -y -qq --no-install-recommends "${missing[@]}" >&2
# Check again: apt-get can succeed yet leave a package half-configured.
still=()
for pkg in "${missing[@]}"; do
    installed "$pkg" || still+=("$pkg")
done
if [[ ${#still[@]} -ne 0 ]]; then
    echo "deps.sh: still not installed after apt-get: ${still[*]}" >&2
    exit 1
fi
