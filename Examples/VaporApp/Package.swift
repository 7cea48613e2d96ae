// swift-tools-version:6.2
//
// A Vapor 4 app that serves Twilio tokens to its own logged-in users and answers Twilio's Voice webhooks, with
// TwilioVapor (the trait `Vapor` of twilio-jwt-swift). README.md says how to run it.

import PackageDescription

let package = Package(
    name: "VaporApp",
    // swift-configuration, under TwilioTokenService, needs macOS 15.
    platforms: [.macOS(.v15)],
    dependencies: [
        // In your app, a checkout of the package beside it (it is not published to a registry yet), with the trait:
        // .package(path: "../twilio-jwt-swift", traits: ["Vapor"]).
        .package(name: "twilio-jwt-swift", path: "../..", traits: ["Vapor"]),
        .package(url: "https://github.com/vapor/vapor", from: "4.115.0"),
        .package(url: "https://github.com/vapor/jwt", from: "5.1.0"),
    ],
    targets: [
        .executableTarget(
            name: "VaporApp",
            dependencies: [
                .product(name: "TwilioVapor", package: "twilio-jwt-swift"),
                .product(name: "Vapor", package: "vapor"),
                .product(name: "JWT", package: "jwt"),
            ]
        ),
        .testTarget(
            name: "VaporAppTests",
            dependencies: [
                "VaporApp",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "JWT", package: "jwt"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
