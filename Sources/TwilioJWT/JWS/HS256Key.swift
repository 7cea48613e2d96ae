// swift-crypto 3.x does not yet mark SymmetricKey and HMAC Sendable (4.x does); both are immutable values here,
// shared only for reading, so the 3.x diagnostics are safe to relax.
@preconcurrency import Crypto

/// An HMAC-SHA256 key with its key schedule computed once.
///
/// HMAC hashes the padded key before every message (`H(K ⊕ opad ‖ H(K ⊕ ipad ‖ m))`). The two padded
/// key blocks are the same for every token, so the hash states after absorbing them are kept here and
/// copied for each signature. The copy is a value copy of the hash state, so concurrent signing from
/// many threads is safe and never observes another call's message.
package struct HS256Key: Sendable {
    private let initial: HMAC<SHA256>

    package init(_ secret: Secret) {
        self.initial = HMAC<SHA256>(key: secret.key)
    }

    /// A key from raw bytes, for JWS-level test vectors whose keys are not text (RFC 7515 A.1).
    package init(keyBytes: [UInt8]) {
        self.initial = HMAC<SHA256>(key: SymmetricKey(data: keyBytes))
    }

    /// The HS256 signature of `message`.
    package func signature(for message: UnsafeRawBufferPointer) -> HashedAuthenticationCode<SHA256> {
        var hmac = self.initial
        hmac.update(data: message)
        return hmac.finalize()
    }

    /// Whether `signature` is the HS256 signature of `message`.
    ///
    /// The comparison is constant-time: `HashedAuthenticationCode`'s `==` with bytes is swift-crypto's
    /// `safeCompare`, which looks at every byte whatever the first difference, so timing reveals nothing about
    /// how much of a forged signature was right (RFC 7515 §10.9; python-jose CVE-2016-7036). This is the only
    /// place signatures are compared.
    package func isValidSignature(_ signature: [UInt8], for message: UnsafeRawBufferPointer) -> Bool {
        guard signature.count == SHA256.byteCount else { return false }
        return self.signature(for: message) == signature
    }
}
