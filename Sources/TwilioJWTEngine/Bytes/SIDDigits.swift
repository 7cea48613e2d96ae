/// The 128 bits written by the 32 lower-case hex digits of a Twilio SID (a two-letter prefix and 32 digits), read
/// eight digits at a time.
///
/// Two SIDs with the same prefix are equal exactly when their digits are, so a SID's digits are a dictionary key that
/// can be made from a token's bytes without copying them into a `String`.
package struct SIDDigits: Hashable, Sendable {
    /// The number of bytes of a SID: two of prefix, 32 of digits.
    package static let sidLength = 34

    /// The number of the first sixteen digits.
    let high: UInt64
    /// The number of the last sixteen digits.
    let low: UInt64

    /// The digits of `sid`, if it is `prefix` followed by 32 lower-case hex digits.
    package init?(_ sid: String, prefix: (UInt8, UInt8)) {
        // Safe: the borrowed buffer is read during the call only.
        guard let digits = unsafe sid.withBorrowedUTF8({ unsafe SIDDigits($0, prefix: prefix) }) else { return nil }
        self = digits
    }

    /// The digits of the string `value`, if it is a string of `prefix` followed by 32 lower-case hex digits.
    package init?(_ value: JSONValueView, prefix: (UInt8, UInt8)) {
        guard value.kind == .string else { return nil }
        // Safe: the buffer is read during the call only.
        guard
            let digits = unsafe value.document.withUTF8(
                ofStringAt: value.node, { unsafe SIDDigits($0, prefix: prefix) })
        else { return nil }
        self = digits
    }

    /// The digits of the SID whose UTF-8 is `bytes`, if it is `prefix` followed by 32 lower-case hex digits.
    private init?(_ bytes: UnsafeBufferPointer<UInt8>, prefix: (UInt8, UInt8)) {
        guard bytes.count == Self.sidLength, let base = bytes.baseAddress else { return nil }
        // Safe: the buffer holds 34 bytes: the prefix, then four groups of eight digits at offsets 2, 10, 18 and 26.
        guard unsafe bytes[0] == prefix.0, unsafe bytes[1] == prefix.1,
            let first = unsafe Self.value(base + 2), let second = unsafe Self.value(base + 10),
            let third = unsafe Self.value(base + 18), let fourth = unsafe Self.value(base + 26)
        else { return nil }
        self.high = UInt64(first) << 32 | UInt64(second)
        self.low = UInt64(third) << 32 | UInt64(fourth)
    }

    /// The number written by the eight lower-case hex digits at `digits`, or `nil` if one is not such a digit.
    @inline(__always)
    private static func value(_ digits: UnsafePointer<UInt8>) -> UInt32? {
        // Safe: callers pass eight readable bytes.
        let word = unsafe SWAR.load(digits)
        guard word & SWAR.highs == 0 else { return nil }
        let digit = SWAR.bytes(word, atLeast: UInt8(ascii: "0")) & ~SWAR.bytes(word, atLeast: UInt8(ascii: "9") + 1)
        let letter = SWAR.bytes(word, atLeast: UInt8(ascii: "a")) & ~SWAR.bytes(word, atLeast: UInt8(ascii: "f") + 1)
        guard digit | letter == SWAR.highs else { return nil }
        // '0'…'9' have their value in the low nibble; 'a'…'f' have it less 9.
        let nibbles = (word & SWAR.broadcast(0x0F)) &+ (letter >> 7) &* 9
        // Byte k holds the value of character k, the most significant first: gather them into one number, pairs of
        // nibbles into bytes, pairs of bytes into halves, the two halves into the result.
        let bytes = ((nibbles << 4) | (nibbles >> 8)) & 0x00FF_00FF_00FF_00FF
        let halves = ((bytes << 8) | (bytes >> 16)) & 0x0000_FFFF_0000_FFFF
        return UInt32(truncatingIfNeeded: (halves << 16) | (halves >> 32))
    }
}
