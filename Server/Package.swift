// swift-tools-version:6.2
//
// twilio-token-server: a token service for Twilio's client SDKs, on the TwilioJWT library's public API.
//
// A package of its own, beside the library's: the executable and the tests of the token service. The service
// (TwilioTokenService) and its adapters (TwilioHummingbird, TwilioVapor) are products of the library's package behind
// its traits, so that an application can depend on them by URL; this package enables the traits it needs.

import PackageDescription

let package = Package(
    name: "twilio-token-server",
    // swift-configuration needs macOS 15 and Hummingbird macOS 14; this floor stays in this package and never reaches
    // the TwilioJWT library's consumers (the library's own floor is macOS 13).
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "twilio-token-server", targets: ["TwilioTokenServer"])
    ],
    dependencies: [
        .package(name: "twilio-jwt-swift", path: "..", traits: ["Hummingbird", "Vapor"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // The Vapor adapter's tests: VaporTesting, and vapor/jwt's authenticator in front of the token routes.
        .package(url: "https://github.com/vapor/vapor", from: "4.115.0"),
        .package(url: "https://github.com/vapor/jwt", from: "5.1.0"),
    ],
    targets: [
        .executableTarget(
            name: "TwilioTokenServer",
            dependencies: [
                .product(name: "TwilioTokenService", package: "twilio-jwt-swift"),
                .product(name: "TwilioHummingbird", package: "twilio-jwt-swift"),
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
                .product(name: "TwilioTokenService", package: "twilio-jwt-swift"),
                .product(name: "TwilioHummingbird", package: "twilio-jwt-swift"),
                .product(name: "TwilioVapor", package: "twilio-jwt-swift"),
                // The process tests run the built executable; depending on it makes `swift test` build it.
                "TwilioTokenServer",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "JWT", package: "jwt"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
