#!/usr/bin/env python3
"""Runs twilio-python 9.13.0's RequestValidator (twilio/request_validator.py) for the Swift webhook differential tests.

Usage: webhook_reference.py COMMAND < requests.jsonl > results.jsonl

Every command reads one JSON object per line of standard input and writes one JSON object per line of standard
output, in the same order. Strings are UTF-8 JSON strings. A request's form parameters are `params`: a list of
[name, value] pairs, repeats allowed, given to twilio-python as a MultiDict (below) or, with "paramsKind": "dict",
as a plain dict (names must then be distinct); a raw body is `body`, a string.

Commands:
  sign      each request: {url, params (list or null), secret, algorithm};
            result: {"signature": compute_signature(url, params, algorithm),
                     "withoutPortURL": remove_port(urlparse(url)), "withPortURL": add_port(urlparse(url)),
                     "withoutPort": the signature of withoutPortURL, "withPort": the signature of withPortURL,
                     "bodySHA256": parse_qs(query)["bodySHA256"][0] or null,
                     "bodyHash": compute_hash(body) if the request has a body, else null}
  validate  each request: {url, params (list) or body (string), signature, secret, algorithm};
            result: {"valid": validate(url, params or body, signature, algorithm) (False if it raised),
                     "error": the exception it raised, as "Type: message", or null,
                     "bodyHashChecked": whether the URL's query has a non-empty bodySHA256}
  algorithm each request: {header}, an X-Twilio-Webhooks-Signature-Settings value;
            result: {"algorithm": get_signature_algorithm(header), "supported": whether validate accepts that name
                     (its upper() is HMAC_SHA1 or HMAC_SHA256), "upper": its upper()}
  check     print the versions in use and exit non-zero unless twilio is 9.13.0

The Swift tests (Tests/TwilioWebhooksTests/DifferentialTests.swift) write the requests, run this script and compare
the results byte for byte.
"""

import json
import sys


def require_reference():
    try:
        import twilio
    except ImportError as error:
        sys.exit(f"webhook_reference.py: {error}; run: python3 -m pip install -r Tests/requirements.txt")
    if twilio.__version__ != "9.13.0":
        sys.exit(f"webhook_reference.py: need twilio 9.13.0, found {twilio.__version__}; "
                 "run: python3 -m pip install -r Tests/requirements.txt")
    return twilio.__version__


class MultiDict:
    """The least of a web framework's multidict (werkzeug's MultiDict, as Flask gives it) that RequestValidator uses:
    truthiness, iteration over the distinct names and getall(name) for every value of a name, in order."""

    def __init__(self, pairs):
        self.pairs = [(name, value) for name, value in pairs]

    def __iter__(self):
        return iter(dict.fromkeys(name for name, _ in self.pairs))

    def __len__(self):
        return len(dict.fromkeys(name for name, _ in self.pairs))

    def getall(self, name):
        return [value for pair_name, value in self.pairs if pair_name == name]


def params_of(request):
    pairs = request.get("params")
    if pairs is None:
        return None
    if request.get("paramsKind") == "dict":
        names = [name for name, _ in pairs]
        if len(set(names)) != len(names):
            raise ValueError("webhook_reference.py: a dict request has a repeated name")
        return {name: value for name, value in pairs}
    return MultiDict(pairs)


def sign(request):
    from urllib.parse import parse_qs, urlparse

    from twilio.request_validator import RequestValidator, add_port, remove_port

    validator = RequestValidator(request["secret"])
    algorithm = request["algorithm"]
    params = params_of(request)
    parsed = urlparse(request["url"])
    with_port_url = add_port(parsed)
    without_port_url = remove_port(parsed)
    query = parse_qs(parsed.query)
    body = request.get("body")
    return {
        "signature": validator.compute_signature(request["url"], params, algorithm),
        "withoutPortURL": without_port_url,
        "withPortURL": with_port_url,
        "withoutPort": validator.compute_signature(without_port_url, params, algorithm),
        "withPort": validator.compute_signature(with_port_url, params, algorithm),
        "bodySHA256": query["bodySHA256"][0] if "bodySHA256" in query else None,
        "bodyHash": validator.compute_hash(body) if body is not None else None,
    }


def validate(request):
    from urllib.parse import parse_qs, urlparse

    from twilio.request_validator import RequestValidator

    validator = RequestValidator(request["secret"])
    params = request["body"] if request.get("body") is not None else params_of(request)
    checked = "bodySHA256" in parse_qs(urlparse(request["url"]).query)
    try:
        valid = validator.validate(request["url"], params, request["signature"], request["algorithm"])
        return {"valid": bool(valid), "error": None, "bodyHashChecked": checked}
    except Exception as error:  # noqa: BLE001  (any exception is a rejection, and the test wants to see which)
        return {"valid": False, "error": f"{type(error).__name__}: {error}", "bodyHashChecked": checked}


def algorithm(request):
    from twilio.request_validator import _HASH_FUNCTIONS, get_signature_algorithm

    name = get_signature_algorithm(request["header"])
    return {"algorithm": name, "supported": name.upper() in _HASH_FUNCTIONS, "upper": name.upper()}


COMMANDS = {"sign": sign, "validate": validate, "algorithm": algorithm}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in (*COMMANDS, "check"):
        sys.exit(f"usage: webhook_reference.py {{{'|'.join((*COMMANDS, 'check'))}}} < requests.jsonl")
    version = require_reference()
    if sys.argv[1] == "check":
        print(f"twilio {version}, Python {sys.version.split()[0]}")
        return
    command = COMMANDS[sys.argv[1]]
    output = []
    # Split on line feeds only: str.splitlines would also split at U+2028 or U+0085 inside a JSON string.
    for line in sys.stdin.buffer.read().decode("utf-8").split("\n"):
        if line.strip():
            output.append(json.dumps(command(json.loads(line)), ensure_ascii=False))
    sys.stdout.buffer.write(("\n".join(output) + "\n").encode("utf-8"))


if __name__ == "__main__":
    main()
