#!/usr/bin/env python3
"""Times twilio-python 9.13 + PyJWT on the tokens and the webhook that Benchmarks/Compare times (compare.sh runs this).

Usage: compare.py [--seconds S] [--runs R] [--expect TOKENS_FILE]

Prints one `name<TAB>tokens per second` line per operation: python_mint_access (AccessToken.to_jwt),
python_verify_access (jwt.decode with HS256, as twilio-python's own Jwt.from_jwt does) and python_mint_capability
(ClientCapabilityToken.to_jwt), and python_webhook_validate (RequestValidator.validate of the webhook request of
twilio-python's own tests: its URL, a Voice call's five parameters as a dict, the signature, with the 32-character
SECRET as the Auth Token). Like Compare, each is timed timeit-style: warmed up, calibrated to about S seconds per run,
run R times, best run reported.

The clock is fixed so that the tokens are those of the Swift library: twilio-python reads time.time() through
its modules' `time` global, replaced here by an object whose time() returns the issue time; PyJWT reads
datetime.now(), replaced during the verify timing by a datetime whose now() returns the verification time. Both
stand-ins cost about what the real calls cost. With --expect, the file holds Compare --print-tokens' output and
the minted tokens and the webhook's signature must equal the library's byte for byte.
"""

import argparse
import sys
import timeit
import types
from datetime import datetime, timezone

ACCOUNT_SID = "AC" + "a" * 32
API_KEY_SID = "SK" + "b" * 32
SECRET = "abcdefghijklmnopqrstuvwxyz012345"
APPLICATION_SID = "AP" + "c" * 32
ISSUED_AT = 1_700_000_000
VERIFIED_AT = ISSUED_AT + 60
WEBHOOK_URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
WEBHOOK_PARAMS = {"CallSid": "CA1234567890ABCDE", "Caller": "+14158675309", "Digits": "1234",
                  "From": "+14158675309", "To": "+18005551212"}


def require_reference():
    try:
        import jwt
        import twilio
    except ImportError as error:
        sys.exit(f"compare.py: {error}; run: python3 -m pip install -r Tests/requirements.txt")
    if twilio.__version__ != "9.13.0":
        sys.exit(f"compare.py: need twilio 9.13.0, found {twilio.__version__}")
    return twilio.__version__, jwt.__version__


def fix_clock():
    import twilio.jwt
    import twilio.jwt.access_token

    clock = types.SimpleNamespace(time=lambda: float(ISSUED_AT))
    twilio.jwt.time = clock
    twilio.jwt.access_token.time = clock


class VerificationTime(datetime):
    """datetime whose now() is the verification time, for PyJWT's exp/nbf/iat checks."""

    instant = datetime.fromtimestamp(VERIFIED_AT, tz=timezone.utc)

    @classmethod
    def now(cls, tz=None):
        return cls.instant


def access_token():
    from twilio.jwt.access_token import AccessToken
    from twilio.jwt.access_token.grants import VideoGrant, VoiceGrant

    token = AccessToken(ACCOUNT_SID, API_KEY_SID, SECRET, identity="alice")
    token.add_grant(VoiceGrant(incoming_allow=True, outgoing_application_sid=APPLICATION_SID,
                               outgoing_application_params={"customer": 42}))
    token.add_grant(VideoGrant(room="DailyStandup"))
    return token


def capability_token():
    from twilio.jwt.client import ClientCapabilityToken

    token = ClientCapabilityToken(ACCOUNT_SID, SECRET)
    token.allow_client_incoming("alice")
    token.allow_client_outgoing(APPLICATION_SID, plan="pro", customer="42")
    return token


def throughput(function, seconds, runs):
    timer = timeit.Timer(function)
    function()  # warm up
    count = 16
    while True:
        elapsed = timer.timeit(count)
        if elapsed >= 0.01:
            count = max(1, int(count * seconds / elapsed))
            break
        count *= 2
    return count / min(timer.repeat(repeat=runs, number=count))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=0.2)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--expect", help="Compare --print-tokens output: name<TAB>token lines")
    args = parser.parse_args()
    twilio_version, pyjwt_version = require_reference()
    print(f"compare.py: twilio {twilio_version}, PyJWT {pyjwt_version}, Python {sys.version.split()[0]}",
          file=sys.stderr)

    import jwt
    import jwt.api_jwt

    fix_clock()
    access = access_token()
    capability = capability_token()
    access_jwt = access.to_jwt()
    capability_jwt = capability.to_jwt()

    from twilio.request_validator import RequestValidator

    webhook_validator = RequestValidator(SECRET)
    webhook_signature = webhook_validator.compute_signature(WEBHOOK_URL, WEBHOOK_PARAMS)

    if args.expect:
        with open(args.expect) as file:
            expected = dict(line.rstrip("\n").split("\t", 1) for line in file if "\t" in line)
        for name, token in (("mint_access", access_jwt), ("mint_capability", capability_jwt),
                            ("webhook_signature", webhook_signature)):
            if expected.get(name) != token:
                sys.exit(f"compare.py: twilio-python's {name} token differs from the library's:\n"
                         f"  python:  {token}\n  library: {expected.get(name)}")

    def verify():
        return jwt.decode(access_jwt, SECRET, algorithms=["HS256"])

    print(f"python_mint_access\t{round(throughput(access.to_jwt, args.seconds, args.runs))}", flush=True)
    real_datetime = jwt.api_jwt.datetime
    jwt.api_jwt.datetime = VerificationTime
    try:
        assert verify()["grants"]["identity"] == "alice"
        print(f"python_verify_access\t{round(throughput(verify, args.seconds, args.runs))}", flush=True)
    finally:
        jwt.api_jwt.datetime = real_datetime
    print(f"python_mint_capability\t{round(throughput(capability.to_jwt, args.seconds, args.runs))}", flush=True)

    def validate_webhook():
        return webhook_validator.validate(WEBHOOK_URL, WEBHOOK_PARAMS, webhook_signature)

    assert validate_webhook()
    print(f"python_webhook_validate\t{round(throughput(validate_webhook, args.seconds, args.runs))}", flush=True)


if __name__ == "__main__":
    main()
