#!/usr/bin/env bash
# Runs the README's "Run a token server" start line as written, with fake credentials in place of its placeholders and
# the debug build that the tests made in place of the release build, and checks that the quickstart routes it
# promises answer: GET /token (the Voice JavaScript quickstart's) and GET /accessToken (the mobile quickstarts').
set -euo pipefail
cd "$(dirname "$0")/.."

line=$(sed -n '/^## Run a token server/,/^## /p' README.md | grep -m1 'twilio-token-server --config')
line=${line//TWILIO_ACCOUNT_SID=AC…/TWILIO_ACCOUNT_SID=ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}
line=${line//TWILIO_API_KEY=SK…/TWILIO_API_KEY=SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb}
line=${line//TWILIO_API_SECRET=…/TWILIO_API_SECRET=fake-secret-for-the-readme-check-0123}
line=${line//Server\/.build\/release\//Server\/.build\/debug\/}
[[ $line != *"…"* ]] || { echo "check-readme-server: a placeholder is left in: $line"; exit 1; }

log=$(mktemp)
bash -c "exec env $line" 2>"$log" &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do
    grep -q '\] listening' "$log" && break
    sleep 0.1
done
grep -q '\] listening' "$log" || { echo "check-readme-server: the server did not start:"; cat "$log"; exit 1; }

body=$(curl -fsS 'http://127.0.0.1:3000/token?identity=alice')
[[ $body == '{"identity":"alice","token":"eyJ'* ]] || { echo "check-readme-server: GET /token answered $body"; exit 1; }
token=$(curl -fsS 'http://127.0.0.1:3000/accessToken?identity=alice')
[[ $token == eyJ*.*.* ]] || { echo "check-readme-server: GET /accessToken answered $token"; exit 1; }

kill -TERM $server
status=0
wait $server || status=$?
[[ $status == 0 ]] || { echo "check-readme-server: the server exited $status after SIGTERM"; exit 1; }
echo "check-readme-server: the README's server answers GET /token and GET /accessToken, and stops cleanly"
