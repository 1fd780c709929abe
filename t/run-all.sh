#!/usr/bin/env bash
# run-all.sh - `make test`: the unit tests (binaries given as arguments),
# then the end-to-end tests, then the import tests, then the totals.
#
#   BUILD=build t/run-all.sh build/t/test_a build/t/test_b ...
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

echo "== end-to-end tests"
e2e_status=0
t/e2e/run.sh 2>&1 | tee "$log" || e2e_status=$?
read -r e2e_p e2e_f < <(count e2e "$log")
[[ $e2e_status -eq 0 || $e2e_f -gt 0 ]] || e2e_f=1
e2e_line=$(printf 'e2e: %d passed, %d failed' "$e2e_p" "$e2e_f")

echo "== import tests"
import_status=0
t/import/run.sh 2>&1 | tee "$log" || import_status=$?
read -r import_p import_f < <(count import "$log")
[[ $import_status -eq 0 || $import_f -gt 0 ]] || import_f=1
import_line=$(printf 'import: %d passed, %d failed' "$import_p" "$import_f")

echo "=="
echo "$unit_line"
echo "$e2e_line"
echo "$import_line"
echo "$((unit_p + e2e_p + import_p)) passed, $((unit_f + e2e_f + import_f)) failed"
[[ $((unit_f + e2e_f + import_f)) -eq 0 ]]
