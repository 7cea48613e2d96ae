#!/usr/bin/env bash
# Runs the test suites: the library's and the tool's (`swift test`), then the token server's
# (`swift test --package-path Server`), whose end-to-end Voice test calls the server with the `twilio-token` the first
# run built. The differential tests compare against twilio-python 9.13.0 + PyJWT, so this
# installs them first (from PyPI); the server's TLS test needs openssl and curl (Debian's packages, installed if
# missing). Arguments go to the library's `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r Tests/requirements.txt
if ! command -v openssl >/dev/null || ! command -v curl >/dev/null; then
    apt-get update -qq && apt-get install -y -qq --no-install-recommends openssl curl ca-certificates
fi
TWILIO_JWT_REQUIRE_REFERENCE=1 swift test "$@"
TWILIO_JWT_REQUIRE_REFERENCE=1 swift test --package-path Server
