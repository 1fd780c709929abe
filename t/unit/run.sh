#!/usr/bin/env bash
# run.sh - runs the unit test binaries given as arguments (cmocka), shows
# their output, and closes with one line `unit: N passed, N failed`.
#
#   t/unit/run.sh build/t/test_arena build/t/test_strbuf ...
#
# Counts come from cmocka's own summary lines, "[  PASSED  ] N test(s)." and
# "[  FAILED  ] N test(s), listed below:" (one pair per group). A binary that
# crashes, is missing, or exits non-zero without reporting a failed test
# counts as one failed test more: it never went unnoticed.
# Run from the repo root, so tests can open fixture files by relative path.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."

# cmocka prints to stdout unless told otherwise; we parse that text.
export CMOCKA_MESSAGE_OUTPUT=STDOUT
unset CMOCKA_XML_FILE

passed=0
failed=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

for bin in "$@"; do
    name=$(basename "$bin")
    if [[ ! -x $bin ]]; then
        echo "unit: $bin: not found or not executable"
        failed=$((failed + 1))
        continue
    fi
    status=0
    # A test that hangs must not hang `make test`.
    timeout --kill-after=5 120 "$bin" >"$out" 2>&1 || status=$?
    cat "$out"
    p=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test(s)\..*/\1/p' "$out" | awk '{s += $1} END {print s + 0}')
    f=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test(s).*/\1/p' "$out" | awk '{s += $1} END {print s + 0}')
    if [[ $status -ne 0 && $f -eq 0 ]]; then
        if [[ $status -gt 128 ]]; then
            echo "unit: $name: killed by signal $((status - 128)) (crash, abort or timeout)"
        else
            echo "unit: $name: exit status $status"
        fi
        f=1
    elif [[ $status -eq 0 && $p -eq 0 && $f -eq 0 ]]; then
        echo "unit: $name: ran no test (no cmocka summary)"
    fi
    passed=$((passed + p))
    failed=$((failed + f))
done

echo "unit: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
