/// Assembles compact JWS tokens (`B64URL(header) "." B64URL(payload) "." B64URL(signature)`).
package enum CompactJWS {
    /// Signs `header` and `payload` (both already-serialised JSON) with HS256 and returns the token.
    package static func hs256(header: [UInt8], payload: [UInt8], key: HS256Key) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(
            Base64URL.encodedCount(header.count) + Base64URL.encodedCount(payload.count) + 2
                + Base64URL.encodedCount(32)
        )
        header.withUnsafeBytes { Base64URL.encode($0, appendingTo: &output) }
        output.append(UInt8(ascii: "."))
        payload.withUnsafeBytes { Base64URL.encode($0, appendingTo: &output) }
        let signature = output.withUnsafeBytes { key.signature(for: $0) }
        output.append(UInt8(ascii: "."))
        signature.withUnsafeBytes { Base64URL.encode($0, appendingTo: &output) }
        return String(decoding: output, as: UTF8.self)
    }
}

extension CompactJWS {
    /// `{"alg":"HS256","typ":"JWT"}`: the header of Client capability and TaskRouter tokens as PyJWT ≥ 2.5
    /// writes it (keys sorted).
    package static let plainHS256Header: [UInt8] = Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8)
}
