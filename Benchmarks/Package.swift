// swift-tools-version:6.1
//
// Performance measurement for TwilioJWT (issue 6), kept out of the library's package so that neither the library
// nor `swift test` depends on the benchmark framework or on the libraries it is compared with.
//
// - Benchmarks/TwilioJWTBenchmarks: ordo-one/benchmark suites (throughput and malloc counts of minting and
//   verifying each token kind), checked against Thresholds/ by `swift package benchmark thresholds check`.
// - Compare: one release executable that times this library, vapor/jwt-kit and the bare HMAC on the same token, and
//   TwilioWebhooks' validation of one webhook request, for compare.sh (which adds twilio-python + PyJWT and prints
//   the table of docs/performance.md).

import Foundation
import PackageDescription

// A path dependency is referred to by its identity, the name of its directory, which is whatever the checkout of
// the library is called (`main` here, something else in CI's clone): derive it instead of spelling it.
let libraryIdentity = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .lastPathComponent
    .lowercased()

let package = Package(
    name: "TwilioJWTBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        // The malloc counts need the MallocInterposer trait; naming the traits also leaves out the default
        // RuntimeInterposer trait, whose package (swift-runtime-interposer, for ARC metrics on Swift 6.3) these
        // metrics do not need and the machine's package mirror does not have.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.7.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        .target(
            name: "BenchmarkFixtures",
            dependencies: [
                .product(name: "TwilioJWT", package: libraryIdentity),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "TwilioJWTBenchmarks",
            dependencies: [
                "BenchmarkFixtures",
                .product(name: "TwilioJWT", package: libraryIdentity),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/TwilioJWTBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Compare",
            dependencies: [
                "BenchmarkFixtures",
                .product(name: "TwilioJWT", package: libraryIdentity),
                .product(name: "TwilioWebhooks", package: libraryIdentity),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
