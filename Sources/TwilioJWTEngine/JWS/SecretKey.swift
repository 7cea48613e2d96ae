import Crypto

/// The bytes of a shared secret (an API key secret or an auth token), held by swift-crypto's `SymmetricKey`, which
/// zeroes its memory when released.
///
/// `@unchecked Sendable` because swift-crypto 3.x does not mark `SymmetricKey` `Sendable` (4.x does): the key is an
/// immutable value, never written after `init`.
package struct SecretKey: @unchecked Sendable {
    let symmetricKey: SymmetricKey

    /// A key of the UTF-8 bytes of `text`, used as they are (never base64- or hex-decoded).
    package init(utf8Of text: String) {
        self.symmetricKey = SymmetricKey(data: Array(text.utf8))
    }

    /// The number of bytes.
    package var byteCount: Int { self.symmetricKey.bitCount / 8 }
}

extension HS256Key {
    /// A key for `secret`.
    package convenience init(_ secret: SecretKey) {
        self.init(secret.symmetricKey)
    }
}
