#!/usr/bin/env bash
# run.sh - runs each libFuzzer harness for SECONDS, from its seed corpus, and
# reports executions and crashes per harness.
#
#   t/fuzz/run.sh SECONDS build/fuzz/fuzz_request build/fuzz/fuzz_config ...
#
# `make fuzz` runs it for FUZZ_SECONDS (60 by default), `make test` for a few
# seconds. Seeds: t/fuzz/corpus/NAME/ (kept in git, read only). New inputs
# the fuzzer finds go to build/fuzz/corpus/NAME/ (kept between runs, not in
# git); a crashing input is saved as build/fuzz/artifacts/NAME/crash-* and
# its report printed. UBSan findings are fatal (the harnesses are built with
# -fno-sanitize-recover=undefined, and halt_on_error here).
#
# One line per harness, `fuzz: NAME: N executions, N crashes`, then the
# closing line `fuzz: N passed, N failed` (a harness passes when it ran and
# found nothing). Exit status 1 when any failed.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."

seconds=${1:?usage: run.sh SECONDS HARNESS...}
shift

# Longest input per harness: a request (query, type, body), a config file,
# a FastCGI stream.
max_len() {
    case $1 in
    fuzz_request) echo 8192 ;;
    fuzz_config) echo 4096 ;;
    fuzz_fcgi) echo 16384 ;;
    *) echo 4096 ;;
    esac
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/t/fuzz/lsan.supp:print_suppressions=0}

passed=0
failed=0
for bin in "$@"; do
    name=$(basename "$bin")
    if [[ ! -x $bin ]]; then
        echo "fuzz: $name: not built ($bin)"
        failed=$((failed + 1))
        continue
    fi
    work=build/fuzz/corpus/$name
    artifacts=build/fuzz/artifacts/$name/
    mkdir -p "$work" "$artifacts"
    log=build/fuzz/$name.log
    seeds=()
    [[ -d t/fuzz/corpus/$name ]] && seeds=("t/fuzz/corpus/$name")
    "$bin" -max_total_time="$seconds" -max_len="$(max_len "$name")" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts" \
        "$work" "${seeds[@]}" >"$log" 2>&1
    status=$?
    execs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -n 1)
    crashes=0
    if [[ $status -ne 0 ]]; then
        crashes=1
        echo "----- $name failed (exit $status); the end of its log ($log):"
        grep -E -A 30 'ERROR: |runtime error:|==ERROR|deadly signal|Test unit written' "$log" | head -n 60
        echo "-----"
        failed=$((failed + 1))
    else
        passed=$((passed + 1))
    fi
    echo "fuzz: $name: ${execs:-0} executions, $crashes crashes (${seconds} s)"
done
echo "fuzz: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
