#!/usr/bin/env bash
# Measures, in one run and pinned to one core, this library, twilio-python 9.13 + PyJWT, vapor/jwt-kit 5 and
# the bare HMAC (the floor) on the same access token, this library and twilio-python on the same Client
# capability token, and TwilioWebhooks and twilio-python's RequestValidator validating the same webhook request.
# Prints a markdown table (the one in docs/performance.md) and, last, one JSON line:
#   {"mint_access": …, "verify_access": …, "mint_capability": …, "python_mint_access": …,
#    "python_verify_access": …, "python_mint_capability": …, "jwtkit_mint_access": …,
#    "jwtkit_verify_access": …, "hmac_only": …, "webhook_validate": …, "python_webhook_validate": …}
# in tokens (or validated webhooks) per second.
#
# Usage: Benchmarks/compare.sh            (from anywhere; installs Tests/requirements.txt, builds Compare)
# Before the JSON line it also times whole processes minting the access token: the release twilio-token, a
# python3 minting it with twilio-python, and /bin/true (cli_startup.py).
#
# Environment: CPU (core to pin to, default 0), SECONDS_PER_RUN (default 0.2), RUNS (default 7),
#              CLI_RUNS (whole-process runs, default 100), SCRATCH_PATH (build folder, default Benchmarks/.build-bench).
set -euo pipefail
cd "$(dirname "$0")"

cpu="${CPU:-0}"
seconds="${SECONDS_PER_RUN:-0.2}"
runs="${RUNS:-7}"
scratch="${SCRATCH_PATH:-.build-bench}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

pin=(taskset -c "$cpu")
if ! command -v taskset > /dev/null; then
    echo "compare.sh: taskset (util-linux) is missing; running unpinned" >&2
    pin=()
fi

echo "== installing twilio-python 9.13 + PyJWT (Tests/requirements.txt)" >&2
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r ../Tests/requirements.txt >&2

echo "== building Compare (release)" >&2
swift build -c release --scratch-path "$scratch" --product Compare >&2
swift build -c release --scratch-path "$scratch" --product twilio-token >&2
bin="$(swift build -c release --scratch-path "$scratch" --show-bin-path)"
compare="$bin/Compare"

"$compare" --print-tokens > "$work/tokens.tsv"

echo "== measuring on core $cpu (best of $runs runs of ~${seconds}s each; load average: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
"${pin[@]}" "$compare" --seconds "$seconds" --runs "$runs" | tee "$work/swift.tsv" >&2
"${pin[@]}" python3 compare.py --seconds "$seconds" --runs "$runs" --expect "$work/tokens.tsv" \
    | tee "$work/python.tsv" >&2
echo "== whole processes: twilio-token access, python3 minting with twilio-python, /bin/true (${CLI_RUNS:-100} runs)" >&2
"${pin[@]}" python3 cli_startup.py "$bin/twilio-token" --runs "${CLI_RUNS:-100}" | tee "$work/cli.tsv" >&2

python3 - "$work/swift.tsv" "$work/python.tsv" "$work/tokens.tsv" "$work/cli.tsv" << 'EOF'
import json
import sys

def read(path):
    with open(path) as file:
        return dict(line.rstrip("\n").split("\t", 1) for line in file if "\t" in line)

results = {name: int(value) for path in sys.argv[1:3] for name, value in read(path).items()}
tokens = read(sys.argv[3])

def cell(name):
    return f"{results[name]:,}" if name in results else "—"

lengths = (f"access token: {len(tokens['mint_access'])} bytes (jwt-kit's: {len(tokens['jwtkit_mint_access'])}), "
           f"capability token: {len(tokens['mint_capability'])} bytes")
print(f"tokens/s, one core; {lengths}")
print()
def ratio(name, other):
    if name not in results or other not in results:
        return "—"
    return f"{results[name] / results[other]:.1f}×"

# The limits of issue 12 are ratios measured in one run, so that they hold on any machine the run is made on.
limits = [("mint_access", "python_mint_access", 15), ("mint_access", "jwtkit_mint_access", 10),
          ("verify_access", "python_verify_access", 15), ("verify_access", "jwtkit_verify_access", 6)]
print("| operation | TwilioJWT | twilio-python 9.13 + PyJWT | × | vapor/jwt-kit 5 | × | HMAC only (floor) |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
print(f"| mint access token | {cell('mint_access')} | {cell('python_mint_access')} "
      f"| {ratio('mint_access', 'python_mint_access')} | {cell('jwtkit_mint_access')} "
      f"| {ratio('mint_access', 'jwtkit_mint_access')} | {cell('hmac_only')} |")
print(f"| verify + decode access token | {cell('verify_access')} | {cell('python_verify_access')} "
      f"| {ratio('verify_access', 'python_verify_access')} | {cell('jwtkit_verify_access')} "
      f"| {ratio('verify_access', 'jwtkit_verify_access')} | — |")
print(f"| mint Client capability token | {cell('mint_capability')} | {cell('python_mint_capability')} "
      f"| {ratio('mint_capability', 'python_mint_capability')} | — | — | — |")
print(f"| validate webhook (TwilioWebhooks; twilio-python's RequestValidator) | {cell('webhook_validate')} "
      f"| {cell('python_webhook_validate')} | {ratio('webhook_validate', 'python_webhook_validate')} | — | — | — |")
print()
verdicts = []
for name, other, limit in limits:
    if name in results and other in results:
        value = results[name] / results[other]
        verdicts.append(f"{name.replace('_', ' ')} / {other.split('_')[0]} {value:.1f}× (≥ {limit}×: "
                        f"{'met' if value >= limit else 'MISSED'})")
print("Limits (issue 12): " + "; ".join(verdicts) + ".")
if "hmac_only_prekeyed" in results:
    print()
    print(f"HMAC only, from an already keyed HMAC<SHA256> (the key's inner and outer states kept): "
          f"{cell('hmac_only_prekeyed')} tokens/s")
with open(sys.argv[4]) as file:
    processes = {name: (median, p90) for name, median, p90 in (line.split() for line in file if line.strip())}
print()
print("A whole process minting the access token (wall time, ms; median and p90):")
print()
print("| process | median | p90 | target (issue 6) |")
print("| --- | ---: | ---: | ---: |")
print(f"| `twilio-token access …` (release) | {processes['cli_access'][0]} | {processes['cli_access'][1]} | 15 |")
print(f"| `python3 -c …` minting it with twilio-python | {processes['python_process_access'][0]} "
      f"| {processes['python_process_access'][1]} | |")
print(f"| `/bin/true` (starting any process) | {processes['true'][0]} | {processes['true'][1]} | |")
print()
keys = ["mint_access", "verify_access", "mint_capability", "python_mint_access", "python_verify_access",
        "python_mint_capability", "jwtkit_mint_access", "jwtkit_verify_access", "hmac_only", "webhook_validate",
        "python_webhook_validate"]
print(json.dumps({key: results[key] for key in keys}))
EOF
