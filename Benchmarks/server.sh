#!/usr/bin/env bash
# Load-tests twilio-token-server against the Flask + twilio-python baseline on loopback, each server pinned to one
# core and wrk to the other, and prints a table and, last, one JSON line:
#   {"server_open_rps": …, "server_open_p99_ms": …, "server_jwt_rps": …, "server_jwt_p99_ms": …,
#    "flask_rps": …, "flask_p99_ms": …}
# (the median of RUNS runs of wrk -t1 -c32 -d10s --latency; p99 in ms).
#
# Servers measured:
#   flask  Benchmarks/Server/app.py (a Voice quickstart-style /accessToken on twilio-python 9.13) under gunicorn with
#          one sync worker: GET /accessToken?identity=alice, the raw JWT back.
#   open   twilio-token-server, auth none, rate limits off, log level warning: GET /token?identity=alice (the Voice
#          JavaScript quickstart's route), {"identity", "token"} back.
#   jwt    twilio-token-server, auth jwt (a JWKS file, RS256): POST /v1/token {"profile":"voice"} with a different
#          RS256 ID token on every request (Benchmarks/Server/id-tokens.lua).
# Credentials are fake, and the servers listen on loopback only.
#
# Usage: Benchmarks/server.sh   (from anywhere; installs wrk with apt-get, a venv under .build/server-bench-venv, and
#                                builds the server in release into Server/.build-release)
# Environment: RUNS (default 3), DURATION (wrk -d, default 10s), CONNECTIONS (wrk -c, default 32),
#              ID_TOKENS (distinct ID tokens, default 10000), SERVER_CPU (default 0), WRK_CPU (default 1).
# Exit status: 0, or 1 when a check or a measured request failed (the table and JSON line are printed all the same
# when the measurements ran).
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${RUNS:-3}"
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-32}"
id_tokens="${ID_TOKENS:-10000}"
server_cpu="${SERVER_CPU:-0}"
wrk_cpu="${WRK_CPU:-1}"
venv=.build/server-bench-venv
scratch=Server/.build-release
support=Benchmarks/Server

account_sid=ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
api_key=SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
app_sid=APcccccccccccccccccccccccccccccccc
issuer=https://idp.bench.invalid/
audience=twilio-token-server-bench

say() { echo "== $*" >&2; }
fail() {
    echo "server.sh: $*" >&2
    exit 1
}

# Everything started here is killed on the way out, however the script ends.
work="$(mktemp -d)"
pids=()
measuring=""
cleanup() {
    local pid
    # run_wrk.py stops its wrk when it gets SIGTERM.
    [ -z "$measuring" ] || kill -TERM "$measuring" 2> /dev/null || true
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2> /dev/null || true; done
    for pid in "${pids[@]}"; do
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2> /dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2> /dev/null || true
    done
    wait 2> /dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ "$(nproc)" -ge 2 ] || fail "needs two cores (server on core $server_cpu, wrk on core $wrk_cpu)"

# --- 1. What it needs: wrk, curl, taskset (apt-get, only when missing) and the Python venv (pinned versions).
missing=()
command -v wrk > /dev/null || missing+=(wrk)
command -v curl > /dev/null || missing+=(curl)
command -v taskset > /dev/null || missing+=(util-linux)
python3 -c 'import ensurepip' 2> /dev/null || missing+=(python3-venv)
if [ "${#missing[@]}" -gt 0 ]; then
    say "installing ${missing[*]} (apt-get)"
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq >&2
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
say "installing $support/requirements.txt into $venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$support/requirements.txt" >&2
py="$venv/bin/python"

# --- 2. The server, release, in a scratch path of its own (ignored by git through `.build*/`).
say "building twilio-token-server (release, $scratch)"
build=(swift build -c release --package-path Server --scratch-path "$scratch" --product twilio-token-server)
"${build[@]}" >&2
server="$("${build[@]}" --show-bin-path)/twilio-token-server"
[ -x "$server" ] || fail "no executable at $server"

# --- 3. Fixtures: the API key secret (mode 600, or the server refuses it), the identity provider's key, JWKS and ID
# tokens, and the two configurations.
(umask 077 && printf '%s\n' "fake-api-key-secret-for-benchmarks-only-0123456789" > "$work/api-secret")
say "making $id_tokens RS256 ID tokens"
"$py" "$support/make_id_tokens.py" "$work" --count "$id_tokens" --issuer "$issuer" --audience "$audience"
tokens="$work/id-tokens.txt"

common_config() {
    cat << EOF
server:
  host: 127.0.0.1
  shutdown_grace: 1
twilio:
  account_sid: $account_sid
  active_api_key: $api_key
  api_keys:
    $api_key: { secret_file: $work/api-secret }
rate_limit: { per_principal_per_minute: 0, per_ip_per_minute: 0 }
profiles:
  voice:
    grants:
      voice: { incoming: true, outgoing_application_sid: $app_sid }
EOF
}
{
    common_config
    echo "auth: { mode: none }"
    echo "compatibility: { token_get: voice }"
} > "$work/open.yaml"
{
    common_config
    echo "auth:"
    echo "  mode: jwt"
    echo "  jwt: { jwks_file: $work/jwks.json, issuer: \"$issuer\", audience: $audience, algorithms: [RS256] }"
} > "$work/jwt.yaml"

# --- 4. Start the three servers on core $server_cpu, each on a free port of its own. The server's "listening ...
# port=N" line is at notice level, below --log-level warning, so the port is chosen here and readiness polled.
free_port() { "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
start() { # name, command…: runs it in the background, its output in $work/name.log
    local name="$1"
    shift
    "$@" > "$work/$name.log" 2>&1 &
    pids+=($!)
    eval "${name}_pid=$!"
}
wait_ready() { # name, pid, url
    for _ in $(seq 1 150); do
        kill -0 "$2" 2> /dev/null || fail "$1 exited at start:$(printf '\n')$(cat "$work/$1.log")"
        if curl -fsS -o /dev/null "$3" 2> /dev/null; then return 0; fi
        sleep 0.2
    done
    fail "$1 did not answer $3 within 30 s:$(printf '\n')$(cat "$work/$1.log")"
}

flask_port="$(free_port)"
start flask env TWILIO_ACCOUNT_SID="$account_sid" TWILIO_API_KEY="$api_key" \
    TWILIO_API_SECRET="$(cat "$work/api-secret")" TWILIO_TWIML_APP_SID="$app_sid" \
    taskset -c "$server_cpu" "$venv/bin/gunicorn" -w 1 -k sync -b "127.0.0.1:$flask_port" --chdir "$support" app:app
open_port="$(free_port)"
start open taskset -c "$server_cpu" "$server" --config "$work/open.yaml" --port "$open_port" --log-level warning
jwt_port="$(free_port)"
start jwt taskset -c "$server_cpu" "$server" --config "$work/jwt.yaml" --port "$jwt_port" --log-level warning

flask_url="http://127.0.0.1:$flask_port/accessToken?identity=alice"
open_url="http://127.0.0.1:$open_port/token?identity=alice"
jwt_url="http://127.0.0.1:$jwt_port/v1/token"
# shellcheck disable=SC2154 # set by start()
{
    wait_ready flask "$flask_pid" "$flask_url"
    wait_ready open "$open_pid" "http://127.0.0.1:$open_port/healthz"
    wait_ready jwt "$jwt_pid" "http://127.0.0.1:$jwt_port/readyz"
}

# One request that must answer 200 and a valid token (verified with the secret, identity and Voice grant checked).
check() { # name
    local status format identity args
    case "$1" in
        flask) format=raw identity=alice args=("$flask_url") ;;
        open) format=json identity=alice args=("$open_url") ;;
        jwt)
            format=json identity=user_0
            args=(-X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $(head -n 1 "$tokens")"
                --data '{"profile":"voice"}' "$jwt_url")
            ;;
    esac
    status="$(curl -sS -o "$work/$1.body" -w '%{http_code}' "${args[@]}")" || fail "$1: the check request failed"
    "$py" "$support/check_response.py" "$status" "$work/$1.body" --format "$format" --secret-file "$work/api-secret" \
        --identity "$identity" --app-sid "$app_sid" || fail "$1: the check request did not return a valid token"
}
measure() { # name, duration, output prefix (prefix.txt: wrk's output; prefix.cpu.json: the cores' use meanwhile)
    local args pid
    case "$1" in
        flask) args=("$flask_url") ;;
        open) args=("$open_url") ;;
        jwt) args=(-s "$support/id-tokens.lua" "$jwt_url" -- "$tokens" 1) ;;
    esac
    pid="$(eval echo "\$${1}_pid")"
    # In the background and waited for, so that a signal reaches the trap at once rather than after wrk.
    "$py" "$support/run_wrk.py" "$3" "$pid" "$server_cpu,$wrk_cpu" -- \
        taskset -c "$wrk_cpu" wrk -t1 -c"$connections" -d"$2" --latency "${args[@]}" &
    measuring=$!
    wait "$measuring"
    measuring=""
}

# --- 5. Measure: warm each server up, then RUNS rounds, each measuring the three in turn, so that a spell of load on
# the machine is shared among them rather than falling on one.
mkdir "$work/wrk"
load_before="$(uptime)"
say "load before: $load_before"
for name in flask open jwt; do
    check "$name"
    say "warming up $name (3 s)"
    measure "$name" 3s "$work/warmup-$name"
done
for run in $(seq 1 "$runs"); do
    for name in flask open jwt; do
        check "$name"
        say "run $run/$runs: $name ($duration, $connections connections; load average $(cut -d' ' -f1-3 /proc/loadavg))"
        measure "$name" "$duration" "$work/wrk/$name.$run"
    done
done
load_after="$(uptime)"
say "load after: $load_after"
for name in flask open jwt; do
    kill -0 "$(eval echo "\$${name}_pid")" 2> /dev/null || fail "$name died during the measurements"
done

echo "servers on core $server_cpu, wrk -t1 -c$connections -d$duration --latency on core $wrk_cpu; $runs runs each;" \
    "$id_tokens distinct ID tokens"
echo "load average (1, 5, 15 min) before: ${load_before##*load average: }"
echo "load average (1, 5, 15 min) after: ${load_after##*load average: }"
"$py" "$support/report.py" "$work/wrk" "$runs"
