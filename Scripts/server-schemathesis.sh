#!/usr/bin/env bash
# Tests a running twilio-token-server against Server/openapi.yaml with Schemathesis
# (https://schemathesis.readthedocs.io): every documented operation, positive and negative inputs, checking that no
# response is a 5xx and that every status code, content type, body and header is one the document allows.
#
#   Scripts/server-schemathesis.sh [path/to/twilio-token-server [extra schemathesis run options...]]
#
# The server binary defaults to Server/.build/debug/twilio-token-server (build it with `swift build --package-path
# Server`). Schemathesis is installed from PyPI into .build/schemathesis-venv on the first run. The server runs with a
# throwaway config (bearer auth, fake Twilio credentials, rate limits off) on a free loopback port, and is stopped
# when the script exits. Exits non-zero when Schemathesis reports any failure or error.
#
# Environment: SCHEMATHESIS_MAX_EXAMPLES (default 300 per operation), SCHEMATHESIS_SEED (default 20261207),
# SCHEMATHESIS_TIMEOUT (default 170, seconds for the whole Schemathesis run).
set -euo pipefail

SCHEMATHESIS_VERSION=4.32.5

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

binary="${1:-Server/.build/debug/twilio-token-server}"
extra_options=("${@:2}")
if [[ ! -x "$binary" ]]; then
    echo "server-schemathesis: no server binary at $binary (swift build --package-path Server)" >&2
    exit 2
fi
max_examples="${SCHEMATHESIS_MAX_EXAMPLES:-300}"
seed="${SCHEMATHESIS_SEED:-20261207}"
run_timeout="${SCHEMATHESIS_TIMEOUT:-170}"

venv=.build/schemathesis-venv
if [[ "$("$venv/bin/schemathesis" --version 2>/dev/null || true)" != "schemathesis, version $SCHEMATHESIS_VERSION" ]]; then
    echo "server-schemathesis: installing schemathesis $SCHEMATHESIS_VERSION into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

work="$(mktemp -d)"
server_pid=""
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Fake credentials for this run only. The API key secret (the server wants at least 32 characters, in a file only
# its owner can read) signs tokens nobody sends to Twilio; the server knows the bearer key only as its SHA-256.
umask 077
printf '%s\n' "fake-api-key-secret-for-schemathesis-0000" >"$work/api-key.secret"
chmod 600 "$work/api-key.secret"
printf '%s\n' "fake-auth-token-for-schemathesis-000" >"$work/auth-token"
chmod 600 "$work/auth-token"
bearer_key="fake-bearer-key-for-schemathesis-0000"
if command -v sha256sum >/dev/null; then
    bearer_sha256="$(printf %s "$bearer_key" | sha256sum | cut -d' ' -f1)"
else
    bearer_sha256="$(printf %s "$bearer_key" | shasum -a 256 | cut -d' ' -f1)"
fi

# Every route served: /v1/token with three profiles (a Video room from the request, with and without a pattern, and a
# Voice profile); /accessToken and GET /token on the Voice profile; POST /token on the Video profile without a pattern,
# which also has a Chat grant for `create_conversation`; and the Voice webhooks, which refuse every request Schemathesis
# can make (it cannot sign them). Rate limits are off (0), so no 429 can come from the volume.
cat >"$work/server.yaml" <<EOF
server:
  host: 127.0.0.1
  port: 0
twilio:
  account_sid: ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
  active_api_key: SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
  api_keys:
    SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb: { secret_file: $work/api-key.secret }
  auth_token_file: $work/auth-token
auth:
  mode: bearer
  bearer:
    schemathesis:
      key_sha256: $bearer_sha256
      identities: [alice, bob, carol]
      profiles: [video, room, voice]
cors:
  allowed_origins: [ "https://app.example.com" ]
rate_limit: { per_principal_per_minute: 0, per_ip_per_minute: 0 }
profiles:
  video:
    ttl: 3600
    grants:
      video: { room_from_request: true, room_pattern: "standup-[a-z]+" }
  room:
    ttl: 600
    grants:
      video: { room_from_request: true }
      chat: { service_sid: ISdddddddddddddddddddddddddddddddd }
  voice:
    grants:
      voice: { incoming: true, outgoing_application_sid: APcccccccccccccccccccccccccccccccc }
compatibility:
  access_token: voice
  token_get: voice
  token_post: room
voice:
  public_base_url: https://voice.example.com
  caller_id: "+15005550006"
  allowed_number_prefixes: ["+1"]
EOF

# Schemathesis's own settings: no crash cache (it would land in .schemathesis/ in the working directory, and its
# replays need the server this script has stopped); the curl reproductions in the output are enough.
cat >"$work/schemathesis.toml" <<EOF
[cache]
enabled = false
EOF

server_log="$work/server.log"
"$binary" --config "$work/server.yaml" --port 0 2>"$server_log" &
server_pid=$!

port=""
for _ in $(seq 100); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "server-schemathesis: the server exited at startup:" >&2
        cat "$server_log" >&2
        exit 1
    fi
    port="$(sed -n 's/.* port=\([0-9][0-9]*\) .*listening$/\1/p' "$server_log" | head -n 1)"
    [[ -n "$port" ]] && break
    sleep 0.1
done
if [[ -z "$port" ]]; then
    echo "server-schemathesis: the server did not report its port within 10 s:" >&2
    cat "$server_log" >&2
    exit 1
fi
echo "server-schemathesis: server listening on 127.0.0.1:$port" >&2

# The checks: no 5xx, and every response conforming to the document (status, content type, body, headers).
# --generation-database none and a fixed seed make the run repeatable; --max-examples bounds each operation and
# `timeout` (when installed) the whole run. --output-sanitize keeps the Authorization header out of the output.
limit=()
if command -v timeout >/dev/null; then
    limit=(timeout --signal=INT --kill-after=10 "$run_timeout")
fi
status=0
${limit[@]+"${limit[@]}"} "$venv/bin/schemathesis" --config-file "$work/schemathesis.toml" run Server/openapi.yaml \
    --url "http://127.0.0.1:$port" \
    --header "Authorization: Bearer $bearer_key" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
    --phases examples,coverage,fuzzing \
    --mode all \
    --max-examples "$max_examples" \
    --seed "$seed" \
    --generation-database none \
    --generation-with-security-parameters false \
    --workers 1 \
    --request-timeout 10 \
    --output-sanitize true \
    --no-color \
    ${extra_options[@]+"${extra_options[@]}"} ||
    status=$?

if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "server-schemathesis: the server died during the run:" >&2
    tail -n 20 "$server_log" >&2
    exit 1
fi
if [[ $status -ne 0 ]]; then
    echo "server-schemathesis: schemathesis failed (exit $status)" >&2
    grep -E 'status=5[0-9][0-9]' "$server_log" >&2 || true
fi
exit "$status"
