#!/usr/bin/env bash
# Builds the TwilioJWT library and its engine against swift-crypto 3.x (Package.swift accepts 3.12.3 up to 5.0.0,
# and a normal build resolves 4.x), so that the promise to support both major versions is checked. Both targets
# keep strict memory safety here, and warnings are errors.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/Sources"
ln -s "$root/Sources/TwilioJWTEngine" "$work/Sources/TwilioJWTEngine"
ln -s "$root/Sources/TwilioJWT" "$work/Sources/TwilioJWT"
cat > "$work/Package.swift" <<'MANIFEST'
// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "twilio-jwt-crypto3",
    platforms: [.macOS(.v13), .iOS(.v16), .tvOS(.v16), .watchOS(.v9)],
    dependencies: [.package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3")],
    targets: [
        .target(
            name: "TwilioJWTEngine",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: [.strictMemorySafety()]
        ),
        .target(
            name: "TwilioJWT",
            dependencies: [
                "TwilioJWTEngine",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: [.strictMemorySafety()]
        ),
    ],
    swiftLanguageModes: [.v6]
)
MANIFEST
cd "$work"
if ! swift build -Xswiftc -warnings-as-errors > build.log 2>&1; then
    grep -E "error|warning" build.log | sort -u >&2 || tail -20 build.log >&2
    echo "TwilioJWT does not build with swift-crypto 3.12.3" >&2
    exit 1
fi
echo "TwilioJWT builds with swift-crypto 3.12.3 (no warnings)"
