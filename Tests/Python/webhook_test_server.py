#!/usr/bin/env python3
"""A local HTTP server for the end-to-end tests of `twilio-token webhook send`.

Usage: webhook_test_server.py MODE

It listens on 127.0.0.1 on a port the system chooses, prints `PORT <port>` on its first line, then one JSON line per
request it receives: {"method", "target", "headers": [[name, value], …] in the order received, "body": hex}. It serves
until its standard input ends (the test closes it: a signal could be blocked in the mask a test runner's thread hands
down). MODE is how it answers every request:

  ok        200, Content-Type text/xml, a TwiML body
  forbidden 403, Content-Type text/plain, "invalid signature"
  redirect  302 to /elsewhere on this server, body "moved"
  silent    reads the request and never answers (for the timeout test)
"""

import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

TWIML = b'<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hello</Say></Response>'


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        record = {
            "method": self.command,
            "target": self.path,
            "headers": [[name, value] for name, value in self.headers.items()],
            "body": body.hex(),
        }
        print(json.dumps(record), flush=True)
        mode = self.server.mode
        if mode == "silent":
            time.sleep(3600)
        elif mode == "ok":
            self.answer(200, "text/xml", TWIML)
        elif mode == "forbidden":
            self.answer(403, "text/plain", b"invalid signature")
        elif mode == "redirect":
            port = self.server.server_address[1]
            self.answer(302, "text/plain", b"moved", location=f"http://127.0.0.1:{port}/elsewhere")

    do_GET = do_POST

    def answer(self, status, content_type, body, location=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in ("ok", "forbidden", "redirect", "silent"):
        sys.exit(__doc__)
    server = HTTPServer(("127.0.0.1", 0), Handler)
    server.mode = sys.argv[1]
    print(f"PORT {server.server_address[1]}", flush=True)
    threading.Thread(target=serve, args=(server,), daemon=True).start()
    sys.stdin.buffer.read()
    sys.stdout.flush()
    os._exit(0)


def serve(server):
    server.serve_forever()


if __name__ == "__main__":
    main()
