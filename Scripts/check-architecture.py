#!/usr/bin/env python3
"""Checks the package's layering rules (docs/architecture.md) that the compiler does not.

1. The libraries (Sources/TwilioJWT and Sources/TwilioWebhooks), and twilio-token-send (Sources/TwilioTokenSend),
   contain no unsafe construct at all: no `unsafe` expression or attribute, no
   `Unsafe…` type or `withUnsafe…` call, no `@unchecked Sendable`, no `nonisolated(unsafe)`. (Its target is built
   with strict memory safety, which would also warn about an unmarked one; this rule forbids the marked ones too.)
2. The library does not import the engine's implementation: `TwilioJWTEngine` is imported only as
   `@_spi(Engine) import TwilioJWTEngine`, never `@testable` and never without the SPI.
3. Every `unsafe` in the engine (Sources/TwilioJWTEngine) and in the tool (Sources/TwilioTokenTool) has a comment
   starting `// Safe:` that states the invariant that makes it safe: on its line, in the lines just above it, or
   just above a block that encloses it in the same function (the closure that is lent a buffer, say). The tool's unsafe code is confined to ProcessIO.swift, its C library calls.
4. The tool (Sources/TwilioTokenTool) uses only the library's public API: it does not import the engine, and its
   sources type-check as a module outside the package (no `-package-name`), against the built library, so that
   no `package` declaration is within its reach. This builds the tool first.
5. Nothing in the repository cites a document a reader of it cannot open: every relative path to a document or a
   folder (`../…/x.md`, `../…/`) leads to something in the repository.
6. The token service and its adapters (Sources/TwilioTokenService, Sources/TwilioHummingbird, Sources/TwilioVapor)
   and the token server (Server/Sources) contain no unsafe construct either, and reach the library through its
   public API only (no `@testable` or `@_spi` import).

Run from anywhere: `python3 Scripts/check-architecture.py`. Exits 1 and lists each violation.
"""

import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent

# `unsafe` as a keyword (not part of an identifier such as swift-crypto's `unsafePEMRepresentation`), pointer
# types and closures, and the escape hatches from Sendable checking.
UNSAFE_CONSTRUCT = re.compile(r"\bunsafe\b|Unsafe|@unchecked|unsafeBitCast|unsafeDowncast|unsafeAddress")
UNSAFE_KEYWORD = re.compile(r"\bunsafe\b")
SAFE_COMMENT = re.compile(r"^\s*//\s*Safe:")
DECLARATION = re.compile(r"^\s*(@\w+(\(.*?\))?\s+)*((public|package|internal|private|fileprivate|static|mutating|"
                         r"override|final)\s+)*(func|init|subscript|struct|enum|extension|class)\b")
# A relative path to a document or a folder (dot-dot, then names, ending in a document or a slash): checked against
# where it leads from the file that holds it. Paths that are not citations (a package path, a path-traversal test
# input) end in neither.
RELATIVE_PATH = re.compile(r"(?:\.\./)+(?:[\w.-]+/)*(?:[\w-]+\.(?:md|txt|pdf|html|json|yaml|py))?(?![\w./-])")


def leaves_repository(file: pathlib.Path, reference: str) -> bool:
    """Whether `reference` fails to lead to something in the repository, read from `file`'s folder or from the
    repository's root (where the commands run): a citation a reader of the repository cannot open."""
    for base in (file.parent, ROOT):
        target = (base / reference).resolve()
        if (target == ROOT or ROOT in target.parents) and target.exists():
            return False
    return True


def code_of(line: str) -> str:
    """The line without its `//` comment and without the contents of its string literals."""
    out = []
    in_string = False
    i = 0
    while i < len(line):
        c = line[i]
        if in_string:
            if c == "\\":
                i += 2
                continue
            if c == '"':
                in_string = False
                out.append(c)
        else:
            if line.startswith("//", i):
                break
            if c == '"':
                in_string = True
            out.append(c)
        i += 1
    return "".join(out)


def swift_files(directory: str):
    return sorted((ROOT / directory).rglob("*.swift"))


def justified_by_group(lines, index: int) -> bool:
    """Whether a `// Safe:` comment is on line `index` or above it in the same group of lines (up to a dozen, not
    past a blank line or a declaration)."""
    if "// Safe:" in lines[index]:
        return True
    for j in range(index - 1, max(index - 13, -1), -1):
        if SAFE_COMMENT.match(lines[j]):
            return True
        if lines[j].strip() == "" or DECLARATION.match(code_of(lines[j])):
            return False
    return False


def has_safe_comment(lines, index: int) -> bool:
    """Whether line `index` is justified: by a `// Safe:` comment in its own group of lines, or in the group of a
    line that opens a block enclosing it within the same declaration (a closure lent a buffer, say, whose comment
    states what holds for the whole closure)."""
    if justified_by_group(lines, index):
        return True
    depth = 0
    for j in range(index - 1, -1, -1):
        code = code_of(lines[j])
        if DECLARATION.match(code):
            return False
        depth += code.count("}") - code.count("{")
        if depth < 0:
            if justified_by_group(lines, j):
                return True
            depth = 0
    return False


def main() -> int:
    problems = []

    for path in swift_files("Sources/TwilioJWT") + swift_files("Sources/TwilioWebhooks") + swift_files(
            "Sources/TwilioTokenSend"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            code = code_of(line)
            if UNSAFE_CONSTRUCT.search(code) or "nonisolated(unsafe)" in code:
                problems.append(f"{path.relative_to(ROOT)}:{number}: unsafe construct in the library: {line.strip()}")
            if "import TwilioJWTEngine" in code and not re.match(r"^\s*@_spi\(Engine\) (package |internal )?import "
                                                                  r"TwilioJWTEngine\s*$", code):
                problems.append(f"{path.relative_to(ROOT)}:{number}: the engine is imported only as "
                                f"`@_spi(Engine) import TwilioJWTEngine`: {line.strip()}")

    service_sources = [path for directory in ("Sources/TwilioTokenService", "Sources/TwilioHummingbird",
                                              "Sources/TwilioVapor", "Server/Sources")
                       for path in swift_files(directory)]
    for path in service_sources:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            code = code_of(line)
            if UNSAFE_CONSTRUCT.search(code) or "nonisolated(unsafe)" in code:
                problems.append(f"{path.relative_to(ROOT)}:{number}: unsafe construct in the server: {line.strip()}")
            if re.search(r"@testable|@_spi", code):
                problems.append(f"{path.relative_to(ROOT)}:{number}: the server uses the library's public API only: "
                                f"{line.strip()}")

    for directory in ("Sources/TwilioJWTEngine", "Sources/TwilioTokenTool"):
        for path in swift_files(directory):
            lines = path.read_text().splitlines()
            for index, line in enumerate(lines):
                code = code_of(line).replace("@unsafe", "")  # a type's attribute; its doc comment says why
                if not UNSAFE_KEYWORD.search(code):
                    continue
                where = f"{path.relative_to(ROOT)}:{index + 1}"
                if directory.endswith("TwilioTokenTool") and path.name != "ProcessIO.swift":
                    problems.append(f"{where}: the tool's unsafe code belongs in ProcessIO.swift: {line.strip()}")
                elif not has_safe_comment(lines, index):
                    problems.append(f"{where}: `unsafe` without a `// Safe:` comment stating its invariant: "
                                    f"{line.strip()}")

    tool_sources = swift_files("Sources/TwilioTokenTool")
    for path in tool_sources:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if "TwilioJWTEngine" in code_of(line):
                problems.append(f"{path.relative_to(ROOT)}:{number}: the tool uses the library, not the engine")
    subprocess.run(["swift", "build", "--product", "twilio-token"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    bin_path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    typecheck = subprocess.run(
        ["swiftc", "-typecheck", "-parse-as-library", "-swift-version", "6", "-module-name", "OutsideTool",
         "-I", f"{bin_path}/Modules", *map(str, tool_sources)],
        cwd=ROOT, capture_output=True, text=True)
    if typecheck.returncode != 0:
        errors = [line for line in typecheck.stderr.splitlines() if "error:" in line]
        problems.append("Sources/TwilioTokenTool does not type-check outside the package (it needs a symbol that "
                        "is not public):\n  " + "\n  ".join(errors[:20] or typecheck.stderr.splitlines()[:20]))

    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for name in tracked.splitlines():
        if name.startswith("Fuzz/Corpus/"):
            continue
        path = ROOT / name
        try:
            text = path.read_text()
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if any(leaves_repository(path, reference) for reference in RELATIVE_PATH.findall(line)):
                problems.append(f"{name}:{number}: cites a document outside the repository: {line.strip()[:120]}")

    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} architecture rule violation(s); see Scripts/check-architecture.py", file=sys.stderr)
        return 1
    print("architecture rules hold: a safe library over a fenced engine, every unsafe justified, the tool and the "
          "server on the public API, no outside citations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
