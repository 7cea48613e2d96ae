@_spi(Engine) import TwilioJWTEngine

/// The claims of a Public Key Client Validation token, typed.
public struct ClientValidationClaims: Sendable, Hashable {
    /// The credential SID of the public key (`kid` header).
    public let credentialSID: String
    /// The API key SID (`iss`).
    public let apiKeySID: String
    /// The account SID (`sub`).
    public let accountSID: String
    /// The signed header names (`hrh`, split at `;`), lower-case and sorted.
    public let signedHeaders: [String]
    /// The lower-case hex SHA-256 of the canonical request (`rqh`).
    public let requestHash: String
    /// `exp`.
    public let expiresAt: Int
    /// `nbf`, if present.
    public let notBefore: Int?
    /// `iat`, if present (twilio-node writes it).
    public let issuedAt: Int?
}

extension ClientValidationClaims: VerifiableClaims, Encodable {
    /// Public Key Client Validation tokens.
    public static var tokenKind: TokenKind? { .clientValidation }

    public static func _decode(from source: borrowing _ClaimsSource) throws(TokenError) -> ClientValidationClaims {
        try ClientValidationClaims(header: source.header, claims: source.claims)
    }

    init(header: ClaimReader, claims: ClaimReader) throws(TokenError) {
        self.credentialSID = try header.requiredString(.kid)
        self.apiKeySID = try claims.requiredString(.iss)
        guard SIDKind.apiKey.matches(self.apiKeySID) else {
            throw TokenError(.malformed, "'iss' of a Client Validation token must be an API key SID (SK…)")
        }
        guard let accountSID = try claims.string(.sub) else {
            throw TokenError(
                .missingClaim, "the claims have no 'sub'; a Client Validation token names its account there")
        }
        guard SIDKind.account.matches(accountSID) else {
            throw TokenError(.malformed, "'sub' of a Client Validation token must be an account SID (AC…)")
        }
        self.accountSID = accountSID
        // Twilio error 20154: both hashes are required.
        guard let hrh = try claims.string(.hrh) else {
            throw TokenError(.missingClaim, "the claims have no 'hrh' (the signed header names; Twilio error 20154)")
        }
        guard let rqh = try claims.string(.rqh) else {
            throw TokenError(.missingClaim, "the claims have no 'rqh' (the request hash; Twilio error 20154)")
        }
        guard rqh.utf8.count == 64, rqh.utf8.allSatisfy(Hex.isLowercaseDigit) else {
            throw TokenError(.malformed, "'rqh' must be 64 lower-case hex digits (a SHA-256)")
        }
        self.signedHeaders =
            hrh.isEmpty ? [] : hrh.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        self.requestHash = rqh
        self.expiresAt = try claims.requiredTime(.exp)
        self.notBefore = try claims.time(.nbf)
        self.issuedAt = try claims.time(.iat)
    }
}
