#!/usr/bin/env bash
# run-all.sh - `make test`: the unit tests (binaries given as arguments),
# a short run of each fuzz harness (FUZZ_BIN, FUZZ_TEST_SECONDS each), then
# the end-to-end tests, then the import tests, then the live campus tests, then the totals.
#
#   BUILD=build FUZZ_BIN="build/fuzz/fuzz_a ..." t/run-all.sh build/t/test_a build/t/test_b ...
#
# Every suite always runs (a unit failure should not hide the e2e picture).
# The output ends with each suite's closing line and the grand total alone on its
# line, `N passed, N failed`, which CI reads. Exit status 1 if anything
# failed, or if a suite printed no closing line (it then counts as 1 failed).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT

# count SUITE FILE: "P F" from the suite's closing line, or "0 1" if missing.
count() {
    local line
    line=$(grep -E "^$1: [0-9]+ passed, [0-9]+ failed$" "$2" | tail -n 1 || true)
    if [[ -z $line ]]; then
        echo "0 1"
    else
        sed -E 's/^[a-z0-9]+: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/' <<<"$line"
    fi
}

echo "== unit tests"
unit_status=0
t/unit/run.sh "$@" 2>&1 | tee "$log" || unit_status=$?
read -r unit_p unit_f < <(count unit "$log")
[[ $unit_status -eq 0 || $unit_f -gt 0 ]] || unit_f=1
unit_line=$(printf 'unit: %d passed, %d failed' "$unit_p" "$unit_f")

echo "== fuzz harnesses (${FUZZ_TEST_SECONDS:-5} s each)"
fuzz_status=0
# shellcheck disable=SC2086 # a list of paths
t/fuzz/run.sh "${FUZZ_TEST_SECONDS:-5}" ${FUZZ_BIN:-} 2>&1 | tee "$log" || fuzz_status=$?
read -r fuzz_p fuzz_f < <(count fuzz "$log")
[[ $fuzz_status -eq 0 || $fuzz_f -gt 0 ]] || fuzz_f=1
fuzz_line=$(printf 'fuzz: %d passed, %d failed' "$fuzz_p" "$fuzz_f")

# The end-to-end suite runs once per php_types setting: the answers' JSON
# types differ (harness.php_int), everything else must not.
e2e_p=0 e2e_f=0
for types in 8 7.4; do
    echo "== end-to-end tests, php_types = $types"
    status=0
    # The Apache pass (run.sh) checks the front end, not the types: once.
    apache=${E2E_APACHE:-1}
    [[ $types == 8 ]] || apache=0
    PHP_TYPES=$types E2E_APACHE=$apache t/e2e/run.sh 2>&1 | tee "$log" || status=$?
    read -r p f < <(count e2e "$log")
    [[ $status -eq 0 || $f -gt 0 ]] || f=1
    e2e_p=$((e2e_p + p)) e2e_f=$((e2e_f + f))
done
e2e_line=$(printf 'e2e: %d passed, %d failed' "$e2e_p" "$e2e_f")

echo "== import tests"
import_status=0
t/import/run.sh 2>&1 | tee "$log" || import_status=$?
read -r import_p import_f < <(count import "$log")
[[ $import_status -eq 0 || $import_f -gt 0 ]] || import_f=1
import_line=$(printf 'import: %d passed, %d failed' "$import_p" "$import_f")

echo "== live campus tests"
live_status=0
t/live/run.sh 2>&1 | tee "$log" || live_status=$?
read -r live_p live_f < <(count live "$log")
[[ $live_status -eq 0 || $live_f -gt 0 ]] || live_f=1
live_line=$(printf 'live: %d passed, %d failed' "$live_p" "$live_f")

echo "=="
echo "$unit_line"
echo "$fuzz_line"
echo "$e2e_line"
echo "$import_line"
echo "$live_line"
echo "$((unit_p + fuzz_p + e2e_p + import_p + live_p)) passed, $((unit_f + fuzz_f + e2e_f + import_f + live_f)) failed"
[[ $((unit_f + fuzz_f + e2e_f + import_f + live_f)) -eq 0 ]]
