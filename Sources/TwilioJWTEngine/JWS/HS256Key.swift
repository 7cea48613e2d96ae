import Crypto

/// An HMAC-SHA256 key (RFC 2104, RFC 7518 §3.2) with its key schedule computed once.
///
/// HMAC hashes a padded key block before the message, and another before the inner hash:
/// `H(K ⊕ opad ‖ H(K ⊕ ipad ‖ m))`. The two padded key blocks are the same for every token, so the SHA-256 states after
/// absorbing them are kept here and copied for each signature; the copies are values, so signing from many threads at
/// once is safe and never observes another call's message.
///
/// This is RFC 2104 written over swift-crypto's `SHA256` rather than a keyed `HMAC<SHA256>`: swift-crypto's `HMAC` is
/// generic over its hash function and not inlinable, so every call runs unspecialised generic code. Measured with
/// `Benchmarks/compare.sh`, the keyed `HMAC<SHA256>` made verification and minting slow enough to miss the project's
/// throughput targets (docs/performance.md, "HMAC"). The results are the same: RFC 4231 and Wycheproof's HMAC-SHA256
/// vectors are the tests (`HS256KeyTests`).
///
/// A class, so that a verifier's key table hands out one reference to it rather than copying the hash states.
/// `@unchecked Sendable` because swift-crypto 3.x does not mark `SHA256` `Sendable` (4.x does): the states are
/// immutable values, only ever copied out, never written after `init`.
package final class HS256Key: @unchecked Sendable {
    /// SHA-256 after absorbing `K ⊕ ipad`.
    private let inner: SHA256
    /// SHA-256 after absorbing `K ⊕ opad`.
    private let outer: SHA256

    /// The size of a SHA-256 block: keys are padded to it, longer keys hashed first.
    private static let blockCount = 64

    /// A key for the bytes of `key`.
    init(_ key: SymmetricKey) {
        var block = [UInt8](repeating: 0, count: Self.blockCount)
        // Safe: the key's bytes are read during the call only; `block` has room for them (at most 64, or a 32-byte
        // hash of a longer key).
        unsafe key.withUnsafeBytes { key in
            if key.count > Self.blockCount {
                for (index, byte) in unsafe SHA256.hash(data: key).enumerated() { block[index] = byte }
            } else {
                for index in 0..<key.count { block[index] = unsafe key[index] }
            }
        }
        var inner = SHA256()
        inner.update(data: block.map { $0 ^ 0x36 })
        var outer = SHA256()
        outer.update(data: block.map { $0 ^ 0x5C })
        // Don't leave the padded key in freed memory.
        for index in block.indices { block[index] = 0 }
        self.inner = inner
        self.outer = outer
    }

    /// A key from raw bytes, for JWS-level test vectors whose keys are not text (RFC 7515 appendix A.1).
    package convenience init(keyBytes: [UInt8]) {
        self.init(SymmetricKey(data: keyBytes))
    }

    /// The number of bytes of a signature.
    static let signatureCount = SHA256.byteCount

    /// The HS256 signature of `message`.
    func signature(for message: UnsafeRawBufferPointer) -> SHA256.Digest {
        var inner = self.inner
        // Safe: the buffers are valid for the calls, and SHA256 does not keep them.
        unsafe inner.update(bufferPointer: message)
        var outer = self.outer
        unsafe inner.finalize().withUnsafeBytes { unsafe outer.update(bufferPointer: $0) }
        return outer.finalize()
    }

    /// The HS256 signature of `message`.
    package func signature(for message: [UInt8]) -> [UInt8] {
        // Safe: the array's buffer is valid for the call.
        Array(unsafe message.withUnsafeBytes { unsafe self.signature(for: $0) })
    }

    /// Whether `signature` is the HS256 signature of `message`.
    ///
    /// The comparison takes a time that depends only on the length (``constantTimeEquals(_:_:)``), so timing reveals
    /// nothing about how much of a forged signature was right (RFC 7515 §10.9).
    func isValidSignature(_ signature: UnsafeRawBufferPointer, for message: UnsafeRawBufferPointer) -> Bool {
        guard signature.count == Self.signatureCount else { return false }
        // Safe: both buffers are valid for the calls.
        return unsafe self.signature(for: message).withUnsafeBytes { unsafe Self.constantTimeEquals($0, signature) }
    }

    /// Whether `first` and `second` hold the same bytes, in a time that depends only on their length: every byte is
    /// looked at, whatever the first difference, and the loop has no branch on the data. This is the comparison
    /// swift-crypto makes behind its `Digest` and MAC `==` (`constantTimeCompare`, an exclusive-or of every pair of
    /// bytes folded with or:
    /// https://github.com/apple/swift-crypto/blob/main/Sources/Crypto/Util/BoringSSL/SafeCompare_boring.swift),
    /// written here because swift-crypto offers it only as a generic `==` over `DataProtocol`, which runs
    /// unspecialised across the module boundary (docs/performance.md, "HMAC").
    @inline(never)
    package static func constantTimeEquals(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> Bool {
        guard first.count == second.count else { return false }
        var difference: UInt8 = 0
        for index in 0..<first.count {
            // Safe: index < count of both buffers, which are valid for the call.
            difference |= unsafe first[index] ^ second[index]
        }
        return difference == 0
    }

    /// Whether `signature` is the HS256 signature of `message`.
    package func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        // Safe: both arrays' buffers are valid for the call.
        unsafe signature.withUnsafeBytes { signature in
            unsafe message.withUnsafeBytes { unsafe self.isValidSignature(signature, for: $0) }
        }
    }
}
