import Testing

@testable import TwilioJWT

/// A token whose header is one the official helpers write takes that header's parse from a table instead of decoding
/// and parsing it (`DecodedJWS.knownHeaders`). Whichever way a header goes, the document must be the same, node for
/// node, and every limit and error must be what parsing gives.
@Suite("Known headers: taken from the table, the same document as parsing gives")
struct KnownHeaderTests {
    /// The header texts of twilio-token-formats.md §1.1 (the cross-library access-token vectors), §1.2 and §2.
    static let helperHeaders = [
        #"{"alg":"HS256","cty":"twilio-fpa;v=1","typ":"JWT"}"#,
        #"{"typ":"JWT","alg":"HS256","cty":"twilio-fpa;v=1"}"#,
        #"{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1"}"#,
        #"{"cty":"twilio-fpa;v=1","twr":null,"typ":"JWT","alg":"HS256"}"#,
        #"{"alg":"HS256","typ":"JWT"}"#,
        #"{"typ":"JWT","alg":"HS256"}"#,
    ]

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

    /// Every node, member-name entry and byte of `document`, spelled out.
    static func contents(of document: JSONDocument) -> [String] {
        document.nodes.map { "\($0.kind) \($0.isPlainASCII) \($0.start) \($0.count) \($0.bits)" }
            + document.memberNames.map { "name \($0)" } + ["bytes \(Array(document.bytes))"]
    }

    /// The document that parsing the token's decoded parts gives, as `DecodedJWS` made it before the table existed.
    static func parsedDocument(header: String) throws -> (JSONDocument, headerNode: Int, payloadNode: Int) {
        let headerBytes = Array(header.utf8)
        let payloadBytes = Array(Self.payload.utf8)
        var builder = JSONDocument.Builder(
            copying: headerBytes + payloadBytes + [UInt8](repeating: 7, count: 32))
        let headerNode = try builder.parse(0..<headerBytes.count, maximumDepth: 16)
        let payloadNode = try builder.parse(
            headerBytes.count..<(headerBytes.count + payloadBytes.count), maximumDepth: 16)
        builder.indexKnownMembers(ofObjectAt: headerNode)
        builder.indexKnownMembers(ofObjectAt: payloadNode)
        return (builder.build(), headerNode, payloadNode)
    }

    @Test("the table holds exactly the helpers' headers")
    func table() {
        #expect(DecodedJWS.knownHeaderTexts == Self.helperHeaders)
    }

    @Test("a helper's header is found in the table, and its parse is its bytes", arguments: Self.helperHeaders)
    func found(header: String) throws {
        let encoded = Self.encoded(header)
        let index = try #require(
            encoded.withUnsafeBufferPointer { DecodedJWS.knownHeaderIndex($0, maximumDepth: 16) })
        #expect(DecodedJWS.knownHeaderTexts[index] == header)
        let known = DecodedJWS.knownHeader(at: index)
        #expect(Array(known.bytes) == Array(header.utf8))
        #expect(known.maximumDepth == 1)
        // Not found when the limit is lower than the depth it was parsed within, so that parsing applies the limit.
        #expect(encoded.withUnsafeBufferPointer { DecodedJWS.knownHeaderIndex($0, maximumDepth: 0) } == nil)
        // Nor a prefix of it.
        #expect(encoded.dropLast().withUnsafeBufferPointer { DecodedJWS.knownHeaderIndex($0, maximumDepth: 16) } == nil)
    }

    @Test("a token says which known header it has, or none", arguments: Self.helperHeaders + Self.otherHeaders)
    func tokenSaysWhichHeader(header: String) throws {
        let decoded = try DecodedJWS.decode(Self.token(header: header), limits: .standard)
        #expect(decoded.knownHeader == DecodedJWS.knownHeaderTexts.firstIndex(of: header))
    }

    /// The verifier takes the algorithm and, when the header decides it, the kind of a known header from a table it
    /// works out by running its checks; the table must say what the checks say.
    @Test("the verifier's facts about each known header are what its checks say", arguments: Self.helperHeaders)
    func verifierFacts(header: String) throws {
        let index = try #require(DecodedJWS.knownHeaderTexts.firstIndex(of: header))
        let facts = try #require(TokenVerifier.knownHeaderFacts[index])
        let decoded = try DecodedJWS.decode(Self.token(header: header), limits: .standard)
        #expect(try TokenVerifier.checkHeader(decoded.headerReader) == TokenVerifier.knownHeaderAlgorithm)
        #expect(TokenVerifier.knownHeaderAlgorithm == "HS256")
        let expectedKind: TokenKind? = header.contains("twilio-fpa;v=1") ? .access : nil
        #expect(facts.kind == expectedKind)
        if let kind = facts.kind {
            // The claims (here with neither 'scope' nor 'policies') do not change it.
            #expect(TokenKind.detect(header: decoded.headerReader, claims: decoded.claimsReader) == kind)
        }
        #expect(TokenVerifier.knownHeaderFacts.count == DecodedJWS.knownHeaderTexts.count)
    }

    @Test("other headers are not in the table", arguments: Self.otherHeaders)
    func notFound(header: String) {
        #expect(
            Self.encoded(header).withUnsafeBufferPointer { DecodedJWS.knownHeaderIndex($0, maximumDepth: 16) } == nil)
    }

    @Test(
        "decoding gives the document parsing gives, node for node",
        arguments: Self.helperHeaders + Self.otherHeaders)
    func sameDocument(header: String) throws {
        let decoded = try DecodedJWS.decode(Self.token(header: header), limits: .standard)
        let (parsed, headerNode, payloadNode) = try Self.parsedDocument(header: header)
        #expect(Self.contents(of: decoded.document) == Self.contents(of: parsed))
        #expect(decoded.headerNode == headerNode)
        #expect(decoded.payloadNode == payloadNode)
        #expect(decoded.signingInputCount == Self.token(header: header).utf8.count - 44)
        #expect(decoded.signature == [UInt8](repeating: 7, count: 32))
        // The header reads as the same object, members in the same order, and the well-known index finds them.
        let expected = try #require(try JSONReader.parse(header).objectValue)
        #expect(decoded.header == expected)
        #expect(decoded.header.keys == expected.keys)
        for name in MemberName.wellKnown {
            // (A `String` name has no slot, so the parsed document searches for it.)
            #expect(
                decoded.headerReader.valueIndex(name)
                    == parsed.memberValueIndex(named: name.text, inObjectAt: headerNode))
        }
        #expect(decoded.payload == (try #require(try JSONReader.parse(Self.payload).objectValue)))
    }

    @Test("the header size limit applies to a known header as to any other", arguments: Self.helperHeaders)
    func headerSizeLimit(header: String) {
        let size = header.utf8.count
        let limits = DecodedJWS.Limits(maximumTokenSize: 8192, maximumHeaderSize: size - 1, maximumDepth: 16)
        #expect(throws: TokenError(.tooLarge, "the header is \(size) bytes long; at most \(size - 1) are accepted")) {
            try DecodedJWS.decode(Self.token(header: header), limits: limits)
        }
    }

    @Test("a depth limit below the header's is applied by parsing it", arguments: Self.helperHeaders)
    func depthLimit(header: String) {
        let limits = DecodedJWS.Limits(maximumTokenSize: 8192, maximumHeaderSize: 1024, maximumDepth: 0)
        #expect(
            throws: TokenError(.malformed, "the header is not acceptable JSON: nesting deeper than 0 levels at byte 0")
        ) {
            try DecodedJWS.decode(Self.token(header: header), limits: limits)
        }
    }

    @Test("a payload problem after a known header is reported as before", arguments: Self.helperHeaders)
    func payloadProblem(header: String) {
        let token =
            Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(#"{"a":1,"a":2}"#.utf8))
            + ".c2ln"
        #expect(
            throws: TokenError(
                .duplicateMember, #"the payload is not acceptable JSON: duplicate member name 'a' at byte 7"#)
        ) {
            try DecodedJWS.decode(token, limits: .standard)
        }
    }
}
