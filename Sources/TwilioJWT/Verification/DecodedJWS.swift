/// A compact JWS split and decoded strictly, before any trust is placed in it.
///
/// Decoding enforces the envelope rules of the security checklist (§1.2 A, B, E): a size limit checked before
/// anything else, exactly three segments (scanning stops at the third dot, so `"a" + "." × 10⁶` costs
/// nothing), strict unpadded base64url, UTF-8 JSON objects without duplicate members and with bounded
/// nesting. An empty signature decodes to no bytes (so that an unsigned token can be inspected); it does not
/// look at what the header or claims say; ``TokenVerifier`` does that, and rejects unsigned tokens.
package struct DecodedJWS: Sendable {
    package var header: JSONObject
    package var payload: JSONObject
    package var signature: [UInt8]
    /// The number of bytes of `header "." payload`, the JWS signing input.
    package var signingInputCount: Int

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
        var dots: (Int, Int) = (-1, -1)
        var dotCount = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: ".") {
            dotCount += 1
            switch dotCount {
            case 1: dots.0 = index
            case 2: dots.1 = index
            default:
                throw TokenError(.malformed, "the token has more than three segments; a compact JWS has exactly three")
            }
        }
        guard dotCount == 2 else {
            throw TokenError(
                .malformed,
                "the token has \(dotCount + 1) segment\(dotCount == 0 ? "" : "s"); a compact JWS has three "
                    + "(header.payload.signature)"
            )
        }
        let headerSegment = UnsafeBufferPointer(rebasing: bytes[0..<dots.0])
        let payloadSegment = UnsafeBufferPointer(rebasing: bytes[(dots.0 + 1)..<dots.1])
        let signatureSegment = UnsafeBufferPointer(rebasing: bytes[(dots.1 + 1)...])
        guard !headerSegment.isEmpty else { throw TokenError(.malformed, "the header segment is empty") }
        guard !payloadSegment.isEmpty else { throw TokenError(.malformed, "the payload segment is empty") }

        let header = try Self.decodeObject(
            headerSegment, part: "header", limits: limits, maximumSize: limits.maximumHeaderSize)
        let payload = try Self.decodeObject(payloadSegment, part: "payload", limits: limits, maximumSize: nil)
        var signature: [UInt8] = []
        signature.reserveCapacity(signatureSegment.count * 3 / 4)
        guard Base64URL.decode(signatureSegment, appendingTo: &signature) else {
            throw TokenError(.malformed, Self.base64Problem(in: signatureSegment, part: "signature"))
        }
        return DecodedJWS(header: header, payload: payload, signature: signature, signingInputCount: dots.1)
    }

    /// Decodes `token`.
    package static func decode(_ token: String, limits: Limits) throws(TokenError) -> DecodedJWS {
        var token = token
        let result: Result<DecodedJWS, TokenError> = token.withUTF8 { bytes in
            do throws(TokenError) {
                return .success(try Self.decode(bytes, limits: limits))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func decodeObject(
        _ segment: UnsafeBufferPointer<UInt8>,
        part: String,
        limits: Limits,
        maximumSize: Int?
    ) throws(TokenError) -> JSONObject {
        guard let byteCount = Base64URL.decodedCount(segment.count) else {
            throw TokenError(.malformed, Self.base64Problem(in: segment, part: part))
        }
        if let maximumSize, byteCount > maximumSize {
            throw TokenError(.tooLarge, "the \(part) is \(byteCount) bytes long; at most \(maximumSize) are accepted")
        }
        // The JSON text lives only while it is parsed: a temporary buffer (on the stack when small) rather
        // than an array per segment.
        let parsed: Result<JSONValue, TokenError> = withUnsafeTemporaryAllocation(
            of: UInt8.self, capacity: max(byteCount, 1)
        ) {
            buffer in
            guard Base64URL.decode(segment, into: buffer) != nil else {
                return .failure(TokenError(.malformed, Self.base64Problem(in: segment, part: part)))
            }
            do throws(JSONReader.Failure) {
                let json = UnsafeBufferPointer(rebasing: buffer[..<byteCount])
                return .success(try JSONReader.parse(json, maximumDepth: limits.maximumDepth))
            } catch {
                let code: TokenError.Code = error.kind == .duplicateMember ? .duplicateMember : .malformed
                return .failure(TokenError(code, "the \(part) is not acceptable JSON: \(error)"))
            }
        }
        let value = try parsed.get()
        guard case .object(let object) = value else {
            throw TokenError(.malformed, "the \(part) must be a JSON object")
        }
        return object
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
