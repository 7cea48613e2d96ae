import Foundation
import Testing

@testable import TwilioJWT

/// One decoding case: where it comes from, the input bytes, and the bytes it must decode to (`nil`: rejected).
struct Base64URLDecodingCase: Sendable, CustomTestStringConvertible {
    let id: String
    let input: [UInt8]
    let expected: [UInt8]?

    init(_ id: String, _ input: String, _ expected: [UInt8]?) {
        self.init(id, Array(input.utf8), expected)
    }

    init(_ id: String, _ input: [UInt8], _ expected: [UInt8]?) {
        self.id = id
        self.input = input
        self.expected = expected
    }

    var testDescription: String { self.id }
}

/// Signatures from the security reference §1.2 and RFC 7515 that the rejection cases mutate.
private enum Signatures {
    /// The signature segment of `T0` (security reference §1.2), 43 characters for 32 bytes: the last
    /// character carries 2 unused bits.
    static let t0 = "b2EsL2mzHeudhLb_SUBBbErqhn9xFo08cEPTudNHfbw"
    static let t0Bytes: [UInt8] = [
        0x6F, 0x61, 0x2C, 0x2F, 0x69, 0xB3, 0x1D, 0xEB, 0x9D, 0x84, 0xB6, 0xFF, 0x49, 0x40, 0x41, 0x6C,
        0x4A, 0xEA, 0x86, 0x7F, 0x71, 0x16, 0x8D, 0x3C, 0x70, 0x43, 0xD3, 0xB9, 0xD3, 0x47, 0x7D, 0xBC,
    ]
    /// RFC 7515 Appendix A.1.1: the HS256 signature and its bytes, as the RFC lists them.
    static let rfc7515 = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    static let rfc7515Bytes: [UInt8] = [
        116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214,
        191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
    ]

    /// `string` with its last character replaced by `last`.
    static func replacingLast(_ string: String, with last: Character) -> String {
        String(string.dropLast()) + String(last)
    }
}

@Suite("base64url: strict decoding")
struct Base64URLDecodingTests {
    static let accepted: [Base64URLDecodingCase] = [
        .init("RFC 4648 §10: empty", "", []),
        .init("RFC 4648 §10: f", "Zg", Array("f".utf8)),
        .init("RFC 4648 §10: fo", "Zm8", Array("fo".utf8)),
        .init("RFC 4648 §10: foo", "Zm9v", Array("foo".utf8)),
        .init("RFC 4648 §10: foob", "Zm9vYg", Array("foob".utf8)),
        .init("RFC 4648 §10: fooba", "Zm9vYmE", Array("fooba".utf8)),
        .init("RFC 4648 §10: foobar", "Zm9vYmFy", Array("foobar".utf8)),
        .init("RFC 4648 §5: - and _ stand for 62 and 63", "-_-_", [0xFB, 0xFF, 0xBF]),
        .init("RFC 4648 §5: - and _ in a 3-character tail", "-_8", [0xFB, 0xFF]),
        .init("RFC 4648 §5: _ in a 2-character tail", "_w", [0xFF]),
        .init("all-zero bits", "AAAA", [0, 0, 0]),
        .init("RFC 7515 A.1.1: HS256 signature", Signatures.rfc7515, Signatures.rfc7515Bytes),
        .init("security reference §1.2 T0: signature (B03's only valid spelling)", Signatures.t0, Signatures.t0Bytes),
        .init("Wycheproof tcId 374's payload with zero unused bits", "AA", [0]),
        .init(
            "security reference §1.2 T0: header",
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImN0eSI6InR3aWxpby1mcGE7dj0xIn0",
            Array(#"{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1"}"#.utf8)
        ),
    ]

    static let rejected: [Base64URLDecodingCase] = [
        // §1.2 B01: padding (RFC 7515 §2). PyJWT 2.15.1 accepts a padded signature; we do not.
        .init("B01 T0 signature + '='", Signatures.t0 + "=", nil),
        .init("B01 'Zg==' (RFC 4648 §10 padded)", "Zg==", nil),
        .init("B01 'Zg='", "Zg=", nil),
        .init("B01 'Zm8='", "Zm8=", nil),
        .init("B01 '=' alone", "=", nil),
        .init("B01 '===='", "====", nil),
        .init("B01 '=' inside", "Zm=v", nil),
        // §1.2 B02: the standard alphabet's + and / (RFC 4648 §5).
        .init("B02 T0 signature with _ -> /", Signatures.t0.replacingOccurrences(of: "_", with: "/"), nil),
        .init("B02 RFC 7515 signature with - -> +", Signatures.rfc7515.replacingOccurrences(of: "-", with: "+"), nil),
        .init("B02 '+/+/'", "+/+/", nil),
        // §1.2 B03 and §1.4: the other three spellings of one signature (RFC 4648 §3.5).
        .init("B03 T0 signature last char w -> x", Signatures.replacingLast(Signatures.t0, with: "x"), nil),
        .init("B03 T0 signature last char w -> y", Signatures.replacingLast(Signatures.t0, with: "y"), nil),
        .init("B03 T0 signature last char w -> z", Signatures.replacingLast(Signatures.t0, with: "z"), nil),
        .init("§1.4 RFC 7515 signature …EjXl", Signatures.replacingLast(Signatures.rfc7515, with: "l"), nil),
        .init("§1.4 RFC 7515 signature …EjXm", Signatures.replacingLast(Signatures.rfc7515, with: "m"), nil),
        .init("§1.4 RFC 7515 signature …EjXn", Signatures.replacingLast(Signatures.rfc7515, with: "n"), nil),
        // §1.2 B04: Wycheproof ModifiedUnusedBitsInPayload (tcId 374, payload `AB`).
        .init("B04 Wycheproof tcId 374 payload 'AB'", "AB", nil),
        .init("B04 'Zh' (f with a low bit set)", "Zh", nil),
        .init("B04 'AAB' (3-character tail, low bit set)", "AAB", nil),
        .init("B04 'Zm9' (fo with a low bit set)", "Zm9", nil),
        // §1.2 B05: length ≡ 1 (mod 4).
        .init("B05 T0 signature minus 2 characters", String(Signatures.t0.dropLast(2)), nil),
        .init("B05 'A'", "A", nil),
        .init("B05 'AAAAA'", "AAAAA", nil),
        .init("B05 'Zm9vY'", "Zm9vY", nil),
        // §1.2 B06: whitespace and line breaks (Wycheproof tc360, 365, 368).
        .init("B06 space inside", "Zm 9v", nil),
        .init("B06 tab inside", "Zm\t9v", nil),
        .init("B06 CRLF inside", "Zm9v\r\nYmFy", nil),
        .init("B06 trailing LF (Data(base64Encoded:) rejects, .ignoreUnknownCharacters would not)", "Zm9v\n", nil),
        .init("B06 leading space", " Zm9v", nil),
        .init("B06 trailing space", "Zm9v ", nil),
        // §1.2 B07: other punctuation (Wycheproof tc361–364, 366, 369, 371; jwt-kit malformedEnvelopesThrow).
        .init("B07 '?'", "Zm9?", nil),
        .init("B07 '#'", "Zm#v", nil),
        .init("B07 '!!!'", "!!!", nil),
        .init("B07 '!!!!'", "!!!!", nil),
        .init("B07 '.' (a segment separator is not part of a segment)", "Zm9v.Zm9v", nil),
        .init("B07 '%3D' (percent-encoded padding)", "Zg%3D", nil),
        .init("B07 '~'", "Zm9~", nil),
        // §1.2 A11: NUL, é and 0x80 inside a segment (RFC 4648 §3.3).
        .init("A11 NUL", [0x5A, 0x6D, 0x00, 0x76], nil),
        .init("A11 'é' (C3 A9)", Array("Zmé".utf8), nil),
        .init("A11 byte 0x80", [0x5A, 0x6D, 0x39, 0x80], nil),
        .init("A11 byte 0xFF", [0xFF, 0x6D, 0x39, 0x76], nil),
        .init("A11 NUL in a 3-character tail", [0x5A, 0x6D, 0x00], nil),
        .init("A11 0x80 in a 2-character tail", [0x5A, 0x80], nil),
    ]

    @Test("accepts", arguments: Self.accepted)
    func accepts(_ vector: Base64URLDecodingCase) {
        #expect(Base64URL.decode(vector.input) == vector.expected)
        #expect(Base64URL.decodedCount(vector.input.count) == vector.expected?.count)
        // Strict decoding is the inverse of the encoder: the only spelling of these bytes is the input.
        #expect(Base64URL.encode(vector.expected ?? []) == String(decoding: vector.input, as: UTF8.self))
    }

    @Test("rejects", arguments: Self.rejected)
    func rejects(_ vector: Base64URLDecodingCase) {
        #expect(Base64URL.decode(vector.input) == nil)
    }

    @Test("every overload gives the same result", arguments: Self.accepted + Self.rejected)
    func overloadsAgree(_ vector: Base64URLDecodingCase) {
        let text = String(decoding: vector.input, as: UTF8.self)
        // A String cannot hold invalid UTF-8; only compare where the text is the same bytes.
        if Array(text.utf8) == vector.input {
            #expect(Base64URL.decode(text) == vector.expected)
            #expect(Base64URL.decode(("." + text + ".").dropFirst().dropLast()) == vector.expected)
        }
        #expect(vector.input.withUnsafeBufferPointer { Base64URL.decode($0) } == vector.expected)
        #expect(Base64URL.decode(vector.input[...]) == vector.expected)
    }

    /// RFC 4648 §3.3 and §5: exactly the 64 alphabet bytes are accepted, each with its own value; the other
    /// 192 byte values are rejected, in every position of a 4-character group.
    @Test("the alphabet, exhaustively over all 256 byte values and 4 positions")
    func alphabetIsExact() {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var acceptedCount = 0
        for byte in UInt8.min...UInt8.max {
            for position in 0..<4 {
                var input = Array("AAAA".utf8)
                input[position] = byte
                let decoded = Base64URL.decode(input)
                if let value = alphabet.firstIndex(of: byte) {
                    let bits = UInt32(value) << (6 * (3 - position))
                    let expected = [
                        UInt8(bits >> 16), UInt8(truncatingIfNeeded: bits >> 8), UInt8(truncatingIfNeeded: bits),
                    ]
                    #expect(decoded == expected, "byte \(byte) at \(position)")
                    acceptedCount += 1
                } else {
                    #expect(decoded == nil, "byte \(byte) at \(position)")
                }
            }
        }
        #expect(acceptedCount == 64 * 4)
    }

    /// RFC 4648 §3.5: of the 64 characters that can end a 2-character tail, only the 4 with zero low 4 bits
    /// (`A Q g w`) are canonical; of those that can end a 3-character tail, only the 16 with zero low 2 bits.
    @Test("unused trailing bits, exhaustively", arguments: [2, 3])
    func unusedBitsMustBeZero(tailLength: Int) {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        let unusedMask = tailLength == 2 ? 0x0F : 0x03
        var accepted: [UInt8] = []
        for (value, character) in alphabet.enumerated() {
            // A full group first, so the tail is checked after the fast loop.
            let input = Array("Zm9v".utf8) + Array(repeating: UInt8(ascii: "g"), count: tailLength - 1) + [character]
            let decoded = Base64URL.decode(input)
            #expect((decoded != nil) == (value & unusedMask == 0), "tail ending \(UnicodeScalar(character))")
            if decoded != nil { accepted.append(character) }
        }
        #expect(accepted == Array((tailLength == 2 ? "AQgw" : "AEIMQUYcgkosw048").utf8))
    }

    /// §1.2 B08: a truncated or extended signature decodes to a length other than 32, which the verifier
    /// rejects by length; the decoder must report exactly that length, never pad or trim to 32. (`T0`'s
    /// signature cut by 4 characters ends in `N`, whose unused bits are not zero, so it is not even decoded.)
    @Test(
        "B08: truncated and extended signatures keep their exact decoded length",
        arguments: [
            (String(Signatures.t0.dropLast(4)), nil),
            (String(Signatures.t0.dropLast(3)), 30),
            (Signatures.t0 + "AAAA", 35),
            (Base64URL.encode(Signatures.t0Bytes.dropLast()), 31),
            (Base64URL.encode(Signatures.t0Bytes + [0]), 33),
        ] as [(String, Int?)])
    func lengthIsExact(input: String, expectedCount: Int?) {
        #expect(Base64URL.decode(input)?.count == expectedCount)
    }

    @Test("decodedCount is the inverse of encodedCount and refuses lengths ≡ 1 (mod 4)")
    func decodedCount() {
        for byteCount in 0...300 {
            #expect(Base64URL.decodedCount(Base64URL.encodedCount(byteCount)) == byteCount)
        }
        for characterCount in stride(from: 1, through: 301, by: 4) {
            #expect(Base64URL.decodedCount(characterCount) == nil)
        }
        #expect(Base64URL.decodedCount(-4) == nil)
    }

    @Test("appends to the output, and leaves it untouched when decoding fails")
    func appendsOrLeavesUntouched() {
        let prefix: [UInt8] = [1, 2, 3]
        var output = prefix
        let valid = Array("Zm9vYmE".utf8)
        #expect(valid.withUnsafeBufferPointer { Base64URL.decode($0, appendingTo: &output) })
        #expect(output == prefix + Array("fooba".utf8))

        // Invalid in the last group, after earlier groups were already written into the output.
        output = prefix
        let invalidLate = Array("Zm9vYmFyZm9vYh".utf8)
        #expect(!invalidLate.withUnsafeBufferPointer { Base64URL.decode($0, appendingTo: &output) })
        #expect(output == prefix)

        output = prefix
        let invalidLength = Array("Zm9vY".utf8)
        #expect(!invalidLength.withUnsafeBufferPointer { Base64URL.decode($0, appendingTo: &output) })
        #expect(output == prefix)
    }

    /// The encoder works six bytes at a time, then three, then the rest: every length up to 200 is checked against
    /// Foundation's independent base64 encoder (made URL-safe and unpadded), and decoded back.
    @Test("random byte strings of 0…200 bytes encode as Foundation's base64url does, and round-trip")
    func roundTrip() {
        var generator = SeededGenerator(seed: 0xB64_0001)
        for count in 0...200 {
            for _ in 0..<5 {
                let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let encoded = Base64URL.encode(bytes)
                let foundation = Data(bytes).base64EncodedString()
                    .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                    .replacingOccurrences(of: "=", with: "")
                #expect(encoded == foundation, "\(count) bytes")
                #expect(Base64URL.decode(encoded) == bytes, "\(count) bytes: \(encoded)")
            }
        }
    }

    /// A differential against `Tests/Python/base64url_reference.py`: the same accept set and the same bytes
    /// over random strings of the alphabet, valid encodings, and valid encodings with one byte changed,
    /// inserted or deleted (often a byte from outside the alphabet).
    @Test("agrees with a strict Python reference on 3 000 random inputs")
    func differentialAgainstPython() throws {
        var generator = SeededGenerator(seed: 0xB64_D1FF)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        let foreign: [UInt8] = Array("=+/ \t\r\n.!?#%~".utf8) + [0x00, 0x7F, 0x80, 0xC3, 0xA9, 0xFF]
        func count(_ range: ClosedRange<Int>) -> Int {
            Int.random(in: range, using: &generator)
        }
        func randomEncoding(byteCount: Int) -> [UInt8] {
            Array(Base64URL.encode((0..<byteCount).map { _ in UInt8.random(in: 0...255, using: &generator) }).utf8)
        }
        func randomCharacter() -> UInt8 {
            alphabet.randomElement(using: &generator)!
        }
        /// Mostly alphabet characters, one in ten a byte from outside it.
        func randomByte() -> UInt8 {
            count(0...9) == 0 ? foreign.randomElement(using: &generator)! : randomCharacter()
        }

        var inputs: [[UInt8]] = []
        for index in 0..<3000 {
            switch index % 3 {
            case 0:
                // Any string over the alphabet: most lengths ≡ 2, 3 (mod 4) end in non-zero unused bits.
                inputs.append((0..<count(0...24)).map { _ in randomCharacter() })
            case 1:
                inputs.append(randomEncoding(byteCount: count(0...40)))
            default:
                var input = randomEncoding(byteCount: count(1...40))
                let position = count(0...(input.count - 1))
                switch count(0...2) {
                case 0: input[position] = randomByte()
                case 1: input.insert(randomByte(), at: position)
                default: input.remove(at: position)
                }
                inputs.append(input)
            }
        }
        let results = try PythonScript.run(
            "base64url_reference.py", "decode", .array(inputs.map { .string(Self.hex($0)) }))
        let expected = try #require(results.arrayValue)
        try #require(expected.count == inputs.count)

        var acceptedCount = 0
        var differences = 0
        for (input, reference) in zip(inputs, expected) {
            let ours = Base64URL.decode(input).map { JSONValue.string(Self.hex($0)) } ?? .null
            if ours != .null { acceptedCount += 1 }
            if ours != reference {
                differences += 1
                if differences <= 5 {
                    Issue.record("input \(Self.hex(input)): ours \(ours.json), Python \(reference.json)")
                }
            }
        }
        #expect(differences == 0)
        // Both outcomes must be well represented, or the comparison proves little.
        #expect(acceptedCount > 1000 && acceptedCount < 2500, "\(acceptedCount) of 3000 accepted")
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}

/// Runs one of the standard-library-only Python reference scripts in `Tests/Python`.
private enum PythonScript {
    static func run(_ name: String, _ command: String, _ requests: JSONValue) throws -> JSONValue {
        try PythonReference.run(command, requests, script: packageRoot.appendingPathComponent("Tests/Python/\(name)"))
    }
}
