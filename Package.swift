// swift-tools-version:6.1
//
// TwilioJWT: mint, verify and inspect the JSON Web Tokens that Twilio's client SDKs use.

import PackageDescription

let package = Package(
    name: "twilio-jwt-swift",
    platforms: [.macOS(.v13), .iOS(.v16), .tvOS(.v16), .watchOS(.v9)],
    products: [
        .library(name: "TwilioJWT", targets: ["TwilioJWT"]),
        .executable(name: "twilio-token", targets: ["TwilioTokenTool"]),
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
        .target(
            name: "TwilioJWT",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                // RSA (RS256/PS256) for Public Key Client Validation tokens; present in swift-crypto 3.x and 4.x.
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "TwilioTokenTool",
            dependencies: [
                "TwilioJWT",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "TwilioJWTTests",
            // The tool's end-to-end tests (CLI/) share the vectors and the Python reference with the library's;
            // depending on the tool makes `swift test` build the binary they run.
            dependencies: ["TwilioJWT", "TwilioTokenTool"],
            resources: [.copy("Vectors")]
        ),
        // libFuzzer targets (Scripts/fuzz.sh); built plainly, they replay a corpus given as arguments.
        .target(name: "FuzzSupport"),
        .executableTarget(
            name: "FuzzBase64URL",
            dependencies: ["TwilioJWT", "FuzzSupport"]
        ),
        .executableTarget(
            name: "FuzzJSON",
            dependencies: ["TwilioJWT", "FuzzSupport"]
        ),
        .executableTarget(
            name: "FuzzVerify",
            dependencies: ["TwilioJWT", "FuzzSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
