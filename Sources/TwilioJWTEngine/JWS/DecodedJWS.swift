/// A compact JWS (RFC 7515 §7.1) split and decoded strictly, before any trust is placed in it.
///
/// Decoding enforces the envelope rules: a size limit checked before anything else; exactly three segments; strict
/// unpadded base64url (`Base64URL+Decoding.swift`); header and payload UTF-8 JSON objects without duplicate members and
/// with bounded nesting (`JSONDocument+Parsing.swift`). An empty signature decodes to no bytes, so that an unsigned
/// token can be inspected. What the header and claims say is not looked at here: the layer above does that, and
/// rejects unsigned tokens.
package struct DecodedJWS: Sendable {
    /// The decoded header and payload, parsed into one document, followed by the decoded signature.
    let document: JSONDocument
    let headerNode: Int
    let payloadNode: Int
    /// Where the signature's bytes are in the document's bytes.
    let signatureRange: Range<Int>
    /// The token, whose first ``signingInputCount`` bytes are the signing input.
    let token: String
    /// The number of bytes of `header "." payload`, the JWS signing input.
    let signingInputCount: Int
    /// The position in the decoder's ``KnownHeaders`` of the token's header, when it is one of them byte for byte.
    package let knownHeader: Int?

    /// The JOSE header.
    package var header: JSONObjectView { JSONObjectView(document: self.document, node: self.headerNode) }
    /// The claims.
    package var payload: JSONObjectView { JSONObjectView(document: self.document, node: self.payloadNode) }

    /// Whether the token has a signature at all.
    package var hasSignature: Bool { !self.signatureRange.isEmpty }

    /// The signature bytes (empty for an unsigned token).
    package var signature: [UInt8] {
        // Safe: the range lies within the document's bytes, kept alive for the call.
        unsafe self.withSignature { unsafe Array($0) }
    }

    /// The signing input, `header "." payload` as they appear in the token.
    package var signingInput: [UInt8] {
        Array(self.token.utf8.prefix(self.signingInputCount))
    }

    /// Whether the signature is the HS256 signature of the signing input under `key`, compared in constant time.
    package func isValidSignature(key: HS256Key) -> Bool {
        let count = self.signingInputCount
        // Safe: the token's first `signingInputCount` bytes are its signing input (checked when it was decoded); the
        // borrowed buffers are valid for the call.
        return unsafe self.token.withBorrowedUTF8 { token in
            unsafe self.withSignature { signature in
                unsafe key.isValidSignature(
                    signature, for: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: token[..<count])))
            }
        }
    }

    /// Calls `body` with the signature bytes, which are valid only during the call.
    private func withSignature<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        // Safe: the signature range lies within the document's bytes; the document is kept alive for the call.
        withExtendedLifetime(self.document) {
            unsafe body(
                UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(self.document.parts.bytes)[self.signatureRange])
            )
        }
    }
}

/// Why a token is not a well-formed compact JWS.
package struct JWSDecodingError: Error, Sendable, Hashable {
    package enum Kind: Sendable, Hashable {
        /// Not three segments of strict base64url, or a header or payload that is not an acceptable JSON object.
        case malformed
        /// Larger than the limits allow.
        case tooLarge
        /// A JSON object names a member twice.
        case duplicateMember
    }

    package let kind: Kind
    /// A sentence naming the part and the rule, never echoing the token.
    package let message: String

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}

/// How large a token may be, checked before its parts are decoded.
package struct JWSLimits: Sendable, Hashable {
    package var maximumTokenSize: Int
    package var maximumHeaderSize: Int
    package var maximumDepth: Int

    package init(maximumTokenSize: Int, maximumHeaderSize: Int, maximumDepth: Int) {
        self.maximumTokenSize = maximumTokenSize
        self.maximumHeaderSize = maximumHeaderSize
        self.maximumDepth = maximumDepth
    }
}

// MARK: - Decoding

extension DecodedJWS {
    /// Decodes `token`.
    ///
    /// - Parameters:
    ///   - knownHeaders: Headers that most tokens carry, spelled byte for byte: a token whose header segment is the
    ///     encoding of one of them takes its parse instead of decoding and parsing the header again.
    package static func decode(
        _ token: String,
        limits: JWSLimits,
        knownHeaders: KnownHeaders? = nil
    ) throws(JWSDecodingError) -> DecodedJWS {
        // Safe: the borrowed buffer is used during the call only; the decoded value keeps the string, not the buffer.
        let result: Result<DecodedJWS, JWSDecodingError> = unsafe token.withBorrowedUTF8 { bytes in
            do throws(JWSDecodingError) {
                return .success(
                    try unsafe Self.decode(bytes, of: token, limits: limits, knownHeaders: knownHeaders))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Decodes `token`, whose UTF-8 is `bytes`.
    private static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>,
        of token: String,
        limits: JWSLimits,
        knownHeaders: KnownHeaders?
    ) throws(JWSDecodingError) -> DecodedJWS {
        guard bytes.count <= limits.maximumTokenSize else {
            throw JWSDecodingError(
                .tooLarge,
                "the token is \(bytes.count) bytes long; tokens longer than \(limits.maximumTokenSize) bytes are refused"
            )
        }
        guard !bytes.isEmpty else {
            throw JWSDecodingError(.malformed, "the token is empty")
        }
        // The first and the last dot bound the segments. Whether there are dots between them is asked only when
        // decoding fails: the payload segment between them decodes only if it has none (a dot is not base64url), so a
        // token that decodes has exactly three segments, and the payload is not scanned twice.
        // Safe: the scans read within `bytes`, which the caller keeps valid for the call.
        guard let first = unsafe Self.firstDot(in: bytes, from: 0), let last = unsafe Self.lastDot(in: bytes),
            first != last
        else {
            // Safe: as above.
            let segmentCount = unsafe Self.firstDot(in: bytes, from: 0) == nil ? 1 : 2
            throw JWSDecodingError(
                .malformed,
                "the token has \(segmentCount) segment\(segmentCount == 1 ? "" : "s"); a compact JWS has three "
                    + "(header.payload.signature)"
            )
        }
        do throws(JWSDecodingError) {
            // Safe: `bytes` stays valid for the call; `first` and `last` are dots within it.
            return try unsafe Self.decode(
                bytes, of: token, dots: (first, last), limits: limits, knownHeaders: knownHeaders)
        } catch {
            // Safe: `last` is within the token.
            if unsafe Self.firstDot(in: UnsafeBufferPointer(rebasing: bytes[..<last]), from: first + 1) != nil {
                throw JWSDecodingError(
                    .malformed, "the token has more than three segments; a compact JWS has exactly three")
            }
            throw error
        }
    }

    /// Decodes `bytes`, whose first and last dots are `dots`, once the envelope's size and segments are checked.
    private static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>,
        of token: String,
        dots: (Int, Int),
        limits: JWSLimits,
        knownHeaders: KnownHeaders?
    ) throws(JWSDecodingError) -> DecodedJWS {
        // Safe: 0 <= dots.0 < dots.1 < bytes.count, so the three ranges are within the token.
        let headerSegment = unsafe UnsafeBufferPointer(rebasing: bytes[0..<dots.0])
        let payloadSegment = unsafe UnsafeBufferPointer(rebasing: bytes[(dots.0 + 1)..<dots.1])
        let signatureSegment = unsafe UnsafeBufferPointer(rebasing: bytes[(dots.1 + 1)...])
        guard !headerSegment.isEmpty else { throw JWSDecodingError(.malformed, "the header segment is empty") }
        guard !payloadSegment.isEmpty else { throw JWSDecodingError(.malformed, "the payload segment is empty") }

        // Header, payload and signature are decoded into one buffer, and header and payload parsed into one document
        // (the buffer and the parse share the document's one allocation), in the order a reader would: the header's
        // problems are reported before the payload's, and those before the signature's.
        // Safe: the lookup reads the header segment only.
        let knownHeaderIndex = unsafe knownHeaders?.index(of: headerSegment, maximumDepth: limits.maximumDepth)
        let knownHeader = knownHeaderIndex.map { knownHeaders!.document(at: $0) }
        let headerCount: Int
        if let knownHeader {
            // Safe: reads the count of the known header's bytes, which its cache keeps alive.
            headerCount = unsafe knownHeader.parts.bytes.count
        } else {
            guard let count = Base64URL.decodedCount(headerSegment.count) else {
                // Safe: reads the header segment only.
                throw JWSDecodingError(.malformed, unsafe Self.base64Problem(in: headerSegment, part: "header"))
            }
            headerCount = count
        }
        if headerCount > limits.maximumHeaderSize {
            throw JWSDecodingError(
                .tooLarge,
                "the header is \(headerCount) bytes long; at most \(limits.maximumHeaderSize) are accepted"
            )
        }
        let payloadCount = Base64URL.decodedCount(payloadSegment.count)
        let signatureCount = Base64URL.decodedCount(signatureSegment.count)
        let payloadStart = headerCount
        let signatureStart = payloadStart + (payloadCount ?? 0)
        var decodedParts = (header: false, payload: false, signature: false)
        // Safe: the three ranges partition the buffer, each sized for its segment's decoded count.
        var builder = unsafe JSONDocument.Builder(byteCount: signatureStart + (signatureCount ?? 0)) { buffer in
            if knownHeader == nil {
                decodedParts.header = unsafe Self.decode(headerSegment, into: buffer, at: 0..<headerCount)
            } else {
                decodedParts.header = true
            }
            if payloadCount != nil {
                decodedParts.payload = unsafe Self.decode(
                    payloadSegment, into: buffer, at: payloadStart..<signatureStart)
            }
            if let signatureCount {
                decodedParts.signature = unsafe Self.decode(
                    signatureSegment, into: buffer, at: signatureStart..<(signatureStart + signatureCount))
            }
        }
        guard decodedParts.header else {
            // Safe: reads the header segment only.
            throw JWSDecodingError(.malformed, unsafe Self.base64Problem(in: headerSegment, part: "header"))
        }
        let headerRoot =
            if let knownHeader {
                builder.adopt(knownHeader)
            } else {
                try Self.parseObject(&builder, 0..<headerCount, part: "header", limits: limits)
            }
        guard let payloadCount, decodedParts.payload else {
            // Safe: reads the payload segment only.
            throw JWSDecodingError(.malformed, unsafe Self.base64Problem(in: payloadSegment, part: "payload"))
        }
        let payloadRoot = try Self.parseObject(
            &builder, payloadStart..<(payloadStart + payloadCount), part: "payload", limits: limits)
        guard let signatureCount, decodedParts.signature else {
            // Safe: reads the signature segment only.
            throw JWSDecodingError(.malformed, unsafe Self.base64Problem(in: signatureSegment, part: "signature"))
        }
        return DecodedJWS(
            document: builder.build(),
            headerNode: headerRoot,
            payloadNode: payloadRoot,
            signatureRange: signatureStart..<(signatureStart + signatureCount),
            token: token,
            signingInputCount: dots.1,
            knownHeader: knownHeaderIndex
        )
    }

    /// Decodes `segment` into `range` of `buffer`; a segment that fails to decode leaves the range zeroed, so that
    /// every byte of the buffer is initialised either way.
    private static func decode(
        _ segment: UnsafeBufferPointer<UInt8>,
        into buffer: UnsafeMutableBufferPointer<UInt8>,
        at range: Range<Int>
    ) -> Bool {
        // Safe: `range` is within `buffer` and sized for the segment's decoded count.
        let part = unsafe UnsafeMutableBufferPointer(rebasing: buffer[range])
        guard unsafe Base64URL.decode(segment, into: part) != nil else {
            unsafe part.initialize(repeating: 0)
            return false
        }
        return true
    }

    /// Parses `range` of the builder's bytes, which must hold a JSON object, and returns its node.
    private static func parseObject(
        _ builder: inout JSONDocument.Builder,
        _ range: Range<Int>,
        part: String,
        limits: JWSLimits
    ) throws(JWSDecodingError) -> Int {
        let root: Int
        do throws(JSONParseError) {
            root = try builder.parse(range, maximumDepth: limits.maximumDepth)
        } catch {
            let kind: JWSDecodingError.Kind = error.kind == .duplicateMember ? .duplicateMember : .malformed
            throw JWSDecodingError(kind, "the \(part) is not acceptable JSON: \(error)")
        }
        guard builder.isObject(root) else {
            throw JWSDecodingError(.malformed, "the \(part) must be a JSON object")
        }
        return root
    }

    /// Says why a segment is not strict base64url, naming the rule but never echoing the segment.
    private static func base64Problem(in segment: UnsafeBufferPointer<UInt8>, part: String) -> String {
        let prefix = "the \(part) segment is not unpadded base64url"
        // Safe: the index comes from the segment itself.
        if let index = unsafe segment.firstIndex(where: { !Base64URL.isAlphabetByte($0) }) {
            let byte = unsafe segment[index]
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
}

// MARK: - Segments

extension DecodedJWS {
    /// The index of the first `.` at or after `start`, looking at 32 bytes at a time, then eight, then one.
    static func firstDot(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        /// Non-zero exactly when a byte of the eight at `index` is a dot.
        @inline(__always)
        func dots(at index: Int) -> UInt64 {
            // Safe: callers pass index + 8 <= bytes.count.
            SWAR.bytes(unsafe SWAR.load(base + index), equalTo: UInt8(ascii: "."))
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
            // Safe: index < bytes.count.
            if unsafe bytes[index] == UInt8(ascii: ".") { return index }
            index &+= 1
        }
        return nil
    }

    /// The index of the last `.`, looking at eight bytes at a time from the end.
    static func lastDot(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        var end = bytes.count
        while end >= 8 {
            // Safe: end - 8 >= 0 and end <= bytes.count.
            let dots = SWAR.exactBytes(unsafe SWAR.load(base + end - 8), equalTo: UInt8(ascii: "."))
            if dots != 0 {
                return end - 8 + SWAR.lastFlaggedByte(dots)
            }
            end -= 8
        }
        while end > 0 {
            end -= 1
            // Safe: 0 <= end < bytes.count.
            if unsafe bytes[end] == UInt8(ascii: ".") { return end }
        }
        return nil
    }
}
