import Foundation
import TwilioJWTTestSupport

@_spi(Engine) @testable import TwilioJWTEngine

extension JWSLimits {
    /// The limits the library's verifier decodes with (docs/security-checklist.md#r18): tokens of at most 8 192 bytes,
    /// decoded headers of at most 1 024 bytes, JSON nesting of at most 16 levels.
    static let verifier = JWSLimits(maximumTokenSize: 8192, maximumHeaderSize: 1024, maximumDepth: 16)
}

/// References that use nothing of the engine, for the tests to compare it with.
enum Reference {
    /// Unpadded base64url by Foundation's base64 encoder, made URL-safe (`base64URLEncoded(_:)` of the shared test
    /// support).
    static func base64URL(_ bytes: some Sequence<UInt8>) -> String {
        base64URLEncoded(bytes)
    }

    /// Lower-case hex, two digits per byte.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
            .joined()
    }

    /// The bytes written by the hex digits of `text` (an even number of them).
    static func bytes(hex text: String) -> [UInt8] {
        let digits = Array(text.utf8)
        precondition(digits.count % 2 == 0, "odd number of hex digits")
        return stride(from: 0, to: digits.count, by: 2).map {
            UInt8(String(decoding: digits[$0..<($0 + 2)], as: UTF8.self), radix: 16)!
        }
    }
}
