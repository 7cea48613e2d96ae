// swift-tools-version:6.2
//
// TwilioJWT: mint, verify and inspect the JSON Web Tokens that Twilio's client SDKs use.
//
// Layers (docs/architecture.md): TwilioJWTEngine, the byte engine with all of the package's pointer code, built with
// strict memory safety; TwilioJWT, the library, in safe Swift over the engine; twilio-token, the command-line tool,
// on the library's public API only. A consumer of the TwilioJWT product builds swift-crypto and these two targets.
//
// The token service and its web-framework adapters are here too, behind package traits (SE-0450), so that an
// application adds them from this one package and an application that enables no trait never resolves or builds
// their stack (Scripts/check-consumer.sh lists what such a consumer resolves):
// - `TokenService`: TwilioTokenService, the framework-neutral service (configuration, policy, rate limits, metrics);
// - `Hummingbird`: TwilioHummingbird, the routes and webhook middleware for Hummingbird 2 (enables TokenService);
// - `Vapor`: TwilioVapor, the same for Vapor 4 (enables TokenService).
// No trait is enabled by default. The standalone twilio-token-server is the package Server/, over `Hummingbird`.

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
        // Empty modules unless their trait is enabled.
        .library(name: "TwilioTokenService", targets: ["TwilioTokenService"]),
        .library(name: "TwilioHummingbird", targets: ["TwilioHummingbird"]),
        .library(name: "TwilioVapor", targets: ["TwilioVapor"]),
    ],
    traits: [
        .trait(
            name: "TokenService",
            description: "TwilioTokenService: the token service's framework-neutral core, for writing an adapter."),
        .trait(
            name: "Hummingbird",
            description: "TwilioHummingbird: the token routes, webhook middleware and Voice routes for Hummingbird 2.",
            enabledTraits: ["TokenService"]),
        .trait(
            name: "Vapor",
            description: "TwilioVapor: app.twilio, req.twilio, the token routes, webhook middleware and Voice routes "
                + "for Vapor 4.",
            enabledTraits: ["TokenService"]),
        .default(enabledTraits: []),
    ],
    dependencies: [
        // Both major versions are API compatible for what we use; accept either so that we never force a
        // downgrade or an upgrade on an application. 3.12 is the first with everything the RSA keys need
        // (getKeyPrimitives, unsafePEMRepresentation); Scripts/build-with-crypto-3.sh checks 3.x in CI.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // Only the command-line tool uses it; the library does not.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // The token service's and the adapters' stack: resolved only when a trait that needs it is enabled.
        .package(
            url: "https://github.com/apple/swift-configuration", from: "1.4.0",
            traits: [.defaults, "YAML", "Reloading"]),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.0"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
        .package(url: "https://github.com/vapor/vapor", from: "4.115.0"),
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
        // The token service, independent of any HTTP framework: configuration, caller authentication, policy, rate
        // limits, metrics, the token routes' request and response shapes, the Voice webhook policy. Every file is
        // inside `#if TokenService`.
        .target(
            name: "TwilioTokenService",
            dependencies: [
                "TwilioJWT",
                "TwilioWebhooks",
                .product(name: "Crypto", package: "swift-crypto", condition: .when(traits: ["TokenService"])),
                .product(
                    name: "Configuration", package: "swift-configuration", condition: .when(traits: ["TokenService"])),
                .product(name: "Logging", package: "swift-log", condition: .when(traits: ["TokenService"])),
                .product(name: "Metrics", package: "swift-metrics", condition: .when(traits: ["TokenService"])),
                .product(name: "JWTKit", package: "jwt-kit", condition: .when(traits: ["TokenService"])),
                .product(
                    name: "AsyncHTTPClient", package: "async-http-client", condition: .when(traits: ["TokenService"])),
                .product(name: "NIOCore", package: "swift-nio", condition: .when(traits: ["TokenService"])),
                .product(name: "Yams", package: "Yams", condition: .when(traits: ["TokenService"])),
            ],
            swiftSettings: [.strictMemorySafety()]
        ),
        // The token service's routes, webhook middleware and Voice routes for Hummingbird 2. Every file is inside
        // `#if Hummingbird`.
        .target(
            name: "TwilioHummingbird",
            dependencies: [
                "TwilioTokenService",
                .product(name: "Hummingbird", package: "hummingbird", condition: .when(traits: ["Hummingbird"])),
                .product(
                    name: "HummingbirdAuth", package: "hummingbird-auth", condition: .when(traits: ["Hummingbird"])),
                .product(name: "NIOCore", package: "swift-nio", condition: .when(traits: ["Hummingbird"])),
                .product(
                    name: "NIOHTTPTypes", package: "swift-nio-extras", condition: .when(traits: ["Hummingbird"])),
                .product(name: "Prometheus", package: "swift-prometheus", condition: .when(traits: ["Hummingbird"])),
            ],
            swiftSettings: [.strictMemorySafety()]
        ),
        // The token service's configuration, request helper, routes, webhook middleware and Voice routes for Vapor 4.
        // Every file is inside `#if Vapor`.
        .target(
            name: "TwilioVapor",
            dependencies: [
                "TwilioTokenService",
                "TwilioWebhooks",
                .product(name: "Vapor", package: "vapor", condition: .when(traits: ["Vapor"])),
            ],
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
