import Testing

@_spi(Engine) @testable import TwilioJWTEngine

/// A token whose header is one of a decoder's `KnownHeaders` takes that header's parse from the table instead of
/// decoding and parsing it. Whichever way a header goes, the document must be the same, node for node, and every limit
/// and error must be what parsing gives.
@Suite("Known headers: taken from the table, the same document as parsing gives")
struct KnownHeaderTests {
    /// The headers the official helper libraries write, as the library's verifier lists them
    /// (`Sources/TwilioJWT/Verification/KnownHeaderText.swift`).
    static let helperHeaders = [
        #"{"alg":"HS256","cty":"twilio-fpa;v=1","typ":"JWT"}"#,
        #"{"typ":"JWT","alg":"HS256","cty":"twilio-fpa;v=1"}"#,
        #"{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1"}"#,
        #"{"cty":"twilio-fpa;v=1","twr":null,"typ":"JWT","alg":"HS256"}"#,
        #"{"alg":"HS256","typ":"JWT"}"#,
        #"{"typ":"JWT","alg":"HS256"}"#,
    ]

    static let knownHeaders = KnownHeaders(Self.helperHeaders)

    /// Headers that are not in the table: a region, white space (twilio-python 5), an escape, another order.
    static let otherHeaders = [
        #"{"alg":"HS256","cty":"twilio-fpa;v=1","twr":"ie1","typ":"JWT"}"#,
        #"{"typ": "JWT", "alg": "HS256"}"#,
        #"{"alg":"HS256","cty":"twilio-fpa;v=1","typ":"JW\u0054"}"#,
        #"{"cty":"twilio-fpa;v=1","alg":"HS256","typ":"JWT"}"#,
        #"{"alg":"RS256","cty":"twilio-pkrv;v=1","kid":"CRdddddddddddddddddddddddddddddddd","typ":"JWT"}"#,
    ]

    static let payload = #"{"jti":"SK-1","grants":{"identity":"alice","video":{"room":"r"}},"exp":1700003600}"#

    static func token(header: String) -> String {
        Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(Self.payload.utf8)) + "."
            + Base64URL.encode([UInt8](repeating: 7, count: 32))
    }

    static func encoded(_ header: String) -> [UInt8] {
        Array(Base64URL.encode(Array(header.utf8)).utf8)
    }

    static func index(of header: String, maximumDepth: Int = 16) -> Int? {
        Self.encoded(header).withUnsafeBufferPointer { Self.knownHeaders.index(of: $0, maximumDepth: maximumDepth) }
    }

    /// Every node, member-name entry and byte of `document`, spelled out.
    static func contents(of document: JSONDocument) -> [String] {
        let parts = document.parts
        return parts.nodes.map { "\($0.kind) \($0.isPlainASCII) \($0.start) \($0.count) \($0.bits)" }
            + parts.memberNames.map { "name \($0)" } + ["bytes \(Array(parts.bytes))"]
    }

    /// The document that parsing the token's decoded parts gives, as `DecodedJWS` makes it without a table.
    static func parsedDocument(header: String) throws -> (JSONDocument, headerNode: Int, payloadNode: Int) {
        let headerBytes = Array(header.utf8)
        let payloadBytes = Array(Self.payload.utf8)
        var builder = JSONDocument.Builder(
            copying: headerBytes + payloadBytes + [UInt8](repeating: 7, count: 32))
        let headerNode = try builder.parse(0..<headerBytes.count, maximumDepth: 16)
        let payloadNode = try builder.parse(
            headerBytes.count..<(headerBytes.count + payloadBytes.count), maximumDepth: 16)
        return (builder.build(), headerNode, payloadNode)
    }

    @Test("the table holds the headers it was made with, parsed")
    func table() throws {
        #expect(Self.knownHeaders.count == Self.helperHeaders.count)
        for (index, header) in Self.helperHeaders.enumerated() {
            let parsed = try #require(try JSONDocument.parse(header.utf8, maximumDepth: 1).object)
            #expect(TestJSON(Self.knownHeaders.header(at: index)) == TestJSON(parsed))
        }
    }

    @Test("a helper's header is found in the table, and its parse is its bytes", arguments: Self.helperHeaders)
    func found(header: String) throws {
        let index = try #require(Self.index(of: header))
        #expect(Self.helperHeaders[index] == header)
        #expect(Array(Self.knownHeaders.document(at: index).parts.bytes) == Array(header.utf8))
        // The headers nest one level: found with a limit of one, not below, so that parsing applies a lower limit.
        #expect(Self.index(of: header, maximumDepth: 1) == index)
        #expect(Self.index(of: header, maximumDepth: 0) == nil)
        // Nor a prefix of it.
        let encoded = Self.encoded(header)
        #expect(
            encoded.dropLast().withUnsafeBufferPointer { Self.knownHeaders.index(of: $0, maximumDepth: 16) } == nil)
        #expect([UInt8]().withUnsafeBufferPointer { Self.knownHeaders.index(of: $0, maximumDepth: 16) } == nil)
    }

    @Test("a token says which known header it has, or none", arguments: Self.helperHeaders + Self.otherHeaders)
    func tokenSaysWhichHeader(header: String) throws {
        let decoded = try DecodedJWS.decode(
            Self.token(header: header), limits: .verifier, knownHeaders: Self.knownHeaders)
        #expect(decoded.knownHeader == Self.helperHeaders.firstIndex(of: header))
        // Without a table, no header is known.
        #expect(try DecodedJWS.decode(Self.token(header: header), limits: .verifier).knownHeader == nil)
    }

    @Test("other headers are not in the table", arguments: Self.otherHeaders)
    func notFound(header: String) {
        #expect(Self.index(of: header) == nil)
    }

    /// Headers that nest deeper than one level need the depth they nest to: with `depth: 2`, a token's header is taken
    /// from the table when its limit allows two levels.
    @Test("a table of deeper headers is used only within their depth")
    func deeperHeaders() throws {
        let header = #"{"alg":"HS256","x":{"y":[]}}"#
        let table = KnownHeaders([header], depth: 3)
        let encoded = Self.encoded(header)
        #expect(encoded.withUnsafeBufferPointer { table.index(of: $0, maximumDepth: 3) } == 0)
        #expect(encoded.withUnsafeBufferPointer { table.index(of: $0, maximumDepth: 2) } == nil)
        let decoded = try DecodedJWS.decode(Self.token(header: header), limits: .verifier, knownHeaders: table)
        #expect(decoded.knownHeader == 0)
        #expect(TestJSON(decoded.header) == ["alg": "HS256", "x": ["y": []]])
    }

    @Test(
        "decoding gives the document parsing gives, node for node",
        arguments: Self.helperHeaders + Self.otherHeaders)
    func sameDocument(header: String) throws {
        let decoded = try DecodedJWS.decode(
            Self.token(header: header), limits: .verifier, knownHeaders: Self.knownHeaders)
        let (parsed, headerNode, payloadNode) = try Self.parsedDocument(header: header)
        #expect(Self.contents(of: decoded.document) == Self.contents(of: parsed))
        #expect(decoded.headerNode == headerNode)
        #expect(decoded.payloadNode == payloadNode)
        #expect(decoded.signingInputCount == Self.token(header: header).utf8.count - 44)
        #expect(decoded.signature == [UInt8](repeating: 7, count: 32))
        // The header reads as the same object, members in the same order, and member lookups find the same values.
        let expected = try #require(try JSONDocument.parse(header.utf8, maximumDepth: 16).object)
        #expect(TestJSON(decoded.header) == TestJSON(expected))
        #expect(decoded.header.map(\.name) == expected.map(\.name))
        let parsedHeader = JSONObjectView(document: parsed, node: headerNode)
        for name: MemberName in ["alg", "typ", "cty", "twr", "kid", "crit", "x5t#S256", "jku", "zip", "b64", ""] {
            #expect(decoded.header[name].map(TestJSON.init) == parsedHeader[name].map(TestJSON.init), "\(name)")
            #expect(decoded.header[name]?.node == parsedHeader[name]?.node, "\(name)")
        }
        let expectedPayload = try #require(try JSONDocument.parse(Self.payload.utf8, maximumDepth: 16).object)
        #expect(TestJSON(decoded.payload) == TestJSON(expectedPayload))
    }

    @Test("the header size limit applies to a known header as to any other", arguments: Self.helperHeaders)
    func headerSizeLimit(header: String) {
        let size = header.utf8.count
        let limits = JWSLimits(maximumTokenSize: 8192, maximumHeaderSize: size - 1, maximumDepth: 16)
        #expect(
            throws: JWSDecodingError(.tooLarge, "the header is \(size) bytes long; at most \(size - 1) are accepted")
        ) {
            try DecodedJWS.decode(Self.token(header: header), limits: limits, knownHeaders: Self.knownHeaders)
        }
    }

    @Test("a depth limit below the header's is applied by parsing it", arguments: Self.helperHeaders)
    func depthLimit(header: String) {
        let limits = JWSLimits(maximumTokenSize: 8192, maximumHeaderSize: 1024, maximumDepth: 0)
        #expect(
            throws: JWSDecodingError(
                .malformed, "the header is not acceptable JSON: nesting deeper than 0 levels at byte 0")
        ) {
            try DecodedJWS.decode(Self.token(header: header), limits: limits, knownHeaders: Self.knownHeaders)
        }
    }

    @Test("a payload problem after a known header is reported as before", arguments: Self.helperHeaders)
    func payloadProblem(header: String) {
        let token =
            Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(#"{"a":1,"a":2}"#.utf8))
            + ".c2ln"
        #expect(
            throws: JWSDecodingError(
                .duplicateMember, #"the payload is not acceptable JSON: duplicate member name 'a' at byte 7"#)
        ) {
            try DecodedJWS.decode(token, limits: .verifier, knownHeaders: Self.knownHeaders)
        }
    }

    /// A known header followed by a payload segment of an impossible length, or by a signature that is not base64url,
    /// is refused with the message any other header gets.
    @Test("segment problems after a known header are reported as after any other", arguments: Self.helperHeaders)
    func segmentProblems(header: String) {
        let encodedHeader = Base64URL.encode(Array(header.utf8))
        for (rest, message) in [
            (
                "e30xx.c2ln",
                "the payload segment is not unpadded base64url: its length (5) is not a possible base64url length"
            ),
            ("e30.c2l=", "the signature segment is not unpadded base64url: it contains padding ('=') at offset 3"),
            (
                "e30.c2m",
                "the signature segment is not unpadded base64url: its last character has non-zero unused bits "
                    + "(a non-canonical encoding)"
            ),
            ("W10.c2ln", "the payload must be a JSON object"),
        ] {
            #expect(throws: JWSDecodingError(.malformed, message)) {
                try DecodedJWS.decode(encodedHeader + "." + rest, limits: .verifier, knownHeaders: Self.knownHeaders)
            }
            #expect(throws: JWSDecodingError(.malformed, message)) {
                try DecodedJWS.decode(encodedHeader + "." + rest, limits: .verifier)
            }
        }
    }
}
