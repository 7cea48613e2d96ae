import Testing

@testable import TwilioJWT

/// The verifier finds a token's key by the digits of its issuer, read eight characters at a time. Each must be
/// exactly what reading the SID character by character gives: every byte value at every position, checked against
/// a reference that uses nothing of the library.
@Suite("SID digits: the issuer of a token, read eight characters at a time")
struct SIDDigitsTests {
    /// The SID's value as the reference reads it: `nil` unless it is `prefix` and 32 lower-case hex digits.
    static func reference(_ bytes: [UInt8], prefix: String) -> (high: UInt64, low: UInt64)? {
        guard bytes.count == 34, bytes.prefix(2).elementsEqual(prefix.utf8) else { return nil }
        let digits = bytes.dropFirst(2)
        guard digits.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        let text = String(decoding: digits, as: UTF8.self)
        guard let high = UInt64(text.prefix(16), radix: 16), let low = UInt64(text.suffix(16), radix: 16) else {
            return nil
        }
        return (high, low)
    }

    static func digits(_ bytes: [UInt8], kind: SIDKind) -> SIDDigits? {
        bytes.withUnsafeBufferPointer { SIDDigits($0, kind: kind) }
    }

    @Test("each kind's prefix bytes are the bytes of its prefix", arguments: SIDKind.allCases)
    func prefixBytes(kind: SIDKind) {
        #expect([kind.prefixBytes.0, kind.prefixBytes.1] == Array(kind.prefix.utf8))
    }

    @Test("every byte value at every digit position", arguments: 2..<34)
    func everyByte(position: Int) {
        let base = Array("SK0123456789abcdef0123456789abcdef".utf8)
        for byte in UInt8.min...UInt8.max {
            var bytes = base
            bytes[position] = byte
            let found = Self.digits(bytes, kind: .apiKey)
            let expected = Self.reference(bytes, prefix: "SK")
            #expect(found?.high == expected?.high && found?.low == expected?.low, "byte \(byte) at \(position)")
        }
    }

    @Test("random SIDs, the wrong prefix, and every length around 34")
    func randomSIDs() {
        var random = SeededGenerator(seed: 34)
        let alphabet = Array("0123456789abcdef".utf8)
        for _ in 0..<10_000 {
            let digits = (0..<32).map { _ in alphabet[Int(random.next() % 16)] }
            let found = Self.digits(Array("AC".utf8) + digits, kind: .account)
            let expected = Self.reference(Array("AC".utf8) + digits, prefix: "AC")
            #expect(expected != nil)
            #expect(found?.high == expected?.high && found?.low == expected?.low)
            #expect(Self.digits(Array("SK".utf8) + digits, kind: .account) == nil)
        }
        for length in 0..<40 where length != 34 {
            let bytes =
                Array(Array("SK".utf8).prefix(length)) + Array(repeating: UInt8(ascii: "a"), count: max(length - 2, 0))
            #expect(bytes.count == length)
            #expect(Self.digits(bytes, kind: .apiKey) == nil, "length \(length)")
        }
        #expect(SIDDigits("SK" + String(repeating: "f", count: 32), kind: .apiKey)?.high == UInt64.max)
        #expect(SIDDigits("SK" + String(repeating: "0", count: 31) + "1", kind: .apiKey)?.low == 1)
    }
}
