#!/usr/bin/env python3
"""Synthesises the twilio-java and twilio-csharp access tokens of Vectors/cross-library-tokens.json.

Usage: cross_library_fixtures.py [--check | --write]

  (no option)  print the synthesised entries as JSON
  --check      exit non-zero unless cross-library-tokens.json holds exactly these entries
  --write      replace the SYN-JAVA / SYN-CSHARP entries of cross-library-tokens.json (others are kept)

Neither library was executed. The tokens are assembled byte by byte from the layouts that the libraries'
source writes, and HS256-signed with the fake credentials of cross-library-tokens.json (API key SKbbb…b, secret
abcdefghijklmnopqrstuvwxyz012345, account ACaaa…a), like its SYN-NODE, SYN-GO and SYN-EXTWILIO entries. The
layouts were read from:

* twilio-java: src/main/java/com/twilio/jwt/accesstoken/AccessToken.java and src/main/java/com/twilio/jwt/Jwt.java,
  https://github.com/twilio/twilio-java/blob/81babc16e8114c4512052669378bbb553dc35ebd/src/main/java/com/twilio/jwt/accesstoken/AccessToken.java
* twilio-csharp: src/Twilio/JWT/AccessToken/Token.cs and src/Twilio/JWT/BaseJwt.cs,
  https://github.com/twilio/twilio-csharp/blob/ed1f83d12693301d47cb31e2f24ec6086ee5f300/src/Twilio/JWT/AccessToken/Token.cs

What they write:

* twilio-java (jjwt): the header is a java.util.HashMap of typ, cty and twr (when a region is given), copied
  into the JWT header in HashMap iteration order, with alg added last by jjwt when it signs. The claims are
  added in builder order: iss, exp, grants, jti, sub and nbf (only when nbf(Date) is given). grants is a HashMap
  too (identity, then each grant's key). jti is "<SK>-" + (int)Math.floor(millis / 1000.0f): the long is
  rounded to a float and divided in float, so the seconds come out at a multiple of 128 (1700000100 gives
  1700000000). The token with the rounded jti is minted at 1700000100.
* twilio-csharp (System.IdentityModel.Tokens.Jwt): JwtHeader writes alg and typ, then the token's headers
  cty and twr (when a region is given); the payload is iss, exp (JwtPayload), then jti, sub, nbf (when given)
  and grants, whose Dictionary keeps insertion order: identity first, then the grants.

Python standard library only.
"""

import base64
import hashlib
import hmac
import json
import math
import pathlib
import struct
import sys

API_KEY_SID = "SK" + "b" * 32
API_KEY_SECRET = b"abcdefghijklmnopqrstuvwxyz012345"
ACCOUNT_SID = "AC" + "a" * 32
APP_SID = "AP" + "c" * 32
PUSH_CREDENTIAL_SID = "CR" + "d" * 32
CHAT_SERVICE_SID = "IS" + "e" * 32

VECTORS = pathlib.Path(__file__).resolve().parents[1] / "TestSupport" / "Vectors" / "cross-library-tokens.json"
PREFIXES = ("SYN-JAVA", "SYN-CSHARP")
SOURCES = {
    "java": "https://github.com/twilio/twilio-java/blob/81babc16e8114c4512052669378bbb553dc35ebd/src/main/java/com/twilio/jwt/accesstoken/AccessToken.java",
    "c#": "https://github.com/twilio/twilio-csharp/blob/ed1f83d12693301d47cb31e2f24ec6086ee5f300/src/Twilio/JWT/AccessToken/Token.cs",
}
SOURCE = (
    "layout of twilio-{row}'s source ({url}); synthesised by Tests/Python/cross_library_fixtures.py (not produced by "
    "the library)"
)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def compact(members):
    """Compact JSON of a list of (name, value) pairs, in that order (values may be such lists too)."""

    def encode(value):
        if isinstance(value, list):
            return "{" + ",".join(json.dumps(k) + ":" + encode(v) for k, v in value) + "}"
        return json.dumps(value, separators=(",", ":"))

    return encode(members)


def sign(header, payload):
    signing_input = b64url(header.encode()) + "." + b64url(payload.encode())
    mac = hmac.new(API_KEY_SECRET, signing_input.encode("ascii"), hashlib.sha256).digest()
    return signing_input + "." + b64url(mac)


# --- twilio-java ---------------------------------------------------------------------------------------------


def java_string_hash(text):
    """java.lang.String.hashCode (over UTF-16 code units), as an unsigned 32-bit value."""
    value = 0
    units = text.encode("utf-16-be")
    for index in range(0, len(units), 2):
        value = (31 * value + int.from_bytes(units[index:index + 2], "big")) & 0xFFFFFFFF
    return value


def java_hashmap_order(keys):
    """The iteration order of a java.util.HashMap with default capacity (16 buckets) after putting `keys` in order.

    HashMap spreads the hash (h ^ h >>> 16), takes the low four bits as the bucket, and iterates the buckets in
    index order, each bucket in insertion order. Valid up to 12 keys (no resize).
    """
    assert len(keys) <= 12

    def bucket(key):
        h = java_string_hash(key)
        return (h ^ (h >> 16)) & 15

    return sorted(keys, key=lambda key: (bucket(key), keys.index(key)))


def java_hashmap(pairs):
    values = dict(pairs)
    return [(key, values[key]) for key in java_hashmap_order([key for key, _ in pairs])]


def to_float32(value):
    return struct.unpack("<f", struct.pack("<f", value))[0]


def java_jti_seconds(now):
    """(int)Math.floor(millis / 1000.0f): long → float, then a float division (exact, then rounded to float)."""
    millis = to_float32(float(now * 1000))
    return int(math.floor(to_float32(millis / 1000.0)))


def java_token(now, identity, grants, region=None, nbf=None):
    header_map = [("typ", "JWT"), ("cty", "twilio-fpa;v=1")]
    if region is not None:
        header_map.append(("twr", region))
    header = java_hashmap(header_map) + [("alg", "HS256")]
    grant_map = java_hashmap(([("identity", identity)] if identity is not None else []) + grants)
    payload = [
        ("iss", API_KEY_SID),
        ("exp", now + 3600),
        ("grants", grant_map),
        ("jti", f"{API_KEY_SID}-{java_jti_seconds(now)}"),
        ("sub", ACCOUNT_SID),
    ]
    if nbf is not None:
        payload.append(("nbf", nbf))
    return compact(header), compact(payload)


# --- twilio-csharp -------------------------------------------------------------------------------------------


def csharp_token(now, identity, grants, region=None, nbf=None):
    header = [("alg", "HS256"), ("typ", "JWT"), ("cty", "twilio-fpa;v=1")]
    if region is not None:
        header.append(("twr", region))
    payload = [("iss", API_KEY_SID), ("exp", now + 3600), ("jti", f"{API_KEY_SID}-{now}"), ("sub", ACCOUNT_SID)]
    if nbf is not None:
        payload.append(("nbf", nbf))
    payload.append(("grants", ([("identity", identity)] if identity is not None else []) + grants))
    return compact(header), compact(payload)


# --- the entries ---------------------------------------------------------------------------------------------

# Java's VoiceGrant.Payload is a Jackson bean (incoming, outgoing, push_credential_sid, endpoint_id); every
# member is set so that no null is written. `incoming` and `outgoing` are HashMaps.
JAVA_VOICE = (
    "voice",
    [
        ("incoming", java_hashmap([("allow", True)])),
        ("outgoing", java_hashmap([("application_sid", APP_SID)])),
        ("push_credential_sid", PUSH_CREDENTIAL_SID),
        ("endpoint_id", "alice-ep1"),
    ],
)
# C#'s VoiceGrant.Payload is a Dictionary in insertion order: outgoing, push_credential_sid, endpoint_id.
CSHARP_VOICE = (
    "voice",
    [("outgoing", [("application_sid", APP_SID)]), ("push_credential_sid", PUSH_CREDENTIAL_SID)],
)


def entries():
    # twilio-java's jti seconds are (int)Math.floor(millis / 1000.0f) (AccessToken.java): 1700000100 gives 1700000000.
    assert java_jti_seconds(1700000100) == 1700000000
    specs = [
        (
            "SYN-JAVA access token (HashMap header + alg, jti rounded in float, no nbf)",
            "java",
            java_token(1700000100, "alice", [JAVA_VOICE, ("video", [("room", "DailyStandup")])]),
            "alice",
        ),
        (
            "SYN-JAVA access token (region, nbf, chat)",
            "java",
            java_token(
                1700000000, "alice", [("chat", [("service_sid", CHAT_SERVICE_SID)])], region="ie1", nbf=1700000000
            ),
            "alice",
        ),
        (
            "SYN-CSHARP access token (JwtHeader alg,typ then cty; nbf; identity first)",
            "c#",
            csharp_token(1700000000, "alice", [CSHARP_VOICE, ("video", [("room", "DailyStandup")])], nbf=1700000000),
            "alice",
        ),
        (
            "SYN-CSHARP access token (region, no nbf, no identity)",
            "c#",
            csharp_token(1700000000, None, [("chat", [("service_sid", CHAT_SERVICE_SID)])], region="au1"),
            None,
        ),
    ]
    result = []
    for identifier, row, (header, payload), identity in specs:
        grants = dict(json.loads(payload, object_pairs_hook=list))["grants"]
        result.append({
            "id": identifier,
            "kind": "access",
            "token": sign(header, payload),
            "identity": identity,
            "grantKeys": [key for key, _ in grants if key != "identity"],
            "header": header,
            "payload": payload,
            "source": SOURCE.format(row={"java": "java", "c#": "csharp"}[row], url=SOURCES[row]),
        })
    return result


def main(argv):
    generated = entries()
    if len(argv) == 1:
        print(json.dumps(generated, indent=2, ensure_ascii=False))
        return 0
    if argv[1:] not in (["--check"], ["--write"]):
        print(__doc__, file=sys.stderr)
        return 2
    document = json.loads(VECTORS.read_text(encoding="utf-8"))
    kept = [entry for entry in document["tokens"] if not entry["id"].startswith(PREFIXES)]
    present = [entry for entry in document["tokens"] if entry["id"].startswith(PREFIXES)]
    if argv[1] == "--check":
        if present != generated:
            print(f"{VECTORS.name}: the SYN-JAVA/SYN-CSHARP entries differ; run {argv[0]} --write", file=sys.stderr)
            return 1
        return 0
    document["tokens"] = kept + generated
    VECTORS.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
