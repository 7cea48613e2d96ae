#!/usr/bin/env python3
"""Checks that the README shows real code and real output.

- Every ```swift block of README.md must appear verbatim (indentation aside) in
  Tests/TwilioJWTTests/Documentation/ReadmeExampleTests.swift or Tests/TwilioWebhooksTests/ReadmeExampleTests.swift,
  which compile and run it (a block may be a
  Package.swift fragment: those are checked by the package itself and skipped here).
- With the path of a built twilio-token as argument, the ```text block that starts with
  "$ twilio-token --help" must be exactly what that binary prints for --help, and so must every other ```text block
  that starts with "$ twilio-token <subcommand>… --help" for that subcommand (`$ twilio-token webhook --help`).
"""
import re
import sys
import textwrap
from pathlib import Path

root = Path(__file__).resolve().parent.parent
readme = (root / "README.md").read_text()
examples = [block for block in re.findall(r"```swift\n(.*?)```", readme, re.S) if ".package(" not in block]
test = "\n".join((root / path).read_text() for path in (
    "Tests/TwilioJWTTests/Documentation/ReadmeExampleTests.swift", "Tests/TwilioWebhooksTests/ReadmeExampleTests.swift"))


def normalise(text):
    return [" ".join(line.split()) for line in textwrap.dedent(text).splitlines()
            if line.strip() and not line.strip().startswith("import ")]


have = normalise(test)
for number, example in enumerate(examples, start=1):
    wanted = normalise(example)
    if not any(have[start:start + len(wanted)] == wanted for start in range(len(have))):
        sys.exit(f"README.md's swift example {number} differs from the ReadmeExampleTests.swift files; "
                 "update both together")
print(f"README's {len(examples)} swift examples are compiled by the ReadmeExampleTests.swift files")

if len(sys.argv) > 1:
    import subprocess
    blocks = re.findall(r"```text\n\$ twilio-token((?: [a-z-]+)*) --help\n(.*?)```", readme, re.S)
    if not any(subcommands == "" for subcommands, _ in blocks):
        sys.exit("README.md has no `$ twilio-token --help` block")
    for subcommands, shown in blocks:
        command = ["twilio-token", *subcommands.split(), "--help"]
        actual = subprocess.run([sys.argv[1], *command[1:]], capture_output=True, text=True, check=True).stdout
        if shown.rstrip("\n") != actual.rstrip("\n"):
            sys.exit(f"README.md's `{' '.join(command)}` block differs from the tool's output; paste the new output")
    print(f"README's {len(blocks)} --help outputs are the tool's")
