/// Assembles compact JWS tokens (`B64URL(header) "." B64URL(payload) "." B64URL(signature)`).
package enum CompactJWS {
    /// Signs a header and `payload` (already-serialised JSON) with HS256 and returns the token.
    ///
    /// The header comes in two parts so that its constant start is encoded once, not per token: the base64url of
    /// its first bytes (a whole number of 3-byte groups, so of 4-character blocks) and the raw bytes of the rest.
    ///
    /// The token is written straight into the storage of the returned string — header, payload, and, after
    /// signing the bytes written so far in place, the signature — so the only allocations are the string's
    /// and the two of swift-crypto's hash state copies.
    package static func hs256(
        encodedHeaderPrefix: UnsafeRawBufferPointer,
        headerTail: UnsafeRawBufferPointer,
        payload: UnsafeRawBufferPointer,
        key: HS256Key
    ) -> String {
        precondition(encodedHeaderPrefix.count % 4 == 0, "the encoded header prefix must be whole base64 blocks")
        let prefixCount = encodedHeaderPrefix.count
        let headerCount = prefixCount + Base64URL.encodedCount(headerTail.count)
        let signingInputCount = headerCount + 1 + Base64URL.encodedCount(payload.count)
        let total = signingInputCount + 1 + Base64URL.encodedCount(32)
        return String(unsafeUninitializedCapacity: total) { output in
            if let prefix = encodedHeaderPrefix.baseAddress, let start = output.baseAddress {
                UnsafeMutableRawPointer(start).copyMemory(from: prefix, byteCount: prefixCount)
            }
            Base64URL.encode(headerTail, into: UnsafeMutableBufferPointer(rebasing: output[prefixCount...]))
            output[headerCount] = UInt8(ascii: ".")
            Base64URL.encode(payload, into: UnsafeMutableBufferPointer(rebasing: output[(headerCount + 1)...]))
            let signature = key.signature(
                for: UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: output[..<signingInputCount]))
            )
            output[signingInputCount] = UInt8(ascii: ".")
            _ = signature.withUnsafeBytes {
                Base64URL.encode($0, into: UnsafeMutableBufferPointer(rebasing: output[(signingInputCount + 1)...]))
            }
            return total
        }
    }
}

extension CompactJWS {
    /// `{"alg":"HS256","typ":"JWT"}`: the header of Client capability and TaskRouter tokens as PyJWT ≥ 2.5
    /// writes it (keys sorted).
    private static let plainHS256Header: [UInt8] = Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8)

    /// The base64url of ``plainHS256Header`` (27 bytes: whole 3-byte groups, so it can start any token).
    private static let plainHS256HeaderEncoded: [UInt8] = Array(Base64URL.encode(plainHS256Header).utf8)

    /// Signs `payload` under ``plainHS256Header`` with HS256: a Client capability or TaskRouter token.
    package static func hs256(plainHeaderAnd payload: borrowing JSONWriter, key: HS256Key) -> String {
        payload.withUnsafeBytes { payload in
            Self.plainHS256HeaderEncoded.withUnsafeBytes { header in
                Self.hs256(
                    encodedHeaderPrefix: header,
                    headerTail: UnsafeRawBufferPointer(start: nil, count: 0),
                    payload: payload,
                    key: key
                )
            }
        }
    }
}
