"""Checks one response of a server under test before it is measured: status 200 and a valid Voice access token.

    python check_response.py STATUS BODY_FILE --format raw|json --secret-file F --identity ID --app-sid AP…

`raw` is the body of Flask's /accessToken (the JWT itself), `json` the server's {"token": …}. The token must verify
with the API key secret (HS256), name `identity`, and carry the Voice grant asked for. Exits 1 with the reason.
"""

import argparse
import json
import sys

import jwt


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("status")
    parser.add_argument("body_file")
    parser.add_argument("--format", choices=["raw", "json"], required=True)
    parser.add_argument("--secret-file", required=True)
    parser.add_argument("--identity", required=True)
    parser.add_argument("--app-sid", required=True)
    args = parser.parse_args()

    with open(args.body_file, encoding="utf-8", errors="replace") as file:
        body = file.read()
    if args.status != "200":
        sys.exit(f"status {args.status}, not 200: {body[:300]}")
    token = body.strip() if args.format == "raw" else json.loads(body)["token"]
    with open(args.secret_file) as file:
        secret = file.read().rstrip("\n")
    try:
        claims = jwt.decode(token, secret, algorithms=["HS256"])
    except jwt.PyJWTError as error:
        sys.exit(f"the token does not verify: {error}")
    grants = claims.get("grants", {})
    voice = grants.get("voice", {})
    if grants.get("identity") != args.identity:
        sys.exit(f"identity {grants.get('identity')!r}, not {args.identity!r}")
    outgoing = voice.get("outgoing", {}).get("application_sid")
    if outgoing != args.app_sid or voice.get("incoming", {}).get("allow") is not True:
        sys.exit(f"not the Voice grant asked for: {voice}")


if __name__ == "__main__":
    main()
