#!/usr/bin/env bash
# Fuzzes one libFuzzer target of the fuzzing package Fuzz/ for a while, starting from its committed seed corpus.
#
# Usage: Scripts/fuzz.sh TARGET [SECONDS] [LIBFUZZER_FLAG...]
#
#   TARGET    an executable target of Fuzz/Package.swift whose main.swift defines LLVMFuzzerTestOneInput under
#             `#if FUZZING` (FuzzBase64URL, FuzzJSON, FuzzVerify, FuzzWebhook), seeded from Fuzz/Corpus/TARGET/ if it
#             exists
#   SECONDS   how long to fuzz; default 60, 0 for no time limit (then pass -runs=N)
#   further arguments go to libFuzzer unchanged, e.g. -runs=10000000, -max_len=9000, -seed=1
#
# It builds the target in release, with libFuzzer and AddressSanitizer, in the package Fuzz/ (which depends on the
# library by path) with its own scratch path Fuzz/.build-fuzz. SwiftPM's `--sanitize=fuzzer --sanitize=address` is what
# links libFuzzer's runtime and its `main` (`-Xswiftc -sanitize=fuzzer` alone does not link under SwiftPM: the link
# still looks for the target's own entry point). One addition matters: `-Xswiftc -sanitize=fuzzer,address`. SwiftPM
# passes `-sanitize=fuzzer -sanitize=address` as two options and the Swift 6.3 driver keeps only the last `-sanitize=`,
# so without the addition the Swift code gets AddressSanitizer but no coverage instrumentation and libFuzzer mutates
# blindly (its status lines show no `cov:` and the corpus never grows). Written as one option, both reach the compiler.
# It fuzzes a copy of the seed corpus in a temporary directory, so the committed corpus never changes, with
# -rss_limit_mb=1024 and -timeout=1 (an input taking over a second counts as a failure). The full log and any crash-,
# timeout-, oom- or leak- input go to fuzz-artifacts/TARGET/<time>/ at the root of the repository (ignored by git); when
# nothing was found only the log is kept, as fuzz-artifacts/TARGET/last-run.log. It prints libFuzzer's final stats and
# exits non-zero if libFuzzer reported a crash, timeout or OOM, or left an artifact.
#
# Replaying a corpus or a crash input without libFuzzer (what CI does, with a plain debug build in Fuzz/.build),
# from the root of the repository:
#   swift run --package-path Fuzz TARGET Fuzz/Corpus/TARGET
#   swift run --package-path Fuzz TARGET fuzz-artifacts/TARGET/<time>/crash-<sha1>
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $# -lt 1 || $1 == -* ]]; then
    # The header comment above is the usage text.
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2
    exit 2
fi
target=$1
seconds=${2:-60}
shift $(($# < 2 ? $# : 2))
if ! [[ $seconds =~ ^[0-9]+$ ]]; then
    echo "fuzz.sh: SECONDS must be a whole number, got '$seconds'" >&2
    exit 2
fi

build_flags=(--package-path Fuzz --scratch-path Fuzz/.build-fuzz -c release)
echo "fuzz.sh: building $target with -sanitize=fuzzer,address" >&2
swift build "${build_flags[@]}" --product "$target" --sanitize=fuzzer --sanitize=address \
    -Xswiftc -parse-as-library -Xswiftc -DFUZZING -Xswiftc -sanitize=fuzzer,address >&2
binary="$(swift build "${build_flags[@]}" --show-bin-path)/$target"

work=$(mktemp -d "${TMPDIR:-/tmp}/fuzz-$target.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
if [[ -d Fuzz/Corpus/$target ]]; then
    cp -R "Fuzz/Corpus/$target/." "$work/corpus/"
fi
seeds=$(find "$work/corpus" -type f | wc -l)

run_dir="fuzz-artifacts/$target/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$run_dir"
log="$run_dir/fuzz.log"
echo "fuzz.sh: fuzzing $target for ${seconds}s from $seeds seed inputs; log: $log" >&2

# The Swift runtime's own crash backtracer reads process memory in a way AddressSanitizer reports as a second,
# bogus error ("unknown-crash ... shadow gap"), burying the real one; libFuzzer prints the stack itself.
export SWIFT_BACKTRACE=enable=no
status=0
"$binary" -max_total_time="$seconds" -rss_limit_mb=1024 -timeout=1 -print_final_stats=1 \
    -artifact_prefix="$run_dir/" "$@" "$work/corpus" >"$log" 2>&1 || status=$?

artifacts=$(find "$run_dir" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \
    -o -name 'slow-unit-*' \) | wc -l)
if [[ $status -ne 0 || $artifacts -ne 0 ]]; then
    tail -n 80 "$log"
    echo "fuzz.sh: $target FAILED (libFuzzer exit status $status, $artifacts artifact(s) in $run_dir)" >&2
    exit 1
fi
grep -E '^(Done [0-9]+ runs|stat::)' "$log" || tail -n 5 "$log"
mv "$log" "fuzz-artifacts/$target/last-run.log"
rm -rf "$run_dir"
echo "fuzz.sh: $target passed: no crash, timeout or OOM" >&2
