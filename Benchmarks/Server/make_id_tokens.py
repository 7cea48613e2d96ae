"""Makes the identity provider of the `jwt` measurement: an RS256 key, its JWKS and many distinct ID tokens.

    python make_id_tokens.py OUT_DIR --count 10000 --issuer ISS --audience AUD

writes OUT_DIR/idp-key.pem (the private key, mode 600), OUT_DIR/jwks.json (its public half: kty, use, alg, kid,
n, e) and OUT_DIR/id-tokens.txt (one token a line, `sub` = user_0 … user_N-1, `iat` = now, `exp` = now + 1 h).
Every token differs (subject and signature), so that a server cannot answer a repeated token from a cache. The
subject becomes the Voice identity, which Twilio limits to A-Z, a-z, 0-9 and `_` (the server refuses `user-0`).
"""

import argparse
import base64
import json
import multiprocessing
import os
import time

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

KID = "bench-rs256-1"

_key = None
_claims = None


def b64url_uint(value: int) -> str:
    data = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _start(pem: bytes, claims: dict) -> None:
    global _key, _claims
    _key = serialization.load_pem_private_key(pem, password=None)
    _claims = claims


def _sign(index: int) -> str:
    claims = dict(_claims, sub=f"user_{index}")
    return jwt.encode(claims, _key, algorithm="RS256", headers={"kid": KID})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--issuer", required=True)
    parser.add_argument("--audience", required=True)
    args = parser.parse_args()

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    key_path = os.path.join(args.out_dir, "idp-key.pem")
    with open(os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as file:
        file.write(pem)

    numbers = key.public_key().public_numbers()
    jwks = {
        "keys": [
            {
                "kty": "RSA",
                "use": "sig",
                "alg": "RS256",
                "kid": KID,
                "n": b64url_uint(numbers.n),
                "e": b64url_uint(numbers.e),
            }
        ]
    }
    with open(os.path.join(args.out_dir, "jwks.json"), "w") as file:
        json.dump(jwks, file)

    now = int(time.time())
    claims = {"iss": args.issuer, "aud": args.audience, "iat": now, "exp": now + 3600}
    # RSA signing is ~1 ms a token in Python: use every core.
    with multiprocessing.Pool(initializer=_start, initargs=(pem, claims)) as pool:
        tokens = pool.map(_sign, range(args.count), chunksize=500)
    if len(set(tokens)) != args.count:
        raise SystemExit("make_id_tokens.py: the tokens are not all distinct")
    with open(os.path.join(args.out_dir, "id-tokens.txt"), "w") as file:
        file.write("\n".join(tokens) + "\n")


if __name__ == "__main__":
    main()
