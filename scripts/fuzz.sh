#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ and runs each for a while from a copy of its seed corpus.
#
#   scripts/fuzz.sh [--seconds N] [--keep-going] [--asan] [target…]
#                                 run each target N seconds (default 20; every target). --keep-going
#                                 fuzzes on after a crash (libFuzzer's -fork=1 -ignore_crashes=1) and
#                                 groups the crashes it found by trap site. --asan also builds with
#                                 AddressSanitizer (-sanitize=fuzzer,address, into Fuzz/.build-asan;
#                                 ~20× fewer executions a second, leak checks off)
#   scripts/fuzz.sh [--seconds N] --minimize TARGET FILE
#                                 minimise a crashing input (-minimize_crash=1) for N seconds (default 120)
#   scripts/fuzz.sh --reproduce TARGET FILE        run one input once (prints the trap and its stack)
#
# Targets: csv, idx, config, store, cli, gif, webp (Fuzz/Sources/Fuzz*/main.swift say what each feeds where;
# gif and webp are differential: our encoders against giflib and libwebp).
# The committed seeds in Fuzz/corpus/TARGET are copied to a scratch corpus under Fuzz/.build-fuzz/,
# which is laid anew on every run; new inputs and crash files land there, never in Fuzz/corpus.
# Fuzz/dictionaries/TARGET.dict, where there is one, gives libFuzzer the target's keys and flags.
# Prints, per target, the executions, the coverage and whether it crashed (with the crashing input);
# exits 1 if any target crashed, 2 on a usage or build error.
#
# Mechanism: `swift build -Xswiftc -sanitize=fuzzer` instruments every Swift module (the root
# package's, GRDB's, ArgumentParser's) and links libFuzzer from the Swift toolchain's own
# compiler-rt; no Debian clang runtime is needed. The link must use the toolchain's ld.lld (given
# through a SwiftPM toolset file): SwiftPM points `main` at the target's own main with --defsym,
# and GNU gold fails on that next to libFuzzer's main (an internal error in gold).
set -euo pipefail
caller=$PWD
cd "$(dirname "$0")/.."
root=$PWD

seconds=
mode=run
keep_going=0
asan=0
targets=()
all_targets=(csv idx config store cli gif webp)

usage() { awk 'NR > 1 && /^#/ { print; next } NR > 1 { exit }' "$0" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) [ $# -ge 2 ] || usage; seconds=$2; shift 2 ;;
        --seconds=*) seconds=${1#--seconds=}; shift ;;
        --keep-going) keep_going=1; shift ;;
        --asan) asan=1; shift ;;
        --minimize|--reproduce)
            [ $# -eq 3 ] || usage
            mode=${1#--}; targets=("$2"); input=$(cd "$caller" && readlink -f "$3"); shift 3
            [ -f "$input" ] || { echo "fuzz.sh: no file $3" >&2; exit 2; } ;;
        -h|--help) usage ;;
        -*) echo "fuzz.sh: unknown option '$1'" >&2; usage ;;
        *) targets+=("$1"); shift ;;
    esac
done
[ -n "$seconds" ] || { [ "$mode" = minimize ] && seconds=120 || seconds=20; }
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -ge 1 ] || { echo "fuzz.sh: --seconds needs a whole number ≥ 1" >&2; exit 2; }
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

executable() {
    case "$1" in
        csv) echo FuzzCSV ;; idx) echo FuzzIDX ;; config) echo FuzzConfig ;;
        store) echo FuzzStore ;; cli) echo FuzzCLI ;; gif) echo FuzzGIF ;; webp) echo FuzzWebP ;;
        *) echo "fuzz.sh: unknown target '$1' (expected one of: ${all_targets[*]})" >&2; exit 2 ;;
    esac
}
max_len() {
    case "$1" in
        csv) echo 4096 ;; idx) echo 8192 ;; config) echo 2048 ;; store) echo 16384 ;; cli) echo 1024 ;;
        gif|webp) echo 299 ;;     # 11 header bytes and 48 frames of 6
    esac
}
for t in "${targets[@]}"; do executable "$t" >/dev/null; done

# The Debian libraries the root package links (idempotent; no network when they are there).
bash scripts/setup.sh

work=$root/Fuzz/.build-fuzz
mkdir -p "$work"
swiftc_path=$(readlink -f "$(command -v swiftc)")
lld=$(dirname "$swiftc_path")/ld.lld
[ -x "$lld" ] || { echo "fuzz.sh: no ld.lld beside $swiftc_path (the Swift toolchain ships one)" >&2; exit 2; }
printf '{ "schemaVersion": "1.0", "linker": { "path": "%s" } }\n' "$lld" > "$work/toolset.json"

# Two sanitizers go in one flag: a second -sanitize= would replace the first.
if [ $asan -eq 1 ]; then
    sanitize=fuzzer,address
    scratch=(--scratch-path Fuzz/.build-asan)
    # Foundation's Data(contentsOf:) reports a 4 KiB leak at exit; leaks are not what we look for.
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
else
    sanitize=fuzzer
    scratch=()
fi
echo "fuzz.sh: building the fuzzers (swift build --package-path Fuzz ${scratch[*]} -c release -Xswiftc -sanitize=$sanitize, linked by ld.lld)" >&2
# Without --disable-build-manifest-caching, SwiftPM reuses its plan of the parent package (a
# local dependency here) and misses source files added to it since the last fuzz build.
build=(swift build --package-path Fuzz "${scratch[@]}" -c release -Xswiftc -sanitize=$sanitize --toolset "$work/toolset.json"
       --disable-build-manifest-caching)
if ! "${build[@]}" > "$work/build.log" 2>&1; then
    tail -40 "$work/build.log" >&2
    echo "fuzz.sh: the build failed (whole log: $work/build.log)" >&2
    exit 2
fi
bin=$(swift build --package-path Fuzz "${scratch[@]}" -c release --show-bin-path)

# A fuzzer removes its scratch directory when it exits normally; one that crashed cannot.
remove_stale_scratch() {
    local dir pid
    for dir in /dev/shm/flipbook-fuzz-* "${TMPDIR:-/tmp}"/flipbook-fuzz-*; do
        [ -d "$dir" ] || continue
        pid=${dir##*-}
        [[ "$pid" =~ ^[0-9]+$ ]] && ! kill -0 "$pid" 2>/dev/null && rm -rf "$dir"
    done
    return 0
}

# One line for a crash log: the Swift error message (release builds trap on overflow and range
# checks without one) and the top three stack frames in the root package's Sources/, demangled.
describe_crash() {
    local log=$1 message frames
    message=$(grep -m1 -E 'Fatal error|Precondition failed|Assertion failed|ERROR: AddressSanitizer|ERROR: libFuzzer: (timeout|out-of-memory)' "$log" \
        | sed -E 's/^==[0-9]+== ?//' | cut -c1-300 || true)
    [ -n "$message" ] || message="trap without a message (a release-mode overflow, range or unwrap check)"
    frames=$(grep -E '^ +#[0-9]+ .* in .* /.*Sources/' "$log" | grep -v '/Fuzz/Sources/' | head -3 \
        | sed -E 's/^ +#[0-9]+ 0x[0-9a-f]+ in ([^ ]+) (.*)$/\1 \2/' \
        | while read -r symbol place; do
            echo "$(swift demangle --simplified --compact "$symbol" | cut -c1-120) (${place##*/Sources/})"
          done | paste -sd ';' - | sed 's/;/; /g')
    echo "$message — at: ${frames:-no frame in Sources/}"
}

# Swift's own crash backtracer would compete with libFuzzer's signal handlers; libFuzzer prints the stack.
export SWIFT_BACKTRACE=enable=no
common=(-timeout=10 -rss_limit_mb=2048)

if [ "$mode" != run ]; then
    t=${targets[0]}
    exe=$bin/$(executable "$t")
    out=$work/$t/minimized
    mkdir -p "$out"
    if [ "$mode" = reproduce ]; then
        set +e; "$exe" "${common[@]}" -runs=1 "$input"; status=$?; set -e
    else
        set +e
        "$exe" "${common[@]}" -max_len="$(max_len "$t")" -minimize_crash=1 -max_total_time="$seconds" \
            -exact_artifact_path="$out/$(basename "$input").min" "$input" > "$out/minimize.log" 2>&1
        status=$?
        set -e
        echo "fuzz.sh: minimised input: $out/$(basename "$input").min (log: $out/minimize.log)"
    fi
    remove_stale_scratch
    exit $status
fi

crashed=0
summary=()
for t in "${targets[@]}"; do
    exe=$bin/$(executable "$t")
    dir=$work/$t
    rm -rf "$dir"
    mkdir -p "$dir/corpus" "$dir/artifacts"
    cp -R "Fuzz/corpus/$t/." "$dir/corpus/"
    echo "fuzz.sh: $t for ${seconds}s (corpus $dir/corpus, log $dir/fuzz.log)" >&2
    extra=()
    [ $keep_going -eq 0 ] || extra=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
    [ ! -f "Fuzz/dictionaries/$t.dict" ] || extra+=(-dict="$root/Fuzz/dictionaries/$t.dict")
    started=$SECONDS
    set +e
    "$exe" "${common[@]}" "${extra[@]}" -max_len="$(max_len "$t")" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$dir/artifacts/" "$dir/corpus" > "$dir/fuzz.log" 2>&1
    status=$?
    set -e
    elapsed=$((SECONDS - started))
    remove_stale_scratch
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/fuzz.log" | tail -1)
    status_line=$(grep -E '^#[0-9]+' "$dir/fuzz.log" | tail -1 || true)
    [ -n "$executions" ] || executions=$(sed -nE 's/^#([0-9]+).*/\1/p' <<< "$status_line")
    coverage=$(sed -nE 's/.*(cov: [0-9]+ ft: [0-9]+).*/\1/p' <<< "$status_line")
    corpus=$(find "$dir/corpus" -type f | wc -l)
    artifacts=("$dir"/artifacts/*)
    [ -e "${artifacts[0]}" ] || artifacts=()
    if [ $status -eq 0 ] && [ ${#artifacts[@]} -eq 0 ]; then
        line="$t: ${executions:-?} executions in ${elapsed}s, ${coverage:-no coverage line}, corpus $corpus files: no crash"
    elif [ $keep_going -eq 0 ]; then
        crashed=1
        artifact=$(sed -nE 's/.*Test unit written to (.*)$/\1/p' "$dir/fuzz.log" | tail -1)
        line="$t: CRASH (exit status $status) after ${executions:-?} executions in ${elapsed}s, ${coverage:-no coverage line}; input: ${artifact:-none written, see $dir/fuzz.log}; $(describe_crash "$dir/fuzz.log")"
    else
        # Reproduce each saved input (at most 200) and group them by what trapped where.
        crashed=1
        : > "$dir/crashes.txt"
        for artifact in "${artifacts[@]:0:200}"; do
            set +e; "$exe" "${common[@]}" -runs=1 "$artifact" > "$dir/reproduce.log" 2>&1; set -e
            remove_stale_scratch
            description=$(describe_crash "$dir/reproduce.log")
            # Values in the message differ from input to input; the trap site does not.
            message=$(sed -E 's/ - (row|column):.*//; s/-?[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?/N/g' <<< "${description%% — at: *}" | cut -c1-160)
            printf '%s — at: %s\t%s\n' "$message" "${description#* — at: }" "$artifact" >> "$dir/crashes.txt"
        done
        line="$t: ${#artifacts[@]} crashing inputs in ${executions:-?} executions in ${elapsed}s, ${coverage:-no coverage line}; by trap (count, one input, trap):"
        line+=$(sort "$dir/crashes.txt" | awk -F'\t' '{ n[$1]++; if (!($1 in f)) f[$1] = $2 } END { for (k in n) printf "\n    %d× %s: %s", n[k], f[k], k }')
    fi
    echo "$line"
    summary+=("$line")
done

echo
echo "fuzz.sh summary:"
printf '  %s\n' "${summary[@]}"
exit $crashed
