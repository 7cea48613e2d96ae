import Crypto

/// Hexadecimal digits: the one place that spells them.
package enum Hex {
    /// The ASCII digit of the low four bits of `nibble`: `0`–`9`, then `a`–`f` (or `A`–`F` when `uppercase`).
    @inline(__always)
    package static func digit(_ nibble: UInt8, uppercase: Bool = false) -> UInt8 {
        let value = nibble & 0x0F
        if value < 10 { return UInt8(ascii: "0") &+ value }
        return (uppercase ? UInt8(ascii: "A") : UInt8(ascii: "a")) &+ (value &- 10)
    }

    /// The value of the hex digit `byte` (`0`–`9`, `a`–`f`, `A`–`F`), or `nil` for any other byte.
    @inline(__always)
    package static func value(of byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte &- UInt8(ascii: "A") &+ 10
        default: return nil
        }
    }

    /// Whether `byte` is a lower-case hex digit (`0`–`9`, `a`–`f`), the digits of Twilio SIDs and of SHA-256 hashes.
    @inline(__always)
    package static func isLowercaseDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }

    /// `bytes` as lower-case hex, two digits per byte.
    ///
    /// Not generic on purpose: a generic `some Sequence<UInt8>` is not specialised across the module boundary, and
    /// its unspecialised loop allocated once per byte.
    package static func lowercase(_ bytes: [UInt8]) -> String {
        var digits: [UInt8] = []
        digits.reserveCapacity(bytes.count * 2)
        for byte in bytes { Self.append(byte, to: &digits) }
        return String(decoding: digits, as: UTF8.self)
    }

    /// `digest` as lower-case hex: sixty-four digits. (Iterating the digest directly; copying it into an array first
    /// costs allocations on the Client Validation mint path.)
    package static func lowercase(_ digest: SHA256.Digest) -> String {
        var digits: [UInt8] = []
        digits.reserveCapacity(SHA256.Digest.byteCount * 2)
        for byte in digest { Self.append(byte, to: &digits) }
        return String(decoding: digits, as: UTF8.self)
    }

    @inline(__always)
    private static func append(_ byte: UInt8, to digits: inout [UInt8]) {
        digits.append(Self.digit(byte >> 4))
        digits.append(Self.digit(byte))
    }
}
