/// Assembles compact JWS tokens: `base64url(header) "." base64url(payload) "." base64url(signature)` (RFC 7515
/// §7.1).
package enum CompactJWS {}

/// A JOSE header known in advance, but for at most one string value that varies from token to token (the region of
/// an access token), with the base64url of its constant start computed once.
///
/// The header is `before + value + after`. The first `3k` bytes of `before` (whole 3-byte groups, so whole
/// 4-character blocks) are encoded here; the rest of `before`, the value and `after` are encoded per token.
package struct HeaderTemplate: Sendable {
    /// The base64url of the longest prefix of `before` that is a whole number of 3-byte groups.
    let encodedPrefix: [UInt8]
    /// The bytes of `before` after that prefix.
    let tail: [UInt8]
    let after: [UInt8]

    /// The header `before + value + after`, where `value` is given when a token is signed.
    package init(before: String, after: String = "") {
        let bytes = Array(before.utf8)
        let prefixCount = bytes.count - bytes.count % 3
        self.encodedPrefix = Array(Base64URL.encode(bytes[..<prefixCount]).utf8)
        self.tail = Array(bytes[prefixCount...])
        self.after = Array(after.utf8)
    }

    /// The number of characters the header with a value of `valueCount` bytes encodes to.
    func encodedCount(valueCount: Int) -> Int {
        self.encodedPrefix.count + Base64URL.encodedCount(self.tail.count + valueCount + self.after.count)
    }

    /// Writes the header's encoding, with `value`, at the start of `output`, which has room for
    /// ``encodedCount(valueCount:)`` bytes.
    func encode(value: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) {
        let rest = self.tail.count + value.count + self.after.count
        // Safe: the prefix's and the rest's encodings fit the output, which has room for both (see above); the
        // temporary buffer holds exactly `rest` bytes, each written once.
        unsafe self.encodedPrefix.withUnsafeBufferPointer { prefix in
            _ = unsafe output.initialize(fromContentsOf: prefix)
        }
        unsafe withUnsafeTemporaryAllocation(of: UInt8.self, capacity: rest) { buffer in
            var index = 0
            for byte in self.tail {
                unsafe buffer[index] = byte
                index += 1
            }
            for offset in 0..<value.count {
                unsafe buffer[index] = unsafe value[offset]
                index += 1
            }
            for byte in self.after {
                unsafe buffer[index] = byte
                index += 1
            }
            unsafe Base64URL.encode(
                UnsafeRawBufferPointer(buffer),
                into: UnsafeMutableBufferPointer(rebasing: output[self.encodedPrefix.count...])
            )
        }
    }
}

extension CompactJWS {
    /// Signs `payload` (serialised JSON) under `header`, with `value` in the header's variable place, with HS256.
    ///
    /// The token is written straight into the storage of the returned string — header, payload, and, after signing
    /// the bytes written so far in place, the signature — so the only allocations are the string's and swift-crypto's
    /// copies of the hash state.
    package static func hs256(
        header: HeaderTemplate,
        value: String = "",
        payload: borrowing JSONWriter,
        key: HS256Key
    ) -> String {
        let payloadCount = payload.output.count
        let headerCount = header.encodedCount(valueCount: value.utf8.count)
        let signingInputCount = headerCount + 1 + Base64URL.encodedCount(payloadCount)
        let total = signingInputCount + 1 + Base64URL.encodedCount(HS256Key.signatureCount)
        // Safe: the string's buffer has `total` places; the parts below are written at disjoint offsets that add up
        // to `total` (each encoder writes exactly its encoded count), and the signature reads only the bytes already
        // written.
        return unsafe String(unsafeUninitializedCapacity: total) { output in
            unsafe value.withBorrowedUTF8 { value in
                unsafe header.encode(value: value, into: output)
            }
            unsafe output[headerCount] = UInt8(ascii: ".")
            _ = unsafe payload.withUnsafeBytes { payload in
                unsafe Base64URL.encode(
                    payload, into: UnsafeMutableBufferPointer(rebasing: output[(headerCount + 1)...]))
            }
            let signature = unsafe key.signature(
                for: UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: output[..<signingInputCount])))
            unsafe output[signingInputCount] = UInt8(ascii: ".")
            unsafe signature.withUnsafeBytes {
                _ = unsafe Base64URL.encode(
                    $0, into: UnsafeMutableBufferPointer(rebasing: output[(signingInputCount + 1)...]))
            }
            return total
        }
    }

    /// Signs `payload` (serialised JSON) under `header` with `sign`, which returns the signature of the signing input
    /// it is given (an RSA signature, for example).
    package static func token<Failure: Error>(
        header: HeaderTemplate,
        payload: borrowing JSONWriter,
        sign: ([UInt8]) throws(Failure) -> [UInt8]
    ) throws(Failure) -> String {
        var output = [UInt8](repeating: 0, count: header.encodedCount(valueCount: 0))
        // Safe: the array has exactly the header's encoded count; the value is empty.
        unsafe output.withUnsafeMutableBufferPointer { output in
            unsafe header.encode(value: UnsafeBufferPointer(start: nil, count: 0), into: output)
        }
        output.append(UInt8(ascii: "."))
        // Safe: the payload's buffer is valid for the call.
        unsafe payload.withUnsafeBytes { unsafe Base64URL.encode($0, appendingTo: &output) }
        let signature = try sign(output)
        output.append(UInt8(ascii: "."))
        // Safe: the signature's buffer is valid for the call.
        unsafe signature.withUnsafeBytes { unsafe Base64URL.encode($0, appendingTo: &output) }
        return String(decoding: output, as: UTF8.self)
    }
}
