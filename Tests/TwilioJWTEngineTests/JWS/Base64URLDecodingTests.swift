import Foundation
import Testing
import TwilioJWTTestSupport

@_spi(Engine) @testable import TwilioJWTEngine

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

/// Signatures of the `T0` fixture and of RFC 7515 that the rejection cases mutate.
private enum Signatures {
    /// The signature segment of `T0` (docs/security-checklist.md#fixtures), 43 characters for 32 bytes: the last
    /// character carries 2 unused bits.
    static let t0 = "b2EsL2mzHeudhLb_SUBBbErqhn9xFo08cEPTudNHfbw"
    static let t0Bytes: [UInt8] = [
        0x6F, 0x61, 0x2C, 0x2F, 0x69, 0xB3, 0x1D, 0xEB, 0x9D, 0x84, 0xB6, 0xFF, 0x49, 0x40, 0x41, 0x6C,
        0x4A, 0xEA, 0x86, 0x7F, 0x71, 0x16, 0x8D, 0x3C, 0x70, 0x43, 0xD3, 0xB9, 0xD3, 0x47, 0x7D, 0xBC,
    ]
    /// RFC 7515 Appendix A.1.1 (https://www.rfc-editor.org/rfc/rfc7515#appendix-A.1.1): the HS256 signature and its
    /// bytes, as the RFC lists them.
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

/// The rules are in docs/security-checklist.md#base64url, the checklist IDs in the case names (B01–B08, A11) in its
/// sections B and A. RFC 4648 §10 test vectors: https://www.rfc-editor.org/rfc/rfc4648#section-10.
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
        .init("T0 signature (B03's only valid spelling)", Signatures.t0, Signatures.t0Bytes),
        .init("Wycheproof tcId 374's payload with zero unused bits", "AA", [0]),
        .init(
            "T0 header",
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImN0eSI6InR3aWxpby1mcGE7dj0xIn0",
            Array(#"{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1"}"#.utf8)
        ),
    ]

    static let rejected: [Base64URLDecodingCase] = [
        // B01 (docs/security-checklist.md#b01): padding (RFC 7515 §2). PyJWT 2.15.1 accepts a padded signature; we do not.
        .init("B01 T0 signature + '='", Signatures.t0 + "=", nil),
        .init("B01 'Zg==' (RFC 4648 §10 padded)", "Zg==", nil),
        .init("B01 'Zg='", "Zg=", nil),
        .init("B01 'Zm8='", "Zm8=", nil),
        .init("B01 '=' alone", "=", nil),
        .init("B01 '===='", "====", nil),
        .init("B01 '=' inside", "Zm=v", nil),
        // B02 (docs/security-checklist.md#b02): the standard alphabet's + and / (RFC 4648 §5).
        .init("B02 T0 signature with _ -> /", Signatures.t0.replacingOccurrences(of: "_", with: "/"), nil),
        .init("B02 RFC 7515 signature with - -> +", Signatures.rfc7515.replacingOccurrences(of: "-", with: "+"), nil),
        .init("B02 '+/+/'", "+/+/", nil),
        // B03 (docs/security-checklist.md#b03): the other three spellings of one signature (RFC 4648 §3.5), which Foundation decodes alike
        // (docs/security-checklist.md#foundation).
        .init("B03 T0 signature last char w -> x", Signatures.replacingLast(Signatures.t0, with: "x"), nil),
        .init("B03 T0 signature last char w -> y", Signatures.replacingLast(Signatures.t0, with: "y"), nil),
        .init("B03 T0 signature last char w -> z", Signatures.replacingLast(Signatures.t0, with: "z"), nil),
        .init("B03 RFC 7515 signature …EjXl", Signatures.replacingLast(Signatures.rfc7515, with: "l"), nil),
        .init("B03 RFC 7515 signature …EjXm", Signatures.replacingLast(Signatures.rfc7515, with: "m"), nil),
        .init("B03 RFC 7515 signature …EjXn", Signatures.replacingLast(Signatures.rfc7515, with: "n"), nil),
        // B04 (docs/security-checklist.md#b04): Wycheproof ModifiedUnusedBitsInPayload (tcId 374, payload `AB`).
        .init("B04 Wycheproof tcId 374 payload 'AB'", "AB", nil),
        .init("B04 'Zh' (f with a low bit set)", "Zh", nil),
        .init("B04 'AAB' (3-character tail, low bit set)", "AAB", nil),
        .init("B04 'Zm9' (fo with a low bit set)", "Zm9", nil),
        // B05 (docs/security-checklist.md#b05): length ≡ 1 (mod 4).
        .init("B05 T0 signature minus 2 characters", String(Signatures.t0.dropLast(2)), nil),
        .init("B05 'A'", "A", nil),
        .init("B05 'AAAAA'", "AAAAA", nil),
        .init("B05 'Zm9vY'", "Zm9vY", nil),
        // B06 (docs/security-checklist.md#b06): whitespace and line breaks (Wycheproof tcIds 360, 365, 368).
        .init("B06 space inside", "Zm 9v", nil),
        .init("B06 tab inside", "Zm\t9v", nil),
        .init("B06 CRLF inside", "Zm9v\r\nYmFy", nil),
        .init("B06 trailing LF (Data(base64Encoded:) rejects, .ignoreUnknownCharacters would not)", "Zm9v\n", nil),
        .init("B06 leading space", " Zm9v", nil),
        .init("B06 trailing space", "Zm9v ", nil),
        // B07 (docs/security-checklist.md#b07): other punctuation (Wycheproof tcIds 361–364, 366, 369, 371; jwt-kit malformedEnvelopesThrow).
        .init("B07 '?'", "Zm9?", nil),
        .init("B07 '#'", "Zm#v", nil),
        .init("B07 '!!!'", "!!!", nil),
        .init("B07 '!!!!'", "!!!!", nil),
        .init("B07 '.' (a segment separator is not part of a segment)", "Zm9v.Zm9v", nil),
        .init("B07 '%3D' (percent-encoded padding)", "Zg%3D", nil),
        .init("B07 '~'", "Zm9~", nil),
        // A11 (docs/security-checklist.md#a11): NUL, é and 0x80 inside a segment (RFC 4648 §3.3).
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
        #expect(Base64URL.decode(vector.input[...]) == vector.expected)
        let intoBuffer = Self.decodeIntoBuffer(vector.input)
        #expect(intoBuffer?.decoded == vector.expected)
        #expect(intoBuffer?.restUntouched != false)
    }

    /// Decodes `input` with `decode(_:into:)` into a buffer with 16 more bytes than it needs, all first set to 0xA5;
    /// returns the decoded bytes and whether the bytes past them are still 0xA5.
    static func decodeIntoBuffer(_ input: [UInt8]) -> (decoded: [UInt8], restUntouched: Bool)? {
        guard let count = Base64URL.decodedCount(input.count) else {
            #expect(
                input.withUnsafeBufferPointer { input in
                    var output = [UInt8](repeating: 0xA5, count: 16)
                    return output.withUnsafeMutableBufferPointer { Base64URL.decode(input, into: $0) }
                } == nil)
            return nil
        }
        var output = [UInt8](repeating: 0xA5, count: count + 16)
        let written = input.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { Base64URL.decode(input, into: $0) }
        }
        guard let written else { return nil }
        #expect(written == count)
        return (Array(output[..<count]), output[count...].allSatisfy { $0 == 0xA5 })
    }

    /// RFC 4648 §3.3 and §5: exactly the 64 alphabet bytes are accepted, each with its own value; the other
    /// 192 byte values are rejected, in every position of a 4-character group.
    @Test("the alphabet, exhaustively over all 256 byte values and 4 positions")
    func alphabetIsExact() {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var acceptedCount = 0
        for byte in UInt8.min...UInt8.max {
            #expect(Base64URL.isAlphabetByte(byte) == alphabet.contains(byte), "byte \(byte)")
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

    /// B08 (docs/security-checklist.md#b08): a truncated or extended signature decodes to a length other than 32,
    /// which the verifier rejects by length; the decoder must report exactly that length, never pad or trim to 32.
    /// (`T0`'s signature cut by 4 characters ends in `N`, whose unused bits are not zero, so it is not even decoded.)
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

    /// `decode(_:into:)` writes exactly the decoded bytes at the start of its output (eight at a time with one store
    /// while the output has room for eight), never past them, whatever room the output has; it returns `nil` for an
    /// input that is not strict base64url (the output is then partly written, which its callers allow for).
    @Test("decode(_:into:) writes the decoded bytes and nothing past them")
    func decodeIntoOutput() {
        var generator = SeededGenerator(seed: 0xB64_0002)
        for count in 0...64 {
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let encoded = Array(Reference.base64URL(bytes).utf8)
            let result = Self.decodeIntoBuffer(encoded)
            #expect(result?.decoded == bytes, "\(count) bytes")
            #expect(result?.restUntouched == true, "\(count) bytes")
            // An output of exactly the decoded size.
            var exact = [UInt8](repeating: 0, count: count)
            let written = encoded.withUnsafeBufferPointer { input in
                exact.withUnsafeMutableBufferPointer { Base64URL.decode(input, into: $0) }
            }
            #expect(written == count)
            #expect(exact == bytes)
        }
        // Invalid in the last group, after earlier groups were already decoded into the output.
        #expect(Self.decodeIntoBuffer(Array("Zm9vYmFyZm9vYh".utf8)) == nil)
        #expect(Self.decodeIntoBuffer(Array("Zm9vYmFyZm9vYmFy+m9v".utf8)) == nil)
        #expect(Self.decodeIntoBuffer(Array("Zm9vY".utf8)) == nil)
    }

    /// The encoder works six bytes at a time (with one 8-byte store), then three, then the rest: every length up to
    /// 200 is checked against Foundation's independent base64 encoder (made URL-safe and unpadded), and decoded back.
    /// The internal entry points write exactly the encoding: into a larger buffer, nothing past it; appended, after
    /// what the array held.
    @Test("random byte strings of 0…200 bytes encode as Foundation's base64url does, and round-trip")
    func roundTrip() {
        var generator = SeededGenerator(seed: 0xB64_0001)
        for count in 0...200 {
            for _ in 0..<5 {
                let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let encoded = Base64URL.encode(bytes)
                let foundation = Reference.base64URL(bytes)
                #expect(encoded == foundation, "\(count) bytes")
                #expect(Base64URL.encodedCount(count) == foundation.utf8.count)
                #expect(Base64URL.decode(encoded) == bytes, "\(count) bytes: \(encoded)")

                var output = [UInt8](repeating: 0xA5, count: Base64URL.encodedCount(count) + 16)
                let written = bytes.withUnsafeBytes { input in
                    output.withUnsafeMutableBufferPointer { Base64URL.encode(input, into: $0) }
                }
                #expect(written == Base64URL.encodedCount(count))
                #expect(output[..<written].elementsEqual(foundation.utf8), "\(count) bytes")
                #expect(output[written...].allSatisfy { $0 == 0xA5 }, "\(count) bytes")

                var appended: [UInt8] = [1, 2, 3]
                bytes.withUnsafeBytes { Base64URL.encode($0, appendingTo: &appended) }
                #expect(appended == [1, 2, 3] + Array(foundation.utf8))
            }
        }
    }

    /// A differential against `Tests/Python/base64url_reference.py` (Python standard library only): the same accept
    /// set and the same bytes over random strings of the alphabet, valid encodings, and valid encodings with one byte
    /// changed, inserted or deleted (often a byte from outside the alphabet).
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
        let results = try PythonReference.run(
            "decode", .array(inputs.map { .string(Reference.hex($0)) }),
            script: packageRoot.appendingPathComponent("Tests/Python/base64url_reference.py"))
        let expected = try #require(results.arrayValue)
        try #require(expected.count == inputs.count)

        var acceptedCount = 0
        var differences = 0
        for (input, reference) in zip(inputs, expected) {
            let ours = Base64URL.decode(input).map { Reference.hex($0) }
            if ours != nil { acceptedCount += 1 }
            // The reference answers with the hex of the bytes, or null.
            #expect(reference.isNull || reference.stringValue != nil, "\(reference.json)")
            if ours != reference.stringValue {
                differences += 1
                if differences <= 5 {
                    Issue.record("input \(Reference.hex(input)): ours \(ours ?? "null"), Python \(reference.json)")
                }
            }
        }
        #expect(differences == 0)
        // Both outcomes must be well represented, or the comparison proves little.
        #expect(acceptedCount > 1000 && acceptedCount < 2500, "\(acceptedCount) of 3000 accepted")
    }
}
