#!/usr/bin/env python3
"""Checks that the README's library example is the one compiled by the test suite.

The first ```swift block of README.md must appear verbatim (indentation aside) in
Tests/TwilioJWTTests/Documentation/ReadmeExampleTests.swift, which compiles and runs it.
"""
import re
import sys
import textwrap
from pathlib import Path

root = Path(__file__).resolve().parent.parent
readme = (root / "README.md").read_text()
example = re.search(r"```swift\n(.*?)```", readme, re.S).group(1)
test = (root / "Tests/TwilioJWTTests/Documentation/ReadmeExampleTests.swift").read_text()


def normalise(text):
    return [" ".join(line.split()) for line in textwrap.dedent(text).splitlines()
            if line.strip() and not line.strip().startswith("import ")]


wanted, have = normalise(example), normalise(test)
for start in range(len(have)):
    if have[start:start + len(wanted)] == wanted:
        print("README example is compiled by ReadmeExampleTests.swift")
        sys.exit(0)
sys.exit("README.md's first swift example differs from Tests/TwilioJWTTests/Documentation/ReadmeExampleTests.swift; "
         "update both together")
