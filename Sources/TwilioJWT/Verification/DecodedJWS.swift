/// A compact JWS split and decoded strictly, before any trust is placed in it.
///
/// Decoding enforces the envelope rules of the security checklist (§1.2 A, B, E): a size limit checked before
/// anything else, exactly three segments (scanning stops at the third dot, so `"a" + "." × 10⁶` costs
/// nothing), strict unpadded base64url, UTF-8 JSON objects without duplicate members and with bounded
/// nesting. An empty signature decodes to no bytes (so that an unsigned token can be inspected); it does not
/// look at what the header or claims say; ``TokenVerifier`` does that, and rejects unsigned tokens.
package struct DecodedJWS: Sendable {
    /// The decoded header and payload, parsed into one document, followed by the decoded signature.
    package let document: JSONDocument
    package let headerNode: Int
    package let payloadNode: Int
    /// Where the signature's bytes are in the document's bytes.
    private let signatureRange: Range<Int>
    /// The number of bytes of `header "." payload`, the JWS signing input.
    package let signingInputCount: Int
    /// The position in ``knownHeaderTexts`` of the token's header, when it is one of them byte for byte.
    package let knownHeader: Int?

    /// The JOSE header.
    package var header: JSONObject { JSONObject(document: self.document, node: self.headerNode) }
    /// The claims.
    package var payload: JSONObject { JSONObject(document: self.document, node: self.payloadNode) }
    /// The header, for reading with the verifier's type rules.
    var headerReader: ClaimReader {
        ClaimReader(document: self.document, node: self.headerNode, part: .header)
    }
    /// The claims, for reading with the verifier's type rules.
    var claimsReader: ClaimReader {
        ClaimReader(document: self.document, node: self.payloadNode, part: .claims)
    }

    /// The signature bytes (empty for an unsigned token).
    package var signature: [UInt8] { self.withSignature { Array($0) } }

    /// Whether the token has a signature at all.
    package var hasSignature: Bool { !self.signatureRange.isEmpty }

    /// Calls `body` with the signature bytes, which are valid only during the call.
    package func withSignature<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        withExtendedLifetime(self.document) {
            body(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(self.document.bytes)[self.signatureRange]))
        }
    }

    package struct Limits: Sendable, Hashable {
        package var maximumTokenSize: Int
        package var maximumHeaderSize: Int
        package var maximumDepth: Int

        package static let standard = Limits(maximumTokenSize: 8192, maximumHeaderSize: 1024, maximumDepth: 16)
    }

    /// Decodes `token`, whose UTF-8 bytes are `bytes`.
    package static func decode(_ bytes: UnsafeBufferPointer<UInt8>, limits: Limits) throws(TokenError) -> DecodedJWS {
        guard bytes.count <= limits.maximumTokenSize else {
            throw TokenError(
                .tooLarge,
                "the token is \(bytes.count) bytes long; tokens longer than \(limits.maximumTokenSize) bytes are refused"
            )
        }
        guard !bytes.isEmpty else {
            throw TokenError(.malformed, "the token is empty")
        }
        // The first and the last dot bound the segments. Whether there are dots between them is asked only when
        // decoding fails: the payload segment between them decodes only if it has none (a dot is not base64url), so
        // a token that decodes has exactly three segments, and the payload is not scanned twice.
        guard let first = Self.firstDot(in: bytes, from: 0), let last = Self.lastDot(in: bytes), first != last else {
            let segmentCount = Self.firstDot(in: bytes, from: 0) == nil ? 1 : 2
            throw TokenError(
                .malformed,
                "the token has \(segmentCount) segment\(segmentCount == 1 ? "" : "s"); a compact JWS has three "
                    + "(header.payload.signature)"
            )
        }
        do throws(TokenError) {
            return try Self.decode(bytes, dots: (first, last), limits: limits)
        } catch {
            if Self.firstDot(in: UnsafeBufferPointer(rebasing: bytes[..<last]), from: first + 1) != nil {
                throw TokenError(.malformed, "the token has more than three segments; a compact JWS has exactly three")
            }
            throw error
        }
    }

    /// Decodes `bytes`, whose first and last dots are `dots`, once the envelope's size and segments are checked.
    private static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>,
        dots: (Int, Int),
        limits: Limits
    ) throws(TokenError) -> DecodedJWS {
        let headerSegment = UnsafeBufferPointer(rebasing: bytes[0..<dots.0])
        let payloadSegment = UnsafeBufferPointer(rebasing: bytes[(dots.0 + 1)..<dots.1])
        let signatureSegment = UnsafeBufferPointer(rebasing: bytes[(dots.1 + 1)...])
        guard !headerSegment.isEmpty else { throw TokenError(.malformed, "the header segment is empty") }
        guard !payloadSegment.isEmpty else { throw TokenError(.malformed, "the payload segment is empty") }

        // Header, payload and signature are decoded into one buffer, and header and payload parsed into one document
        // (the buffer, the parse and the index share the document's one allocation), in the order a reader would:
        // the header's problems are reported before the payload's, and those before the signature's. A header the
        // official helpers write, spelled byte for byte, is taken parsed (see `knownHeaders`).
        let knownHeaderIndex = Self.knownHeaderIndex(headerSegment, maximumDepth: limits.maximumDepth)
        let knownHeader = knownHeaderIndex.map(Self.knownHeader(at:))
        let headerCount: Int
        if let knownHeader {
            headerCount = knownHeader.bytes.count
        } else {
            headerCount = try Self.decodedCount(headerSegment, part: "header")
        }
        if headerCount > limits.maximumHeaderSize {
            throw TokenError(
                .tooLarge,
                "the header is \(headerCount) bytes long; at most \(limits.maximumHeaderSize) are accepted"
            )
        }
        let payloadCount = Base64URL.decodedCount(payloadSegment.count)
        let signatureCount = Base64URL.decodedCount(signatureSegment.count)
        let payloadStart = headerCount
        let signatureStart = payloadStart + (payloadCount ?? 0)
        var decodedParts = (header: false, payload: false, signature: false)
        var builder = JSONDocument.Builder(byteCount: signatureStart + (signatureCount ?? 0)) { buffer in
            decodedParts.header = knownHeader != nil || Self.decode(headerSegment, into: buffer, at: 0..<headerCount)
            if payloadCount != nil {
                decodedParts.payload = Self.decode(payloadSegment, into: buffer, at: payloadStart..<signatureStart)
            }
            if let signatureCount {
                decodedParts.signature = Self.decode(
                    signatureSegment, into: buffer, at: signatureStart..<(signatureStart + signatureCount))
            }
        }
        guard decodedParts.header else {
            throw TokenError(.malformed, Self.base64Problem(in: headerSegment, part: "header"))
        }
        let headerRoot =
            if let knownHeader {
                builder.adopt(knownHeader)
            } else {
                try Self.parseObject(&builder, 0..<headerCount, part: "header", limits: limits)
            }
        guard let payloadCount, decodedParts.payload else {
            throw TokenError(.malformed, Self.base64Problem(in: payloadSegment, part: "payload"))
        }
        let payloadRoot = try Self.parseObject(
            &builder, payloadStart..<(payloadStart + payloadCount), part: "payload", limits: limits)
        guard let signatureCount, decodedParts.signature else {
            throw TokenError(.malformed, Self.base64Problem(in: signatureSegment, part: "signature"))
        }
        // The verifier reads the registered claims and header members by name; index them once.
        builder.indexKnownMembers(ofObjectAt: headerRoot)
        builder.indexKnownMembers(ofObjectAt: payloadRoot)
        return DecodedJWS(
            document: builder.build(),
            headerNode: headerRoot,
            payloadNode: payloadRoot,
            signatureRange: signatureStart..<(signatureStart + signatureCount),
            signingInputCount: dots.1,
            knownHeader: knownHeaderIndex
        )
    }

    /// A header the official helpers write, base64url-encoded, and its parse (`@unchecked Sendable`: in memory
    /// that is never written after it is made, nor freed).
    private struct KnownHeader: @unchecked Sendable {
        let encoded: UnsafeBufferPointer<UInt8>
        let parsed: JSONDocument.ParsedText
    }

    /// The headers the official helpers write (twilio-token-formats.md §1.1, §1.2, §2), spelled byte for byte.
    static let knownHeaderTexts = [
        // Access tokens: twilio-python 9 with PyJWT ≥ 2.5, twilio-go, ExTwilio, this library.
        #"{"alg":"HS256","cty":"twilio-fpa;v=1","typ":"JWT"}"#,
        // Access tokens: twilio-php, twilio-python 6–9 with PyJWT < 2.5, the Twilio docs' example.
        #"{"typ":"JWT","alg":"HS256","cty":"twilio-fpa;v=1"}"#,
        // Access tokens: twilio-node, twilio-csharp.
        #"{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1"}"#,
        // Access tokens: twilio-ruby (ruby-jwt 2.5), which writes a null region.
        #"{"cty":"twilio-fpa;v=1","twr":null,"typ":"JWT","alg":"HS256"}"#,
        // Client capability and TaskRouter tokens: twilio-python, twilio-node, ExTwilio, this library.
        #"{"alg":"HS256","typ":"JWT"}"#,
        // Client capability and TaskRouter tokens: twilio-ruby, twilio-php.
        #"{"typ":"JWT","alg":"HS256"}"#,
    ]

    /// The ``knownHeaderTexts``, encoded and parsed once: nearly every token a server sees carries one of them, so
    /// decoding and parsing its header for every token is wasted work. Any other header (a region, another order,
    /// white space) is decoded and parsed as usual. Kept in memory that is never freed, so that looking them up
    /// retains nothing.
    private static let knownHeaders: [KnownHeader] = {
        let headers = Self.knownHeaderTexts
        return headers.map { header in
            let bytes = Array(header.utf8)
            guard let parsed = JSONDocument.ParsedText.permanent(bytes, maximumDepth: 1) else {
                preconditionFailure("a known header is not JSON")
            }
            let encoded = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Base64URL.encodedCount(bytes.count))
            _ = bytes.withUnsafeBytes { Base64URL.encode($0, into: encoded) }
            return KnownHeader(encoded: UnsafeBufferPointer(encoded), parsed: parsed)
        }
    }()

    /// The position of `segment` in the ``knownHeaders``, if it is one of them and was parsed within `maximumDepth`.
    @inline(__always)
    static func knownHeaderIndex(_ segment: UnsafeBufferPointer<UInt8>, maximumDepth: Int) -> Int? {
        for (index, known) in Self.knownHeaders.enumerated() where known.encoded.count == segment.count {
            if known.parsed.maximumDepth <= maximumDepth,
                JSONDocument.bytesEqual(
                    known.encoded.baseAddress.unsafelyUnwrapped, segment.baseAddress.unsafelyUnwrapped,
                    count: segment.count)
            {
                return index
            }
        }
        return nil
    }

    /// The parse of the known header at `index` (see ``knownHeaderIndex(_:maximumDepth:)``).
    static func knownHeader(at index: Int) -> JSONDocument.ParsedText {
        Self.knownHeaders[index].parsed
    }

    /// Decodes `segment` into `range` of `buffer`; a segment that fails to decode leaves the range zeroed, so that
    /// every byte of the buffer is initialised either way.
    private static func decode(
        _ segment: UnsafeBufferPointer<UInt8>,
        into buffer: UnsafeMutableBufferPointer<UInt8>,
        at range: Range<Int>
    ) -> Bool {
        let part = UnsafeMutableBufferPointer(rebasing: buffer[range])
        guard Base64URL.decode(segment, into: part) != nil else {
            part.initialize(repeating: 0)
            return false
        }
        return true
    }

    /// The index of the first `.` at or after `start`, looking at 32 bytes at a time, then eight, then one.
    static func firstDot(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let ones: UInt64 = 0x0101_0101_0101_0101
        /// Non-zero exactly when a byte of the eight at `index` is a dot: a byte of `word ^ "........"` is zero exactly
        /// there.
        @inline(__always)
        func dots(at index: Int) -> UInt64 {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            let difference = word ^ (ones &* UInt64(UInt8(ascii: ".")))
            return (difference &- ones) & ~difference & (ones &* 0x80)
        }
        var index = start
        // The segments of a token are hundreds of bytes long: four words per step, with one test of all four.
        while index &+ 32 <= bytes.count {
            if dots(at: index) | dots(at: index &+ 8) | dots(at: index &+ 16) | dots(at: index &+ 24) != 0 { break }
            index &+= 32
        }
        while index &+ 8 <= bytes.count {
            if dots(at: index) != 0 { break }
            index &+= 8
        }
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: ".") { return index }
            index &+= 1
        }
        return nil
    }

    /// The index of the last `.`, looking at eight bytes at a time from the end.
    static func lastDot(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        var end = bytes.count
        while end >= 8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + end - 8).loadUnaligned(as: UInt64.self))
            let difference = word ^ (ones &* UInt64(UInt8(ascii: ".")))
            // The high bit of exactly the bytes that are zero, i.e. dots: no borrow crosses bytes here, so unlike the
            // forward search's test this one flags no byte above a dot, and the highest flag is the last dot.
            let zeros = ~(((difference & lows) &+ lows) | difference | lows)
            if zeros != 0 {
                return end - 1 - zeros.leadingZeroBitCount / 8
            }
            end -= 8
        }
        while end > 0 {
            end -= 1
            if bytes[end] == UInt8(ascii: ".") { return end }
        }
        return nil
    }

    /// Decodes `token`.
    package static func decode(_ token: String, limits: Limits) throws(TokenError) -> DecodedJWS {
        let result: Result<DecodedJWS, TokenError> = token.withBorrowedUTF8 { bytes in
            do throws(TokenError) {
                return .success(try Self.decode(bytes, limits: limits))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func decodedCount(_ segment: UnsafeBufferPointer<UInt8>, part: String) throws(TokenError) -> Int {
        guard let count = Base64URL.decodedCount(segment.count) else {
            throw TokenError(.malformed, Self.base64Problem(in: segment, part: part))
        }
        return count
    }

    /// Parses `range` of the builder's bytes, which must hold a JSON object, and returns its node.
    private static func parseObject(
        _ builder: inout JSONDocument.Builder,
        _ range: Range<Int>,
        part: String,
        limits: Limits
    ) throws(TokenError) -> Int {
        let root: Int
        do throws(JSONReader.Failure) {
            root = try builder.parse(range, maximumDepth: limits.maximumDepth)
        } catch {
            let code: TokenError.Code = error.kind == .duplicateMember ? .duplicateMember : .malformed
            throw TokenError(code, "the \(part) is not acceptable JSON: \(error)")
        }
        guard builder.isObject(root) else {
            throw TokenError(.malformed, "the \(part) must be a JSON object")
        }
        return root
    }

    /// Says why a segment is not strict base64url, naming the rule but never echoing the segment.
    private static func base64Problem(in segment: UnsafeBufferPointer<UInt8>, part: String) -> String {
        let prefix = "the \(part) segment is not unpadded base64url"
        if let index = segment.firstIndex(where: { !Self.isBase64URLByte($0) }) {
            let byte = segment[index]
            let what: String
            switch byte {
            case UInt8(ascii: "="): what = "padding ('=')"
            case UInt8(ascii: "+"), UInt8(ascii: "/"): what = "standard base64 ('+' or '/' instead of '-' or '_')"
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"): what = "white space"
            default: what = byte < 0x80 ? "the character 0x\(String(byte, radix: 16))" : "a non-ASCII byte"
            }
            return "\(prefix): it contains \(what) at offset \(index)"
        }
        if segment.count % 4 == 1 {
            return "\(prefix): its length (\(segment.count)) is not a possible base64url length"
        }
        return "\(prefix): its last character has non-zero unused bits (a non-canonical encoding)"
    }

    private static func isBase64URLByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }
}
