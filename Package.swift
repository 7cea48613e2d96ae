// swift-tools-version:6.1
//
// TwilioJWT: mint, verify and inspect the JSON Web Tokens that Twilio's client SDKs use.

import PackageDescription

let package = Package(
    name: "twilio-jwt-swift",
    platforms: [.macOS(.v13), .iOS(.v16), .tvOS(.v16), .watchOS(.v9)],
    products: [
        .library(name: "TwilioJWT", targets: ["TwilioJWT"]),
        .executable(name: "mint-example", targets: ["MintExample"]),
    ],
    dependencies: [
        // Both major versions are API compatible for what we use; accept either so that we
        // never force a downgrade or an upgrade on an application.
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0")
    ],
    targets: [
        .target(
            name: "TwilioJWT",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                // RSA (RS256/PS256) for Public Key Client Validation tokens; present in swift-crypto 3.x and 4.x.
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "MintExample",
            dependencies: ["TwilioJWT"]
        ),
        .testTarget(
            name: "TwilioJWTTests",
            dependencies: ["TwilioJWT"],
            resources: [.copy("Vectors")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
