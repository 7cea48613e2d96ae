// swift-tools-version:6.2
//
// TwilioJWT: mint, verify and inspect the JSON Web Tokens that Twilio's client SDKs use.
//
// Layers (docs/architecture.md): TwilioJWTEngine, the byte engine with all of the package's pointer code, built with
// strict memory safety; TwilioJWT, the library, in safe Swift over the engine; twilio-token, the command-line tool,
// on the library's public API only. A consumer of the TwilioJWT product builds swift-crypto and these two targets.

import PackageDescription

let package = Package(
    name: "twilio-jwt-swift",
    platforms: [.macOS(.v13), .iOS(.v16), .tvOS(.v16), .watchOS(.v9)],
    products: [
        .library(name: "TwilioJWT", targets: ["TwilioJWT"]),
        .library(name: "TwilioWebhooks", targets: ["TwilioWebhooks"]),
        .executable(name: "twilio-token", targets: ["TwilioTokenTool"]),
        // The HTTP half of `twilio-token webhook send`; install it next to twilio-token.
        .executable(name: "twilio-token-send", targets: ["TwilioTokenSend"]),
    ],
    dependencies: [
        // Both major versions are API compatible for what we use; accept either so that we never force a
        // downgrade or an upgrade on an application. 3.12 is the first with everything the RSA keys need
        // (getKeyPrimitives, unsafePEMRepresentation); Scripts/build-with-crypto-3.sh checks 3.x in CI.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // Only the command-line tool uses it; the library does not.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The byte engine under the library: strict JSON parsing into a flat document and its safe views, JSON
        // writing, base64url, compact JWS assembly and decoding, HMAC-SHA256. Every unsafe expression of the package
        // is here, marked `unsafe` with the invariant that makes it safe. Not a product: only TwilioJWT uses it.
        .target(
            name: "TwilioJWTEngine",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: [.strictMemorySafety()]
        ),
        // The library: tokens, grants, credentials, verification and diagnostics, in safe Swift over the engine
        // (strict memory safety, and no `unsafe` anywhere: Scripts/check-architecture.sh).
        .target(
            name: "TwilioJWT",
            dependencies: [
                "TwilioJWTEngine",
                .product(name: "Crypto", package: "swift-crypto"),
                // RSA (RS256/PS256) for Public Key Client Validation tokens; present in swift-crypto 3.x and 4.x.
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: [.strictMemorySafety()]
        ),
        // Webhook request validation (X-Twilio-Signature), in safe Swift on swift-crypto alone: no web framework, and
        // nothing of TwilioJWT, so an application that only checks webhooks builds only this and swift-crypto.
        .target(
            name: "TwilioWebhooks",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: [.strictMemorySafety()]
        ),
        // The command-line tool, on the library's public API. Its only unsafe expressions are the C library calls
        // for standard input and standard error, in ProcessIO.swift, each marked with its invariant.
        .executableTarget(
            name: "TwilioTokenTool",
            dependencies: [
                "TwilioJWT",
                "TwilioWebhooks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: [.strictMemorySafety()]
        ),
        // `twilio-token webhook send`'s HTTP client (URLSession), a program of its own so that twilio-token never loads
        // Foundation's networking: twilio-token signs the request and runs this in its place.
        .executableTarget(
            name: "TwilioTokenSend",
            swiftSettings: [.strictMemorySafety()]
        ),
        // What the test targets share: the vector files, the Python reference, canary secrets, subprocesses.
        .target(
            name: "TwilioJWTTestSupport",
            dependencies: ["TwilioJWT"],
            path: "Tests/TestSupport",
            resources: [.copy("Vectors")]
        ),
        .testTarget(
            name: "TwilioJWTEngineTests",
            dependencies: ["TwilioJWTEngine", "TwilioJWTTestSupport"]
        ),
        .testTarget(
            name: "TwilioJWTTests",
            dependencies: ["TwilioJWT", "TwilioJWTTestSupport"]
        ),
        .testTarget(
            name: "TwilioWebhooksTests",
            dependencies: ["TwilioWebhooks", "TwilioJWTTestSupport"]
        ),
        // The tool's end-to-end tests run the built binary; depending on the tool makes `swift test` build it.
        .testTarget(
            name: "TwilioTokenToolTests",
            dependencies: ["TwilioJWT", "TwilioWebhooks", "TwilioTokenTool", "TwilioTokenSend", "TwilioJWTTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
