#!/usr/bin/env bash
# Tests twilio-token-server's CORS allow-list in a real browser (headless Chromium), not only with curl.
#
#   Scripts/server-browser-cors.sh [path/to/twilio-token-server]     (default: Server/.build/debug/twilio-token-server)
#
# It installs Debian's chromium package if no Chromium is on the PATH (apt-get; run it as root or with sudo),
# starts the token server on a free port with cors.allowed_origins listing one origin, http://127.0.0.1:<A>, and
# serves Server/Tests/Browser/cors.html from two origins: http://127.0.0.1:<A> (allowed) and http://127.0.0.1:<B>
# (not allowed: another port is another origin). Chromium loads the page from each; the page calls the server with
# fetch and writes the outcome into the DOM, which `chromium --dump-dom` prints. The cases:
#   - allowed origin, POST /v1/token with Authorization and Content-Type: application/json (not CORS-safelisted, so
#     the browser preflights it): the page reads the 200 and its token; the server saw OPTIONS 204 then POST 200;
#   - allowed origin, wrong bearer key: the page can read the 401 (error responses carry the CORS headers too);
#   - other origin, the same POST: fetch rejects with a TypeError and Chromium logs "blocked by CORS policy"; the
#     server saw only the preflight, answered 403, and never got the POST: the browser itself stopped it;
#   - other origin, GET /healthz (a simple request, no preflight): the server answers 200 without
#     Access-Control-Allow-Origin and the browser withholds the response (TypeError);
#   - curl: the disallowed preflight gets 403 without Access-Control-Allow-Origin, the allowed one gets 204 with the
#     origin echoed (never `*`), the allowed methods and headers, and no Access-Control-Allow-Credentials.
# The CORS protocol is the Fetch standard's: https://fetch.spec.whatwg.org/#http-cors-protocol
#
# Prints PASS or FAIL per case and a closing "N passed, N failed" line; exits 1 if any case failed, 2 if the setup
# failed. Everything it starts is stopped on exit. After the install step it takes a few seconds, at most about two
# minutes (each browser run and each wait is bounded, and a watchdog stops the script at 115 s).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ $# -ge 1 ]]; then
    BIN=$1
    [[ $BIN == /* ]] || BIN=$PWD/$BIN
else
    BIN=$ROOT/Server/.build/debug/twilio-token-server
fi
PAGE_DIR=$ROOT/Server/Tests/Browser
KEY=test-service-key-0123456789abcdef
IDENTITY=alice

die() {
    echo "server-browser-cors: $*" >&2
    exit 2
}

[[ -x $BIN ]] || die "no token server binary at $BIN (build it with: swift build --package-path Server)"
[[ -f $PAGE_DIR/cors.html ]] || die "missing $PAGE_DIR/cors.html"

# --- Chromium (and the other tools), from Debian's packages when missing -------------------------------------------
ensure_packages() {
    local missing=()
    if [[ -z ${CHROMIUM:-} ]] && ! command -v chromium >/dev/null 2>&1 \
        && ! command -v chromium-browser >/dev/null 2>&1; then
        missing+=(chromium)
    fi
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    command -v python3 >/dev/null 2>&1 || missing+=(python3)
    command -v sha256sum >/dev/null 2>&1 || missing+=(coreutils)
    [[ ${#missing[@]} -eq 0 ]] && return 0
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to apt-get install ${missing[*]}"
        sudo=(sudo)
    fi
    echo "server-browser-cors: installing ${missing[*]} from Debian's packages" >&2
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}
ensure_packages
if [[ -z ${CHROMIUM:-} ]]; then
    CHROMIUM=$(command -v chromium || command -v chromium-browser)
fi
# Debian's /usr/bin/chromium wrapper can print a harmless shell warning on stderr; keep only the version line.
CHROMIUM_VERSION=$("$CHROMIUM" --version 2>/dev/null | head -n 1)
echo "browser: $CHROMIUM_VERSION"

# --- processes, clean-up, watchdog ----------------------------------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/server-browser-cors.XXXXXX")
PIDS=()
BROWSER_PID=
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    local pid
    [[ -z ${BROWSER_PID:-} ]] || kill "$BROWSER_PID" 2>/dev/null || true
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}" ${BROWSER_PID:+"$BROWSER_PID"}; do
        wait "$pid" 2>/dev/null || true
    done
    if [[ $status -ne 0 && -n ${KEEP_LOGS:-} ]]; then
        echo "server-browser-cors: logs kept in $WORK" >&2
    else
        rm -rf "$WORK"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Stops the whole run if it takes too long (the browser runs and waits below are bounded too).
# ($$ is this script's shell, also inside the subshell; the sleep holds none of the script's output open.)
(
    trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
    sleep 115 >/dev/null 2>&1 &
    sleeper=$!
    wait "$sleeper"
    echo "server-browser-cors: FAIL: timed out after 115 s" >&2
    kill -TERM $$ 2>/dev/null
) &
PIDS+=($!)

# Waits up to $3 seconds for the extended regex $2 to appear in file $1.
wait_for() {
    local file=$1 pattern=$2 seconds=$3 i
    for ((i = 0; i < seconds * 10; i++)); do
        grep -Eq -- "$pattern" "$file" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# --- two static origins for the page --------------------------------------------------------------------------------
start_static() {
    local name=$1
    python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$PAGE_DIR" >"$WORK/$name.out" 2>"$WORK/$name.err" &
    PIDS+=($!)
}
start_static page-a
start_static page-b
wait_for "$WORK/page-a.out" 'port [0-9]+' 10 || die "the static server for origin A did not start"
wait_for "$WORK/page-b.out" 'port [0-9]+' 10 || die "the static server for origin B did not start"
PORT_A=$(grep -m 1 -Eo 'port [0-9]+' "$WORK/page-a.out" | cut -d' ' -f2)
PORT_B=$(grep -m 1 -Eo 'port [0-9]+' "$WORK/page-b.out" | cut -d' ' -f2)
ORIGIN_A=http://127.0.0.1:$PORT_A
ORIGIN_B=http://127.0.0.1:$PORT_B

# --- the token server, allowing origin A only -----------------------------------------------------------------------
(
    umask 077
    python3 -c 'import secrets; print(secrets.token_hex(24))' >"$WORK/sk.secret"
)
chmod 600 "$WORK/sk.secret"
KEY_SHA256=$(printf '%s' "$KEY" | sha256sum | cut -d' ' -f1)
cat >"$WORK/server.yaml" <<EOF
server:
  host: 127.0.0.1
  port: 0
twilio:
  account_sid: ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
  active_api_key: SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
  api_keys:
    SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb: { secret_file: "$WORK/sk.secret" }
auth:
  mode: bearer
  bearer:
    browser-test: { key_sha256: $KEY_SHA256, identities: [$IDENTITY], profiles: [voice] }
cors:
  allowed_origins: [ "$ORIGIN_A" ]
profiles:
  voice:
    grants:
      voice: { incoming: true, outgoing_application_sid: APcccccccccccccccccccccccccccccccc }
EOF
SERVER_LOG=$WORK/server.err
"$BIN" --config "$WORK/server.yaml" >"$WORK/server.out" 2>"$SERVER_LOG" &
SERVER_PID=$!
PIDS+=("$SERVER_PID")
if ! wait_for "$SERVER_LOG" 'port=[0-9]+.*listening' 20; then
    cat "$SERVER_LOG" >&2
    die "the token server did not start"
fi
SERVER_PORT=$(grep -m 1 -E 'port=[0-9]+.*listening' "$SERVER_LOG" | grep -Eo 'port=[0-9]+' | cut -d= -f2)
SERVER=http://127.0.0.1:$SERVER_PORT
echo "token server: $SERVER (allowed origin $ORIGIN_A; other origin $ORIGIN_B)"

# --- cases ----------------------------------------------------------------------------------------------------------
PASSED=0
FAILED=0
pass() {
    echo "PASS: $1"
    PASSED=$((PASSED + 1))
}
fail() {
    echo "FAIL: $1: $2"
    FAILED=$((FAILED + 1))
}

# The number of access-log lines of the token server matching the fixed string $1 (e.g. "method=POST path=/v1/token").
log_count() {
    grep -cF -- "$1" "$SERVER_LOG" || true
}

RUN=0
# Loads the page from origin $1 with query $2 in a fresh headless Chromium; sets RESULT (the text of the page's
# <pre id="result">) and BROWSER_LOG (Chromium's stderr, which has the console messages).
browse() {
    local origin=$1 query=$2
    RUN=$((RUN + 1))
    BROWSER_LOG=$WORK/chromium-$RUN.err
    local dom=$WORK/chromium-$RUN.html
    # In the background and waited for, so that a signal (Ctrl-C, the watchdog) is handled at once.
    timeout -k 5 25 "$CHROMIUM" \
        --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage \
        --user-data-dir="$WORK/profile-$RUN" --no-first-run --no-default-browser-check \
        --disable-extensions --disable-background-networking --disable-component-update --disable-sync \
        --enable-logging=stderr --v=0 \
        --virtual-time-budget=5000 \
        --dump-dom "$origin/cors.html?$query" >"$dom" 2>"$BROWSER_LOG" &
    BROWSER_PID=$!
    wait "$BROWSER_PID" || true
    BROWSER_PID=
    RESULT=$(sed -n 's:.*<pre id="result">\(.*\)</pre>.*:\1:p' "$dom" | head -n 1)
    if [[ -z $RESULT ]]; then
        RESULT="(no result in the page; chromium's last lines: $(tail -n 3 "$BROWSER_LOG" | tr '\n' ' '))"
    fi
}

# Waits briefly for the server's access log to reach count $2 of line $1 (it is written after the response).
log_reaches() {
    local line=$1 want=$2 i
    for ((i = 0; i < 30; i++)); do
        [[ $(log_count "$line") -ge $want ]] && return 0
        sleep 0.1
    done
    return 1
}

TOKEN_QUERY="server=$SERVER&key=$KEY"
PREFLIGHT_204='method=OPTIONS path=/v1/token status=204'
PREFLIGHT_403='method=OPTIONS path=/v1/token status=403'
POST_ANY='method=POST path=/v1/token'
POST_200='method=POST path=/v1/token status=200'
POST_401='method=POST path=/v1/token status=401'
HEALTHZ_200='method=GET path=/healthz status=200'

# 1. Allowed origin: preflight, then the POST, and the page reads the token.
case_name="allowed origin $ORIGIN_A: preflighted POST /v1/token is readable (200, token, identity $IDENTITY)"
before_preflight=$(log_count "$PREFLIGHT_204")
before_post=$(log_count "$POST_200")
browse "$ORIGIN_A" "$TOKEN_QUERY"
if [[ $RESULT != "ok:status=200 identity=$IDENTITY profile=voice token=jwt" ]]; then
    fail "$case_name" "page says: $RESULT"
elif ! log_reaches "$PREFLIGHT_204" $((before_preflight + 1)); then
    fail "$case_name" "the server's log shows no OPTIONS /v1/token 204: the browser did not preflight"
elif ! log_reaches "$POST_200" $((before_post + 1)); then
    fail "$case_name" "the server's log shows no POST /v1/token 200"
else
    pass "$case_name"
fi

# 2. Allowed origin, wrong key: the error response is readable too.
case_name="allowed origin $ORIGIN_A: a 401 (wrong bearer key) is readable by the page"
before_post=$(log_count "$POST_401")
browse "$ORIGIN_A" "server=$SERVER&key=not-the-key"
if [[ $RESULT != got:status=401* ]]; then
    fail "$case_name" "page says: $RESULT"
elif ! log_reaches "$POST_401" $((before_post + 1)); then
    fail "$case_name" "the server's log shows no POST /v1/token 401"
else
    pass "$case_name"
fi

# 3. Other origin: the browser sends only the preflight, gets 403, and never sends the POST.
case_name="other origin $ORIGIN_B: the browser blocks the POST /v1/token (TypeError, preflight 403, no POST sent)"
before_preflight=$(log_count "$PREFLIGHT_403")
before_post=$(log_count "$POST_ANY")
browse "$ORIGIN_B" "$TOKEN_QUERY"
if [[ $RESULT != blocked:TypeError:* ]]; then
    fail "$case_name" "page says: $RESULT"
elif ! grep -q "blocked by CORS policy" "$BROWSER_LOG"; then
    fail "$case_name" "fetch failed but Chromium logged no CORS error: $(grep -F CONSOLE "$BROWSER_LOG" | head -n 2)"
elif ! log_reaches "$PREFLIGHT_403" $((before_preflight + 1)); then
    fail "$case_name" "the server's log shows no OPTIONS /v1/token 403"
else
    sleep 0.3
    if [[ $(log_count "$POST_ANY") -ne $before_post ]]; then
        fail "$case_name" "a POST /v1/token reached the server although the preflight was refused"
    else
        pass "$case_name"
    fi
fi

# 4. Other origin, a simple request (no preflight): the server answers, the browser withholds the response.
case_name="other origin $ORIGIN_B: GET /healthz is answered but withheld by the browser (TypeError)"
before_get=$(log_count "$HEALTHZ_200")
browse "$ORIGIN_B" "server=$SERVER&mode=healthz"
if [[ $RESULT != blocked:TypeError:* ]]; then
    fail "$case_name" "page says: $RESULT"
elif ! grep -q "blocked by CORS policy" "$BROWSER_LOG"; then
    fail "$case_name" "fetch failed but Chromium logged no CORS error"
elif ! log_reaches "$HEALTHZ_200" $((before_get + 1)); then
    fail "$case_name" "the server's log shows no GET /healthz 200"
else
    pass "$case_name"
fi

# 5 and 6. The preflight answers themselves, with curl.
# Prints the value of header $2 in the header block file $1 (case-insensitive name), or nothing.
header() {
    tr -d '\r' <"$1" | awk -v name="$2" 'tolower($0) ~ "^" tolower(name) ":" {
        sub(/^[^:]*:[ \t]*/, ""); print; exit }'
}
preflight() {
    local origin=$1 file=$2
    curl -sS -o /dev/null -D "$file" --max-time 10 -X OPTIONS \
        -H "Origin: $origin" -H "Access-Control-Request-Method: POST" \
        -H "Access-Control-Request-Headers: authorization,content-type" "$SERVER/v1/token"
}

case_name="curl: preflight from $ORIGIN_B gets 403, no Access-Control-Allow-Origin, Vary: Origin"
if ! preflight "$ORIGIN_B" "$WORK/preflight-b.txt"; then
    fail "$case_name" "curl failed"
else
    status=$(head -n 1 "$WORK/preflight-b.txt" | tr -d '\r' | cut -d' ' -f2)
    if [[ $status != 403 ]]; then
        fail "$case_name" "status $status"
    elif grep -qi '^access-control-' "$WORK/preflight-b.txt"; then
        fail "$case_name" "CORS headers present: $(grep -i '^access-control-' "$WORK/preflight-b.txt" | tr -d '\r' | tr '\n' ' ')"
    elif [[ $(header "$WORK/preflight-b.txt" vary) != *Origin* ]]; then
        fail "$case_name" "no Vary: Origin"
    else
        pass "$case_name"
    fi
fi

case_name="curl: preflight from $ORIGIN_A gets 204 with its own origin, the methods and headers, no credentials"
if ! preflight "$ORIGIN_A" "$WORK/preflight-a.txt"; then
    fail "$case_name" "curl failed"
else
    status=$(head -n 1 "$WORK/preflight-a.txt" | tr -d '\r' | cut -d' ' -f2)
    acao=$(header "$WORK/preflight-a.txt" access-control-allow-origin)
    acam=$(header "$WORK/preflight-a.txt" access-control-allow-methods)
    acah=$(header "$WORK/preflight-a.txt" access-control-allow-headers)
    acac=$(header "$WORK/preflight-a.txt" access-control-allow-credentials)
    vary=$(header "$WORK/preflight-a.txt" vary)
    if [[ $status != 204 ]]; then
        fail "$case_name" "status $status"
    elif [[ $acao != "$ORIGIN_A" ]]; then
        fail "$case_name" "Access-Control-Allow-Origin: '$acao'"
    elif [[ $acam != "GET, POST, OPTIONS" ]]; then
        fail "$case_name" "Access-Control-Allow-Methods: '$acam'"
    elif [[ $acah != "Authorization, Content-Type" ]]; then
        fail "$case_name" "Access-Control-Allow-Headers: '$acah'"
    elif [[ -n $acac ]]; then
        fail "$case_name" "Access-Control-Allow-Credentials: '$acac'"
    elif [[ $vary != *Origin* ]]; then
        fail "$case_name" "no Vary: Origin"
    else
        pass "$case_name"
    fi
fi

if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    fail "token server" "it exited during the run: $(tail -n 3 "$SERVER_LOG" | tr '\n' ' ')"
fi

echo "$PASSED passed, $FAILED failed"
[[ $FAILED -eq 0 ]]
