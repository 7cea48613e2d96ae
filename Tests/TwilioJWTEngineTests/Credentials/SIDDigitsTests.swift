import Testing
import TwilioJWTTestSupport

@_spi(Engine) @testable import TwilioJWTEngine

/// The verifier finds a token's key by the digits of its issuer, read eight characters at a time. Each must be
/// exactly what reading the SID character by character gives: every byte value at every position, checked against
/// a reference that uses nothing of the engine.
@Suite("SID digits: the issuer of a token, read eight characters at a time")
struct SIDDigitsTests {
    static let apiKey = (UInt8(ascii: "S"), UInt8(ascii: "K"))
    static let account = (UInt8(ascii: "A"), UInt8(ascii: "C"))

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

    /// The digits of `bytes` (valid UTF-8) read by `SIDDigits(_:prefix:)`.
    static func digits(_ bytes: [UInt8], prefix: (UInt8, UInt8)) -> SIDDigits? {
        let text = String(decoding: bytes, as: UTF8.self)
        precondition(Array(text.utf8) == bytes, "not UTF-8")
        return SIDDigits(text, prefix: prefix)
    }

    static let base = Array("SK0123456789abcdef0123456789abcdef".utf8)

    /// Every ASCII byte at every digit position. (A `String` holds valid UTF-8 only: the bytes from 0x80 up are
    /// tested by the next test, as parts of UTF-8 sequences.)
    @Test("every ASCII byte value at every digit position", arguments: 2..<34)
    func everyASCIIByte(position: Int) {
        for byte in UInt8(0)..<0x80 {
            var bytes = Self.base
            bytes[position] = byte
            let found = Self.digits(bytes, prefix: Self.apiKey)
            let expected = Self.reference(bytes, prefix: "SK")
            #expect(found?.high == expected?.high && found?.low == expected?.low, "byte \(byte) at \(position)")
        }
    }

    /// Every two-byte UTF-8 sequence (lead bytes C2–DF, every continuation byte 80–BF) at every pair of digit
    /// positions, and three- and four-byte sequences at every position they fit: the length stays 34, so the word
    /// test itself must refuse the bytes from 0x80 up.
    @Test("bytes from 0x80 up, as UTF-8 sequences, at every digit position", arguments: 2..<33)
    func everyHighByte(position: Int) {
        var sequences = (0x80...0x7FF).map { Array(String(UnicodeScalar($0)!).utf8) }
        sequences += ["\u{800}", "\u{FFFF}", "中", "\u{10000}", "\u{10FFFF}", "🚀"].map { Array($0.utf8) }
        for sequence in sequences where position + sequence.count <= 34 {
            var bytes = Self.base
            bytes.replaceSubrange(position..<(position + sequence.count), with: sequence)
            #expect(Self.reference(bytes, prefix: "SK") == nil)
            #expect(Self.digits(bytes, prefix: Self.apiKey) == nil, "\(sequence) at \(position)")
        }
    }

    @Test("random SIDs, the wrong prefix, and every length around 34")
    func randomSIDs() {
        var random = SeededGenerator(seed: 34)
        let alphabet = Array("0123456789abcdef".utf8)
        for _ in 0..<10_000 {
            let digits = (0..<32).map { _ in alphabet[Int(random.next() % 16)] }
            let found = Self.digits(Array("AC".utf8) + digits, prefix: Self.account)
            let expected = Self.reference(Array("AC".utf8) + digits, prefix: "AC")
            #expect(expected != nil)
            #expect(found?.high == expected?.high && found?.low == expected?.low)
            #expect(found == Self.digits(Array("AC".utf8) + digits, prefix: Self.account))
            #expect(Self.digits(Array("SK".utf8) + digits, prefix: Self.account) == nil)
            #expect(Self.digits(Array("AC".utf8) + digits, prefix: Self.apiKey) == nil)
        }
        for length in 0..<40 where length != 34 {
            let bytes =
                Array(Array("SK".utf8).prefix(length)) + Array(repeating: UInt8(ascii: "a"), count: max(length - 2, 0))
            #expect(bytes.count == length)
            #expect(Self.digits(bytes, prefix: Self.apiKey) == nil, "length \(length)")
        }
        #expect(SIDDigits("SK" + String(repeating: "f", count: 32), prefix: Self.apiKey)?.high == UInt64.max)
        #expect(SIDDigits("SK" + String(repeating: "0", count: 31) + "1", prefix: Self.apiKey)?.low == 1)
        #expect(SIDDigits.sidLength == 34)
    }

    /// Upper-case hex digits are not the digits of a SID (Twilio writes lower case), and each prefix byte counts.
    @Test("upper-case digits and a wrong prefix byte are refused")
    func caseAndPrefix() {
        let sid = "SK0123456789abcdef0123456789abcdef"
        #expect(SIDDigits(sid, prefix: Self.apiKey) != nil)
        #expect(SIDDigits(sid.uppercased(), prefix: Self.apiKey) == nil)
        #expect(SIDDigits("sK" + sid.dropFirst(2), prefix: Self.apiKey) == nil)
        #expect(SIDDigits("Sk" + sid.dropFirst(2), prefix: Self.apiKey) == nil)
        #expect(SIDDigits("KS" + sid.dropFirst(2), prefix: Self.apiKey) == nil)
    }

    /// A SID in a parsed document, written plainly or with escapes, has the digits of the same SID as a `String`;
    /// any other value has none.
    @Test("the digits of a string value of a document")
    func documentValue() throws {
        let sid = "SK0123456789abcdef0123456789abcdef"
        let text = #"""
            {"plain":"SK0123456789abcdef0123456789abcdef","escaped":"\u0053K0123456789abcdef0123456789abcde\u0066",
            "short":"SK0123","number":1,"null":null,"object":{},"upper":"SK0123456789ABCDEF0123456789ABCDEF"}
            """#
        let object = try #require(try JSONDocument.parse(text.utf8, maximumDepth: 16).object)
        let expected = try #require(SIDDigits(sid, prefix: Self.apiKey))
        #expect(SIDDigits(try #require(object["plain"]), prefix: Self.apiKey) == expected)
        #expect(SIDDigits(try #require(object["escaped"]), prefix: Self.apiKey) == expected)
        #expect(SIDDigits(try #require(object["plain"]), prefix: Self.account) == nil)
        for name: MemberName in ["short", "number", "null", "object", "upper"] {
            #expect(SIDDigits(try #require(object[name]), prefix: Self.apiKey) == nil, "\(name)")
        }
    }
}
