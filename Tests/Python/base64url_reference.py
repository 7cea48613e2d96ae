#!/usr/bin/env python3
"""Strict unpadded base64url decoding in Python, the reference for the Swift decoder's differential test.

Usage: base64url_reference.py decode < requests.json > results.json

Commands:
  decode   each request is the hex of the bytes to decode; each result is the hex of the decoded bytes,
           or null if the input is not strict unpadded base64url

The rules are those of docs/security-checklist.md#r9 (RFC 7515 §2,
https://www.rfc-editor.org/rfc/rfc7515#section-2): only the RFC 4648 §5 alphabet
(https://www.rfc-editor.org/rfc/rfc4648#section-5), no padding, a length that is not 1 (mod 4), and zero unused
bits in the last character (RFC 4648 §3.5, https://www.rfc-editor.org/rfc/rfc4648#section-3.5). The decoding
itself is the standard library's base64.urlsafe_b64decode, after the rules have been checked, and every
accepted result is checked once more by re-encoding it. Python standard library only.
"""

import base64
import json
import sys

ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def strict_decode(text):
    """The decoded bytes of `text` (bytes), or None if it breaks a rule."""
    if any(byte not in ALPHABET for byte in text):
        return None
    if len(text) % 4 == 1:
        return None
    # The last character of a 2- or 3-character tail carries 4 or 2 bits that are not part of any byte.
    unused_bits = {0: 0, 2: 4, 3: 2}[len(text) % 4]
    if unused_bits and ALPHABET.index(text[-1]) & ((1 << unused_bits) - 1):
        return None
    decoded = base64.urlsafe_b64decode(text + b"=" * (-len(text) % 4))
    # Independent of the rules above: strict decoding is the inverse of encoding, so an accepted string
    # must be the encoding of what it decodes to.
    if base64.urlsafe_b64encode(decoded).rstrip(b"=") != text:
        sys.exit(f"base64url_reference.py: rules accepted a non-canonical string {text!r}")
    return decoded


def main():
    if len(sys.argv) != 2 or sys.argv[1] != "decode":
        sys.exit(__doc__)
    requests = json.load(sys.stdin)
    results = []
    for request in requests:
        decoded = strict_decode(bytes.fromhex(request))
        results.append(None if decoded is None else decoded.hex())
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
