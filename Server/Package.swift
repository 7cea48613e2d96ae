// swift-tools-version:6.2
//
// twilio-token-server: a token service for Twilio's client SDKs, on the TwilioJWT library's public API.
//
// A package of its own, beside the library's, so that an application depending on the TwilioJWT product never
// resolves or builds Hummingbird, SwiftNIO or anything else here (docs/server.md, "What a library consumer builds").
//
// Targets: TwilioTokenService, the framework-neutral service (configuration, caller authentication, policy, rate
// limits, metrics); TwilioTokenServiceHummingbird, the HTTP routes over it for Hummingbird 2, which an application
// can mount in its own router; TwilioTokenServer, the standalone executable `twilio-token-server`.

import PackageDescription

let package = Package(
    name: "twilio-token-server",
    // swift-configuration needs macOS 15 and Hummingbird macOS 14; this floor stays in this package and never reaches
    // the TwilioJWT library's consumers (the library's own floor is macOS 13).
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "TwilioTokenService", targets: ["TwilioTokenService"]),
        .library(name: "TwilioTokenServiceHummingbird", targets: ["TwilioTokenServiceHummingbird"]),
        .executable(name: "twilio-token-server", targets: ["TwilioTokenServer"]),
    ],
    dependencies: [
        .package(name: "twilio-jwt-swift", path: ".."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(
            url: "https://github.com/apple/swift-configuration", from: "1.4.0",
            traits: [.defaults, "YAML", "Reloading"]),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.0"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        .target(
            name: "TwilioTokenService",
            dependencies: [
                .product(name: "TwilioJWT", package: "twilio-jwt-swift"),
                .product(name: "TwilioWebhooks", package: "twilio-jwt-swift"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: [.strictMemorySafety()]
        ),
        .target(
            name: "TwilioTokenServiceHummingbird",
            dependencies: [
                "TwilioTokenService",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: [.strictMemorySafety()]
        ),
        .executableTarget(
            name: "TwilioTokenServer",
            dependencies: [
                "TwilioTokenService",
                "TwilioTokenServiceHummingbird",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: [.strictMemorySafety()]
        ),
        .testTarget(
            name: "TwilioTokenServiceTests",
            dependencies: [
                "TwilioTokenService",
                "TwilioTokenServiceHummingbird",
                // The process tests run the built executable; depending on it makes `swift test` build it.
                "TwilioTokenServer",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
