#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Unix times as JWT claims carry them: whole seconds since 1970-01-01T00:00:00Z.
package enum UnixTime {
    /// The latest time a claim may hold: 9999-12-31T23:59:59Z. Bounding times keeps every sum of a time
    /// and a TTL far from `Int` overflow.
    package static let maximum = 253_402_300_799

    package static func now() -> Int {
        Int(Date().timeIntervalSince1970.rounded(.down))
    }

    package static func seconds(_ date: Date) throws(TokenError) -> Int {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard let value = Int(exactly: seconds), (0...maximum).contains(value) else {
            throw TokenError(.invalidArgument, "the issue time must be between 1970 and the year 9999")
        }
        return value
    }

    package static func validate(_ time: Int, field: String) throws(TokenError) {
        guard (0...maximum).contains(time) else {
            throw TokenError(
                .invalidArgument,
                "\(field) \(time) must be a Unix time in seconds between 0 and \(maximum) (the year 9999)"
            )
        }
    }
}

/// Token lifetimes.
package enum TimeToLive {
    /// Twilio accepts tokens valid for at most 24 hours (error 20157 beyond).
    package static let maximum = 86_400

    package static func validate(_ ttl: Int) throws(TokenError) {
        guard ttl > 0 else {
            throw TokenError(.invalidTTL, "ttl must be between 1 and \(maximum) seconds; got \(ttl)")
        }
        guard ttl <= maximum else {
            var message =
                "ttl must be between 1 and \(maximum) seconds; got \(ttl): Twilio rejects tokens valid "
                + "for more than 24 hours (error 20157)"
            if ttl >= 1000 * 60, ttl % 1000 == 0, ttl / 1000 <= maximum {
                message += " (was it given in milliseconds? \(ttl / 1000) seconds is within range)"
            }
            throw TokenError(.invalidTTL, message)
        }
    }
}

/// Random lower-case hex strings for unique token identifiers.
package enum RandomHex {
    package static func make(byteCount: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(byteCount * 2)
        for _ in 0..<byteCount {
            let byte = UInt8.random(in: .min ... .max, using: &generator)
            bytes.append(hexDigitLower(byte >> 4))
            bytes.append(hexDigitLower(byte & 0x0F))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexDigitLower(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
