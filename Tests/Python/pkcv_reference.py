#!/usr/bin/env python3
"""Runs twilio-python 9.13.0's Public Key Client Validation code (and PyJWT) for the Swift differential tests.

Usage: pkcv_reference.py COMMAND < requests.json > results.json

Commands (each reads a JSON array and writes a JSON array of results, one per request, in order):
  tokens   build ClientValidationJwt from twilio's ValidationPayload namedtuple under a patched time.time;
           each request: {accountSid, apiKeySid, credentialSid, privateKey (PEM), issuedAt, method, path,
           queryString, headers (object: name -> string or list of strings), caseInsensitiveHeaders (bool),
           signedHeaders (list), body ({"text": str} | {"base64": str} | null)};
           result: {"token": str, "canonicalRequest": str (the text twilio hashed into rqh)}
  client   send a request through twilio's ValidationClient with the network call replaced, and return the token
           it attached; each request: {accountSid, apiKeySid, credentialSid, privateKey, issuedAt, method, url,
           headers (object), body (as above)}; result: {"token": str, "url": the URL requests prepared}
  urls     split URLs with urllib.parse; each request is a URL string;
           result: {"scheme", "netloc", "path", "query", "parsePath"} (parsePath is urlparse's path)
  verify   check tokens with PyJWT; each request: {token, publicKey (PEM), algorithm};
           result: {"valid": bool, "header": object|null, "payload": object|null, "error": str|null}
  sign     sign payloads with PyJWT; each request: {privateKey, algorithm, headers (object), payload (object)};
           result: the compact token
  keys     make keys Swift's swift-crypto cannot make (a request is a list of kinds); result: PEM text per kind
  check    print the versions in use and exit non-zero unless twilio is 9.13.0

The Swift tests write the requests, run this script and compare the results byte for byte.
"""

import base64
import json
import sys
from unittest import mock


def require_reference():
    try:
        import cryptography  # noqa: F401  (PyJWT's RSA support)
        import jwt  # noqa: F401  (PyJWT)
        import twilio
    except ImportError as error:
        sys.exit(f"pkcv_reference.py: {error}; run: python3 -m pip install -r Tests/requirements.txt")
    if twilio.__version__ != "9.13.0":
        sys.exit(f"pkcv_reference.py: need twilio 9.13.0, found {twilio.__version__}; "
                 "run: python3 -m pip install -r Tests/requirements.txt")


def body_of(spec):
    body = spec.get("body")
    if body is None:
        return ""
    if "text" in body:
        return body["text"]
    return base64.b64decode(body["base64"])


def tokens(spec):
    """ClientValidationJwt exactly as ValidationClient builds it, from a ValidationPayload."""
    from requests.structures import CaseInsensitiveDict
    from twilio.http.validation_client import ValidationPayload
    from twilio.jwt.validation import ClientValidationJwt

    headers = spec["headers"]
    if spec.get("caseInsensitiveHeaders"):
        headers = CaseInsensitiveDict(headers)
    payload = ValidationPayload(
        method=spec["method"],
        path=spec["path"],
        query_string=spec["queryString"],
        all_headers=headers,
        signed_headers=spec["signedHeaders"],
        body=body_of(spec),
    )
    token = ClientValidationJwt(spec["accountSid"], spec["apiKeySid"], spec["credentialSid"], spec["privateKey"],
                                payload)

    # Record what twilio hashes: the body first (when there is one), then the canonical request.
    hashed = []
    original = ClientValidationJwt.__dict__["_hash"].__func__

    def recording_hash(cls, input_str):
        hashed.append(input_str)
        return original(cls, input_str)

    with mock.patch("time.time", return_value=float(spec["issuedAt"])), \
            mock.patch.object(ClientValidationJwt, "_hash", classmethod(recording_hash)):
        jwt = token.to_jwt()
    return {"token": jwt, "canonicalRequest": hashed[-1]}


def client(spec):
    """The whole ValidationClient.request path (requests' URL preparation, the Host header, the payload), with
    Session.send replaced so that nothing leaves the machine."""
    from twilio.http.validation_client import ValidationClient

    captured = {}

    class FakeResponse:
        status_code = 200
        text = ""

    def send(prepared, **kwargs):
        captured["request"] = prepared
        return FakeResponse()

    validation_client = ValidationClient(spec["accountSid"], spec["apiKeySid"], spec["credentialSid"],
                                         spec["privateKey"])
    body = body_of(spec)
    with mock.patch("time.time", return_value=float(spec["issuedAt"])), \
            mock.patch.object(validation_client.session, "send", send):
        validation_client.request(spec["method"], spec["url"], data=body if body else None,
                                  headers=dict(spec["headers"]))
    prepared = captured["request"]
    return {"token": prepared.headers["Twilio-Client-Validation"], "url": prepared.url}


def split_url(url):
    from urllib.parse import urlparse, urlsplit

    parts = urlsplit(url)
    return {"scheme": parts.scheme, "netloc": parts.netloc, "path": parts.path, "query": parts.query,
            "parsePath": urlparse(url).path}


def verify(spec):
    import jwt

    try:
        decoded = jwt.decode_complete(spec["token"], spec["publicKey"], algorithms=[spec["algorithm"]],
                                      options={"verify_exp": False, "verify_nbf": False})
    except jwt.PyJWTError as error:
        return {"valid": False, "header": None, "payload": None, "error": f"{type(error).__name__}: {error}"}
    return {"valid": True, "header": decoded["header"], "payload": decoded["payload"], "error": None}


def sign(spec):
    import jwt

    return jwt.encode(spec["payload"], spec["privateKey"], algorithm=spec["algorithm"], headers=spec["headers"])


def make_key(kind):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
    import datetime

    pem = serialization.Encoding.PEM
    pkcs8 = serialization.PrivateFormat.PKCS8
    traditional = serialization.PrivateFormat.TraditionalOpenSSL
    plain = serialization.NoEncryption()
    encrypted = serialization.BestAvailableEncryption(b"correct horse battery staple")

    if kind == "rsaExponent3":
        key = rsa.generate_private_key(public_exponent=3, key_size=2048)
        return key.private_bytes(pem, pkcs8, plain).decode()
    if kind == "rsaExponent3Public":
        key = rsa.generate_private_key(public_exponent=3, key_size=2048)
        return key.public_key().public_bytes(pem, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    if kind == "ecPKCS8":
        return ec.generate_private_key(ec.SECP256R1()).private_bytes(pem, pkcs8, plain).decode()
    if kind == "ecSEC1":
        return ec.generate_private_key(ec.SECP256R1()).private_bytes(pem, traditional, plain).decode()
    if kind == "ecPublic":
        return ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
            pem, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    if kind == "ed25519PKCS8":
        return ed25519.Ed25519PrivateKey.generate().private_bytes(pem, pkcs8, plain).decode()
    if kind == "rsaEncryptedPKCS8":
        return rsa_key.private_bytes(pem, pkcs8, encrypted).decode()
    if kind == "rsaEncryptedPKCS1":
        return rsa_key.private_bytes(pem, traditional, encrypted).decode()
    if kind == "rsaOpenSSH":
        return rsa_key.private_bytes(pem, serialization.PrivateFormat.OpenSSH, plain).decode()
    if kind == "certificate":
        name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "pkcv test")])
        now = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
        certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                       .public_key(rsa_key.public_key()).serial_number(1)
                       .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
                       .sign(rsa_key, hashes.SHA256()))
        return certificate.public_bytes(pem).decode()
    raise ValueError(f"unknown key kind {kind}")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    command = sys.argv[1]
    require_reference()
    if command == "check":
        import cryptography
        import jwt
        import twilio
        print(json.dumps({"twilio": twilio.__version__, "pyjwt": jwt.__version__,
                          "cryptography": cryptography.__version__}))
        return
    handlers = {"tokens": tokens, "client": client, "urls": split_url, "verify": verify, "sign": sign,
                "keys": make_key}
    if command not in handlers:
        sys.exit(f"unknown command {command}\n{__doc__}")
    requests = json.load(sys.stdin)
    json.dump([handlers[command](request) for request in requests], sys.stdout)


if __name__ == "__main__":
    main()
