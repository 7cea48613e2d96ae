// swift-crypto 3.x does not yet mark SymmetricKey and SHA256 Sendable (4.x does); both are immutable values here,
// shared only for reading, so the 3.x diagnostics are safe to relax.
@preconcurrency import Crypto

/// An HMAC-SHA256 key with its key schedule computed once.
///
/// HMAC (RFC 2104) hashes a padded key block before the message and another before the inner hash:
/// `H(K ⊕ opad ‖ H(K ⊕ ipad ‖ m))`. The two padded key blocks are the same for every token, so the SHA-256
/// states after absorbing them are kept here and copied for each signature. The copies are value copies of
/// the hash states, so concurrent signing from many threads is safe and never observes another call's message.
///
/// This is HMAC written over swift-crypto's `SHA256` rather than its `HMAC<SHA256>`: the result is the same
/// (the Wycheproof and RFC 4231 vectors are tests), but `SHA256.update(bufferPointer:)` is a concrete call where
/// `HMAC.update(data:)` is a generic one that is not specialised across modules, which made signing a 600-byte
/// token 40 % slower.
///
/// A class, so that a verifier's key table hands out one reference to it: copying a struct of two hash states out of
/// the table retained both, and whatever held them, for every token.
package final class HS256Key: Sendable {
    /// SHA-256 after absorbing `K ⊕ ipad`.
    private let inner: SHA256
    /// SHA-256 after absorbing `K ⊕ opad`.
    private let outer: SHA256

    package convenience init(_ secret: Secret) {
        let states = secret.key.withUnsafeBytes { Self.states(keyBytes: $0) }
        self.init(inner: states.inner, outer: states.outer)
    }

    /// A key from raw bytes, for JWS-level test vectors whose keys are not text (RFC 7515 A.1).
    package convenience init(keyBytes: [UInt8]) {
        let states = keyBytes.withUnsafeBytes { Self.states(keyBytes: $0) }
        self.init(inner: states.inner, outer: states.outer)
    }

    private init(inner: SHA256, outer: SHA256) {
        self.inner = inner
        self.outer = outer
    }

    /// The hash states after the padded key blocks.
    private static func states(keyBytes key: UnsafeRawBufferPointer) -> (inner: SHA256, outer: SHA256) {
        // A key longer than the block is replaced by its hash; a shorter one is padded with zeros.
        var block = [UInt8](repeating: 0, count: Self.blockCount)
        if key.count > Self.blockCount {
            for (index, byte) in SHA256.hash(data: key).enumerated() {
                block[index] = byte
            }
        } else {
            for (index, byte) in key.enumerated() {
                block[index] = byte
            }
        }
        for index in block.indices {
            block[index] ^= 0x36
        }
        var inner = SHA256()
        inner.update(data: block)
        for index in block.indices {
            block[index] ^= 0x36 ^ 0x5c
        }
        var outer = SHA256()
        outer.update(data: block)
        // Don't leave the padded key in freed memory.
        for index in block.indices {
            block[index] = 0
        }
        return (inner, outer)
    }

    private static let blockCount = 64

    /// The HS256 signature of `message`.
    package func signature(for message: UnsafeRawBufferPointer) -> SHA256.Digest {
        var inner = self.inner
        inner.update(bufferPointer: message)
        var outer = self.outer
        inner.finalize().withUnsafeBytes { outer.update(bufferPointer: $0) }
        return outer.finalize()
    }

    /// Whether `signature` is the HS256 signature of `message`.
    ///
    /// The comparison is constant-time (``constantTimeEquals(_:_:)``), so timing reveals nothing about how much
    /// of a forged signature was right (RFC 7515 §10.9; python-jose CVE-2016-7036). This is the only place
    /// signatures are compared.
    package func isValidSignature(_ signature: UnsafeRawBufferPointer, for message: UnsafeRawBufferPointer) -> Bool {
        guard signature.count == SHA256.byteCount else { return false }
        let expected = self.signature(for: message)
        return expected.withUnsafeBytes { expected in Self.constantTimeEquals(expected, signature) }
    }

    /// Whether `signature` is the HS256 signature of `message` (see the other overload).
    package func isValidSignature(_ signature: [UInt8], for message: UnsafeRawBufferPointer) -> Bool {
        signature.withUnsafeBytes { self.isValidSignature($0, for: message) }
    }

    /// Whether `first` and `second` hold the same bytes, in a time that depends only on their length: every byte
    /// is looked at, whatever the first difference (as swift-crypto's `safeCompare` and OpenSSL's
    /// `CRYPTO_memcmp` do; written out here because going through swift-crypto's generic `DataProtocol`
    /// comparison cost a tenth of a verification).
    @inline(never)
    package static func constantTimeEquals(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> Bool {
        guard first.count == second.count else { return false }
        var difference: UInt8 = 0
        for index in 0..<first.count {
            difference |= first[index] ^ second[index]
        }
        return difference == 0
    }
}
