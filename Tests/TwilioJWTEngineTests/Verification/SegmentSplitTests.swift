import Testing

@_spi(Engine) @testable import TwilioJWTEngine

/// `DecodedJWS` finds the first dot of a token 32 bytes at a time, then 8, then one by one, and the last dot 8 bytes at
/// a time from the end; each path must find exactly the dot a byte-by-byte search finds. Dots in between are looked
/// for only when decoding fails, so a token with more than three segments must still be refused as such whatever else
/// is wrong with it (docs/security-checklist.md#a05, #a10).
@Suite("Segment splitting: the word-at-a-time dot searches find the first and the last dot")
struct SegmentSplitTests {
    /// Lengths around the 8- and 32-byte steps.
    @Test("every dot position, every start, lengths 0 to 80", arguments: 0...80)
    func everyPosition(length: Int) {
        for dot in [nil] + (0..<length).map(Optional.some) {
            var bytes = [UInt8](repeating: UInt8(ascii: "A"), count: length)
            if let dot { bytes[dot] = UInt8(ascii: ".") }
            // Bytes that differ from a dot by one bit, or by a borrow, must not be taken for one.
            if length > 3 {
                bytes[length - 1] = dot == length - 1 ? UInt8(ascii: ".") : UInt8(ascii: "/")
                bytes[0] = dot == 0 ? UInt8(ascii: ".") : UInt8(ascii: "-")
            }
            for start in 0...length {
                let expected = bytes[start...].firstIndex(of: UInt8(ascii: "."))
                let found = bytes.withUnsafeBufferPointer { DecodedJWS.firstDot(in: $0, from: start) }
                #expect(found == expected, "length \(length), dot \(String(describing: dot)), start \(start)")
            }
            let last = bytes.withUnsafeBufferPointer { DecodedJWS.lastDot(in: $0) }
            #expect(last == bytes.lastIndex(of: UInt8(ascii: ".")), "length \(length), dot \(String(describing: dot))")
        }
    }

    @Test("bytes that are not dots: every byte value next to a dot")
    func everyByteValue() {
        for value in UInt8.min...UInt8.max where value != UInt8(ascii: ".") {
            let bytes = [UInt8](repeating: value, count: 40) + [UInt8(ascii: ".")] + [UInt8](repeating: value, count: 7)
            let found = bytes.withUnsafeBufferPointer { DecodedJWS.firstDot(in: $0, from: 0) }
            #expect(found == 40, "byte 0x\(String(value, radix: 16))")
            let last = bytes.withUnsafeBufferPointer { DecodedJWS.lastDot(in: $0) }
            #expect(last == 40, "byte 0x\(String(value, radix: 16))")
            let before = [value] + [UInt8(ascii: ".")] + [UInt8](repeating: value, count: 40)
            #expect(
                before.withUnsafeBufferPointer { DecodedJWS.lastDot(in: $0) } == 1, "byte 0x\(String(value, radix: 16))"
            )
        }
    }

    /// Tokens with four or more segments, each also wrong in another way that would be reported if the segments were
    /// not counted first.
    static let overSegmented = [
        "a.b.c.d",
        "..." + String(repeating: "A", count: 40),
        "eyJhbGciOiJIUzI1NiJ9.e30.e30.c2ln",
        "eyJhbGciOiJIUzI1NiJ9.e30.c2ln.",
        ".eyJhbGciOiJIUzI1NiJ9.e30.c2ln",
        "!!.e30.e30.c2ln",
        "eyJhbGciOiJIUzI1NiJ9.e3.0.c2ln",
        "eyJhbGciOiJIUzI1NiJ9." + String(repeating: "A", count: 100) + "." + String(repeating: "B", count: 100) + ".x",
        "e30.e30.e30.e30.e30",
    ]

    @Test("more than three segments is reported first, whatever else is wrong", arguments: Self.overSegmented)
    func tooManySegments(token: String) {
        #expect(
            throws: JWSDecodingError(
                .malformed, "the token has more than three segments; a compact JWS has exactly three")
        ) {
            try DecodedJWS.decode(token, limits: .verifier)
        }
    }

    @Test(
        "one or two segments",
        arguments: [("abc", 1), ("", 0), ("abc.def", 2), (".", 2), ("abc.", 2), (String(repeating: "A", count: 99), 1)])
    func fewSegments(token: String, count: Int) {
        let message =
            count == 0
            ? "the token is empty"
            : "the token has \(count) segment\(count == 1 ? "" : "s"); "
                + "a compact JWS has three (header.payload.signature)"
        #expect(throws: JWSDecodingError(.malformed, message)) {
            try DecodedJWS.decode(token, limits: .verifier)
        }
    }

    /// A09 and A10 (docs/security-checklist.md#a09, #a10): the size limit is checked before anything else, so a token
    /// of a million dots costs one comparison; within the limit, a token full of dots is malformed.
    @Test(
        "the size limit comes first; a token within it full of dots is malformed",
        .bug("https://github.com/golang-jwt/jwt/security/advisories/GHSA-mh63-6h87-95cp", "golang-jwt CVE-2025-30204"))
    func sizeLimit() {
        let dots = "a" + String(repeating: ".", count: 1_000_000)
        #expect(
            throws: JWSDecodingError(
                .tooLarge, "the token is 1000001 bytes long; tokens longer than 8192 bytes are refused")
        ) {
            try DecodedJWS.decode(dots, limits: .verifier)
        }
        #expect(
            throws: JWSDecodingError(
                .malformed, "the token has more than three segments; a compact JWS has exactly three")
        ) {
            try DecodedJWS.decode("a" + String(repeating: ".", count: 8191), limits: .verifier)
        }
        let limits = JWSLimits(maximumTokenSize: 10, maximumHeaderSize: 1024, maximumDepth: 16)
        #expect(
            throws: JWSDecodingError(.tooLarge, "the token is 11 bytes long; tokens longer than 10 bytes are refused")
        ) {
            try DecodedJWS.decode("e30.e30.abc", limits: limits)
        }
        #expect(throws: Never.self) { try DecodedJWS.decode("e30.e30.abc", limits: .verifier) }
    }

    /// A04 (docs/security-checklist.md#a04): `header.payload.` decodes with no signature, which never verifies; the
    /// layer above refuses it.
    @Test("an empty signature decodes to no bytes and never verifies")
    func emptySignature() throws {
        let decoded = try DecodedJWS.decode("e30.e30.", limits: .verifier)
        #expect(!decoded.hasSignature && decoded.signature.isEmpty)
        #expect(decoded.signingInput == Array("e30.e30".utf8))
        #expect(!decoded.isValidSignature(key: HS256Key(keyBytes: [])))
        #expect(TestJSON(decoded.header) == [:] && TestJSON(decoded.payload) == [:])
    }
}
