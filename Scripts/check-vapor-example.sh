#!/usr/bin/env bash
# Builds and tests the example Vapor app (Examples/VaporApp, a package of its own over the trait Vapor), then runs it
# as a real process the way its README's "Try it" does: a login token signed with PyJWT gets a Voice token for its
# own identity, a request without one gets 401, an unsigned webhook gets 403, and SIGTERM stops it cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --package-path Examples/VaporApp --build-tests -q
swift test --package-path Examples/VaporApp -q

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export APP_LOGIN_SECRET=example-login-secret-for-the-ci-check-0123456789
export TWILIO_ACCOUNT_SID=ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa TWILIO_API_KEY=SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
export TWILIO_API_SECRET=fake-secret-for-the-example-check-0 TWILIO_AUTH_TOKEN=0123456789abcdef0123456789abcdef
export PUBLIC_BASE_URL=https://voice.example.com
log=$(mktemp)
Examples/VaporApp/.build/debug/VaporApp serve --hostname 127.0.0.1 --port "$port" >"$log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" && break
    sleep 0.1
done

login=$(python3 -c 'import jwt, os, time; print(jwt.encode({"sub": "alice", "exp": int(time.time()) + 300}, os.environ["APP_LOGIN_SECRET"]))')
body=$(curl -fsS -H "Authorization: Bearer $login" -H 'Content-Type: application/json' -d '{"profile":"voice"}' \
    "http://127.0.0.1:$port/v1/token")
[[ $body == '{"token":"eyJ'*'"identity":"alice","profile":"voice",'* ]] || { echo "check-vapor-example: POST /v1/token answered $body"; exit 1; }
status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d '{"profile":"voice"}' \
    "http://127.0.0.1:$port/v1/token")
[[ $status == 401 ]] || { echo "check-vapor-example: POST /v1/token without a login answered $status"; exit 1; }
status=$(curl -s -o /dev/null -w '%{http_code}' -d 'To=%2B19005550100' "http://127.0.0.1:$port/v1/voice/outgoing")
[[ $status == 403 ]] || { echo "check-vapor-example: an unsigned webhook answered $status"; exit 1; }
! grep -q "$TWILIO_API_SECRET\|$login" "$log" || { echo "check-vapor-example: a secret or a token reached the log"; exit 1; }

kill -TERM $app
status=0
wait $app || status=$?
[[ $status == 0 ]] || { echo "check-vapor-example: the app exited $status after SIGTERM:"; cat "$log"; exit 1; }
echo "check-vapor-example: the example app serves bound tokens, refuses anonymous callers and unsigned webhooks, and stops cleanly"
