#!/usr/bin/env bash
# Builds the libFuzzer targets (address sanitizer on) and runs each for a while, growing its
# corpus under Fuzz/Corpus/<target>/ from the seeds in Fuzz/Seeds/<target>/.
#
#   Fuzz/run.sh                 every target, 600 s each
#   Fuzz/run.sh FuzzCSV 60      one target for 60 s
#
# Leak detection is off: Foundation's FileManager.contents(atPath:) leaks a 4 KB buffer on an
# empty file (not ours; seen on swift 6.3.1).
#
# A crash leaves crash-*/timeout-*/oom-* files in Fuzz/Artifacts/: minimize one with
#   .build-fuzz/debug/FuzzCSV -minimize_crash=1 -runs=10000 Fuzz/Artifacts/crash-…
# and commit it as a regression input under Tests/BarometerExtractTests/Fuzz/Crashers/.
set -euo pipefail
cd "$(dirname "$0")"
targets=(FuzzCSV FuzzSurveyXact FuzzTripleS FuzzSpreadsheetML FuzzPipelineYAML)
if [[ $# -ge 1 ]]; then targets=("$1"); fi
seconds="${2:-600}"

for target in "${targets[@]}"; do
    swift build --package-path . --scratch-path ../.build-fuzz --product "$target" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -use-ld=lld
done
mkdir -p Artifacts
# At exit too: LeakSanitizer's final check would report Foundation's leak as a crash.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
for target in "${targets[@]}"; do
    mkdir -p "Corpus/$target"
    echo "== $target for ${seconds}s"
    # -timeout: ten seconds (an input takes milliseconds; the margin is for a busy machine); -rss_limit_mb bounds
    # memory so a blowup is reported rather than swapping.
    ../.build-fuzz/debug/"$target" "Corpus/$target" "Seeds/$target" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -detect_leaks=0 -artifact_prefix=Artifacts/ -print_final_stats=1 2>&1 | grep -E "^#[0-9]+.*(DONE|pulse)|stat::|ERROR|SUMMARY" || true
done
