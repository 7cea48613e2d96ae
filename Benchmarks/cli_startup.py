#!/usr/bin/env python3
"""Times whole processes that mint the README's access token (compare.sh runs this).

Usage: cli_startup.py TWILIO_TOKEN [--runs N]

Runs, N times each and interleaved: `twilio-token access …` (the release build given), a fresh `python3` that
imports twilio-python 9.13 and mints the same token (what a script calling the reference library costs), and
`/bin/true` (the cost of starting any process here). Each run's stdout is checked: the two token-minting
processes must print the same token. Prints `name<TAB>median ms<TAB>p90 ms` lines.
"""

import argparse
import statistics
import subprocess
import sys
import time

ISSUED_AT = "1700000000"
CLI_ARGUMENTS = [
    "access", "--account-sid", "AC" + "a" * 32, "--api-key", "SK" + "b" * 32,
    "--api-secret", "abcdefghijklmnopqrstuvwxyz012345", "--identity", "alice",
    "--voice-incoming", "--video-room", "DailyStandup", "--now", ISSUED_AT,
]
PYTHON_SCRIPT = f"""
import types
import twilio.jwt
import twilio.jwt.access_token as access_token
from twilio.jwt.access_token.grants import VideoGrant, VoiceGrant
twilio.jwt.time = access_token.time = types.SimpleNamespace(time=lambda: {ISSUED_AT}.0)
token = access_token.AccessToken("{"AC" + "a" * 32}", "{"SK" + "b" * 32}", "abcdefghijklmnopqrstuvwxyz012345",
                                 identity="alice")
token.add_grant(VoiceGrant(incoming_allow=True))
token.add_grant(VideoGrant(room="DailyStandup"))
print(token.to_jwt())
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tool")
    parser.add_argument("--runs", type=int, default=100)
    options = parser.parse_args()

    commands = {
        "cli_access": [options.tool] + CLI_ARGUMENTS,
        "python_process_access": [sys.executable, "-c", PYTHON_SCRIPT],
        "true": ["/bin/true"],
    }
    outputs = {}
    timings = {name: [] for name in commands}
    for run in range(options.runs + 3):
        for name, command in commands.items():
            start = time.perf_counter()
            completed = subprocess.run(command, stdout=subprocess.PIPE, check=True)
            elapsed = (time.perf_counter() - start) * 1000
            outputs[name] = completed.stdout
            if run >= 3:  # the first runs warm the page cache
                timings[name].append(elapsed)
    if outputs["cli_access"] != outputs["python_process_access"]:
        sys.exit("cli_startup.py: twilio-token and twilio-python printed different tokens")
    for name, values in timings.items():
        values.sort()
        p90 = values[min(len(values) - 1, int(len(values) * 0.9))]
        print(f"{name}\t{statistics.median(values):.1f}\t{p90:.1f}")


if __name__ == "__main__":
    main()
