@_spi(Engine) import TwilioJWTEngine

/// The claims of an access token, typed.
public struct AccessTokenClaims: Sendable, Hashable {
    /// The API key SID that signed the token (`iss`).
    public let apiKeySID: String
    /// The account SID (`sub`).
    public let accountSID: String
    /// The token identifier (`jti`), if present.
    public let tokenID: String?
    /// The identity (`grants.identity`), if present. A numeric identity (twilio-python passes integers through)
    /// is given as its decimal text.
    public let identity: String?
    /// The grants in the token's order. A grant whose key or shape this library does not know (an unknown
    /// member, a member of an unexpected type) is kept verbatim as ``Grant/custom(key:value:)``, so nothing is
    /// lost; JSON `null` members count as absent.
    public let grants: Grants
    /// `exp`.
    public let expiresAt: Int
    /// `nbf`, if present.
    public let notBefore: Int?
    /// `iat`, if present (twilio-node and ExTwilio write it; twilio-python does not).
    public let issuedAt: Int?
    /// The Twilio Region of the header's `twr`, if present and not `null` (``Region/unlisted(_:)`` for an id Twilio
    /// does not document).
    public let region: Region?

    /// The token as an ``AccessToken`` description: the same identity, grants, region, expiry and `nbf`, to
    /// run ``AccessToken/diagnostics()`` on it or mint a similar token.
    public var accessToken: AccessToken {
        AccessToken(
            identity: self.identity,
            grants: self.grants,
            expiration: .at(self.expiresAt),
            notBefore: self.notBefore.map(NotBefore.at) ?? .omitted,
            region: self.region,
            tokenIdentifier: self.tokenID.map(AccessToken.TokenIdentifier.custom) ?? .keyAndIssueTime
        )
    }
}

extension AccessTokenClaims: VerifiableClaims, Encodable {
    /// Access tokens.
    public static var tokenKind: TokenKind? { .access }

    public static func _decode(from source: borrowing _ClaimsSource) throws(TokenError) -> AccessTokenClaims {
        try AccessTokenClaims(
            header: source.header, claims: source.claims, issuer: source.issuer ?? "", account: source.account ?? "")
    }

    /// Interprets decoded header and claims. Shapes only: key binding and times are the verifier's business.
    ///
    /// - Parameters:
    ///   - issuer: The SID of the key that verified the token, if any: what `iss` should say.
    ///   - account: The SID of that key's account: what `sub` should say. When the claims say what is expected,
    ///     these strings are used instead of copies.
    init(header: ClaimReader, claims: ClaimReader, issuer: String, account: String) throws(TokenError) {
        let apiKeySID = try claims.requiredString(.iss, usually: issuer)
        guard claims.contains(.sub) else {
            throw TokenError(.missingClaim, "the claims have no 'sub'; an access token names its account there")
        }
        let accountSID = try claims.requiredString(.sub, usually: account)
        let tokenID = try claims.string(.jti)
        let expiresAt = try claims.requiredTime(.exp)
        let notBefore = try claims.time(.nbf)
        let issuedAt = try claims.time(.iat)
        let region = try header.string(.twr, nullIsAbsent: true).map(Region.init(claimed:))
        guard let grantsObject = try claims.object(.grants) else {
            throw TokenError(.missingClaim, "the claims have no 'grants'; an access token always has them")
        }
        var grants: [Grant] = []
        grants.reserveCapacity(grantsObject.count)
        var identity: String? = nil
        for member in grantsObject {
            if member.hasName(.identity) {
                let value = member.value
                switch value.kind {
                case .string: identity = value.string
                case .int: identity = value.int.map { String($0) }
                case .null: identity = nil
                default:
                    throw ClaimReader(object: grantsObject, part: .grants).wrongType(
                        .identity, expected: "a string", got: value)
                }
            } else {
                // Member names are unique (the parser rejects duplicates), so grants are too.
                grants.append(Grant(decoding: member))
            }
        }
        self.init(
            apiKeySID: apiKeySID,
            accountSID: accountSID,
            tokenID: tokenID,
            identity: identity,
            grants: Grants(unique: grants),
            expiresAt: expiresAt,
            notBefore: notBefore,
            issuedAt: issuedAt,
            region: region
        )
    }
}
