/// Assembles compact JWS tokens (`B64URL(header) "." B64URL(payload) "." B64URL(signature)`).
package enum CompactJWS {
    /// Signs `header` and `payload` (both already-serialised JSON) with HS256 and returns the token.
    ///
    /// The token is written straight into the storage of the returned string — header, payload, and, after
    /// signing the bytes written so far in place, the signature — so the only allocations are the string's
    /// and the two of swift-crypto's HMAC state copies.
    package static func hs256(header: UnsafeRawBufferPointer, payload: UnsafeRawBufferPointer, key: HS256Key) -> String
    {
        let headerCount = Base64URL.encodedCount(header.count)
        let signingInputCount = headerCount + 1 + Base64URL.encodedCount(payload.count)
        let total = signingInputCount + 1 + Base64URL.encodedCount(32)
        return String(unsafeUninitializedCapacity: total) { output in
            Base64URL.encode(header, into: output)
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
    package static let plainHS256Header: [UInt8] = Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8)

    /// Signs `payload` under ``plainHS256Header`` with HS256: a Client capability or TaskRouter token.
    package static func hs256(plainHeaderAnd payload: borrowing JSONWriter, key: HS256Key) -> String {
        payload.withUnsafeBytes { payload in
            Self.plainHS256Header.withUnsafeBytes { header in
                Self.hs256(header: header, payload: payload, key: key)
            }
        }
    }
}
