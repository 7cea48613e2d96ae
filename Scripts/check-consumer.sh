#!/usr/bin/env bash
# Checks what an application that depends only on the TwilioJWT product resolves and builds: swift-crypto (with
# swift-asn1) and the library's own targets, and never the token service's stack (Vapor, Hummingbird, SwiftNIO,
# jwt-kit…), which the package's traits TokenService, Hummingbird and Vapor bring in only when enabled (SE-0450).
#
# It makes a throwaway package in a temporary folder that depends on this checkout by path, builds it, and fails if the
# resolution or the build reaches anything else. Then the same for a consumer of the TwilioWebhooks product alone,
# which builds swift-crypto and TwilioWebhooks only (no web framework, not even TwilioJWT). Last, it resolves (without
# building) a consumer that enables the trait Vapor: Vapor comes in, Hummingbird and its stack do not.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/Sources/Consumer"
cat > "$work/Package.swift" <<MANIFEST
// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "consumer",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "twilio-jwt-swift", path: "$root")],
    targets: [
        .executableTarget(name: "Consumer", dependencies: [.product(name: "TwilioJWT", package: "twilio-jwt-swift")])
    ]
)
MANIFEST
cat > "$work/Sources/Consumer/main.swift" <<'SOURCE'
import TwilioJWT

let key = try APIKey(
    sid: "SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", secret: Secret("abcdefghijklmnopqrstuvwxyz012345"),
    accountSID: "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
print(try AccessToken(identity: "alice", grants: [.video(VideoGrant(room: "standup"))]).jwt(signedWith: key, issuedAt: 0))
SOURCE

swift build --package-path "$work" -q
"$work/.build/debug/Consumer" | grep -q '^eyJ' || { echo "check-consumer: the consumer did not mint a token"; exit 1; }

# A path dependency's identity is its folder's name, in lower case.
self_identity=$(basename "$root" | tr '[:upper:]' '[:lower:]')
resolved=$(swift package --package-path "$work" show-dependencies --format flatlist | sort | tr '\n' ' ')
echo "check-consumer: a TwilioJWT consumer resolves: $resolved"
for package in $resolved; do
    case "$package" in
        "$self_identity" | swift-crypto | swift-asn1 | swift-argument-parser) ;;
        *) echo "check-consumer: a TwilioJWT consumer must not resolve $package"; exit 1 ;;
    esac
done

modules=$(find "$work/.build/debug/Modules" -maxdepth 1 -name '*.swiftmodule' -exec basename {} .swiftmodule \; | sort | tr '\n' ' ')
echo "check-consumer: and builds the Swift modules: $modules"
for module in $modules; do
    case "$module" in
        Consumer | TwilioJWT | TwilioJWTEngine | Crypto | _CryptoExtras | CryptoExtras | CryptoBoringWrapper | SwiftASN1) ;;
        *) echo "check-consumer: a TwilioJWT consumer must not build $module"; exit 1 ;;
    esac
done

# A consumer of the TwilioWebhooks product alone builds swift-crypto and that one module: not even TwilioJWT.
rm -rf "$work/.build" "$work/Sources/Consumer/main.swift"
sed -i 's/.product(name: "TwilioJWT", package: "twilio-jwt-swift")/.product(name: "TwilioWebhooks", package: "twilio-jwt-swift")/' "$work/Package.swift"
cat > "$work/Sources/Consumer/main.swift" <<'SOURCE'
import TwilioWebhooks

let validator = try WebhookValidator(authTokens: [WebhookSecret("12345")])
let url = "https://mycompany.com/myapp.php?foo=1&bar=2"
let parameters: WebhookParameters = [
    "CallSid": "CA1234567890ABCDE", "Caller": "+14158675309", "Digits": "1234", "From": "+14158675309",
    "To": "+18005551212",
]
try validator.validate(WebhookRequest(url: url, body: .form(parameters), signature: "RSOYDt4T1cUTdK1PDd93/VVr8B8="))
print("valid")
SOURCE
swift build --package-path "$work" -q
"$work/.build/debug/Consumer" | grep -qx valid || { echo "check-consumer: the webhook consumer did not validate"; exit 1; }
modules=$(find "$work/.build/debug/Modules" -maxdepth 1 -name '*.swiftmodule' -exec basename {} .swiftmodule \; | sort | tr '\n' ' ')
echo "check-consumer: a TwilioWebhooks consumer builds the Swift modules: $modules"
for module in $modules; do
    case "$module" in
        Consumer | TwilioWebhooks | Crypto | CryptoBoringWrapper | SwiftASN1) ;;
        *) echo "check-consumer: a TwilioWebhooks consumer must not build $module"; exit 1 ;;
    esac
done

# A Vapor application enables the trait Vapor: it resolves Vapor, and nothing that only the Hummingbird adapter uses.
rm -rf "$work/.build" "$work/Package.resolved" "$work/Sources/Consumer/main.swift"
sed -i -e 's/path: "\([^"]*\)")]/path: "\1", traits: ["Vapor"])]/' \
    -e 's/.product(name: "TwilioWebhooks", package: "twilio-jwt-swift")/.product(name: "TwilioVapor", package: "twilio-jwt-swift")/' \
    -e 's/.macOS(.v13)/.macOS(.v15)/' "$work/Package.swift"
grep -q 'traits: \["Vapor"\]' "$work/Package.swift" || { echo "check-consumer: the Vapor consumer's manifest is wrong"; exit 1; }
echo 'import TwilioVapor' > "$work/Sources/Consumer/main.swift"
resolved=$(swift package --package-path "$work" show-dependencies --format flatlist 2>/dev/null | sort -u | tr '\n' ' ')
echo "check-consumer: a consumer with the trait Vapor resolves: $resolved"
[[ " $resolved " == *" vapor "* ]] || { echo "check-consumer: the trait Vapor did not bring Vapor in"; exit 1; }
for package in hummingbird hummingbird-auth swift-prometheus; do
    [[ " $resolved " != *" $package "* ]] || { echo "check-consumer: a Vapor consumer must not resolve $package"; exit 1; }
done
echo "check-consumer: OK"
