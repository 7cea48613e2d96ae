// swift-tools-version:6.2
//
// libFuzzer targets for TwilioJWT and TwilioWebhooks (docs/fuzzing.md), kept out of the library's package so that
// neither the library nor `swift test` builds them, and written against the libraries' public API only, as an
// application would call it.
//
// - FuzzBase64URL: the strict base64url decoder, reached as the signature segment of `UnverifiedToken(decoding:)`,
//   against a reference decoder and encoder; and the encoder, through the segments of minted access tokens.
// - FuzzJSON: the strict JSON reader, through `JSONValue(parsing:maximumDepth:)` and, so that bytes that are not UTF-8
//   reach it too, through the payload segment of `UnverifiedToken(decoding:)`.
// - FuzzVerify: `TokenVerifier.verify`, `UnverifiedToken(decoding:)`, `claims()` and `lint(at:)` on any token.
// - FuzzWebhook: TwilioWebhooks: `WebhookParameters(formURLEncoded:)` against a model decoder, `WebhookURL`,
//   `WebhookSignatureSettings` and `WebhookValidator.validate` on any request.
// - FuzzSupport: what the four share: the corpus replay of a plain build, the reference base64url codec.
//
// Built with `-DFUZZING` (Scripts/fuzz.sh), each executable is only the libFuzzer entry point; built plainly, it
// replays the files and directories given to it: `swift run --package-path Fuzz FuzzJSON Fuzz/Corpus/FuzzJSON`.

import Foundation
import PackageDescription

// A path dependency is referred to by its identity, the name of its directory, which is whatever the checkout of
// the library is called (`main` for the project's own, something else in CI's clone or a copy): derive it instead of
// spelling it.
let libraryIdentity = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .lastPathComponent
    .lowercased()

let package = Package(
    name: "TwilioJWTFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: "..")
    ],
    targets: [
        .target(name: "FuzzSupport"),
        .executableTarget(
            name: "FuzzBase64URL",
            dependencies: [.product(name: "TwilioJWT", package: libraryIdentity), "FuzzSupport"]
        ),
        .executableTarget(
            name: "FuzzJSON",
            dependencies: [.product(name: "TwilioJWT", package: libraryIdentity), "FuzzSupport"]
        ),
        .executableTarget(
            name: "FuzzVerify",
            dependencies: [.product(name: "TwilioJWT", package: libraryIdentity), "FuzzSupport"]
        ),
        .executableTarget(
            name: "FuzzWebhook",
            dependencies: [.product(name: "TwilioWebhooks", package: libraryIdentity), "FuzzSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
