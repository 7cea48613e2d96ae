import Crypto

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

    /// The HS256 signature of `message`.
    package func signature(for message: UnsafeRawBufferPointer) -> HashedAuthenticationCode<SHA256> {
        var hmac = self.initial
        hmac.update(data: message)
        return hmac.finalize()
    }
}
