#!/usr/bin/env bash
# Runs the test suite. The differential tests compare against twilio-python 9.13.0 + PyJWT, so this
# installs them first (from PyPI) and then runs `swift test` with any arguments given.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r Tests/requirements.txt
TWILIO_JWT_REQUIRE_REFERENCE=1 swift test "$@"
