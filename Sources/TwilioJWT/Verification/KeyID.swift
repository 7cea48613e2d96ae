/// Which configured key verified a token: its kind and its SID.
///
/// With several keys of a kind configured (during a rotation) this says which one matched.
public struct KeyID: Sendable, Hashable, CustomStringConvertible {
    /// The kinds of keys a ``TokenVerifier`` holds.
    public enum Kind: Sendable, Hashable {
        /// An ``APIKey``: its SID (`SK…`) is the access token's issuer.
        case apiKey
        /// ``AccountCredentials``: the account SID (`AC…`) is the capability or TaskRouter token's issuer.
        case account
        /// A ``ClientValidationPublicKey``: its credential SID (`CR…`) is the Client Validation token's `kid`.
        case publicKeyCredential
    }

    /// The kind of key.
    public let kind: Kind
    /// The key's SID: `SK…`, `AC…` or `CR…`.
    public let sid: String

    /// The ``sid``.
    public var description: String { self.sid }
}

extension KeyID: Encodable {
    /// Encodes the ``sid``.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.sid)
    }
}
