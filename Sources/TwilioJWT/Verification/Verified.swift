/// A token whose signature and claims a ``TokenVerifier`` has checked, with its typed claims.
///
/// Only a verifier creates values of this type, so a function that takes `Verified<AccessTokenClaims>` can
/// only ever receive a verified token; the result of ``UnverifiedToken/init(decoding:)`` cannot be passed
/// in its place.
public struct Verified<Claims: Sendable>: Sendable {
    /// The typed claims.
    public let claims: Claims
    /// The identifier of the key that verified the token: the API key SID (`SK…`) for access tokens, the
    /// account SID (`AC…`) for capability and TaskRouter tokens, the credential SID (`CR…`) for Client
    /// Validation tokens. With several keys configured (during a rotation) this says which one matched.
    public let keyID: String
    /// The algorithm of the signature (`HS256`, `RS256` or `PS256`).
    public let algorithm: String
    /// The JOSE header, members in the token's order.
    public let header: JSONObject
    /// All claims as JSON, members in the token's order, including any this library does not interpret.
    public let payload: JSONObject

    package init(claims: Claims, keyID: String, algorithm: String, header: JSONObject, payload: JSONObject) {
        self.claims = claims
        self.keyID = keyID
        self.algorithm = algorithm
        self.header = header
        self.payload = payload
    }

}

/// The typed claims of any Twilio token.
public enum TokenClaims: Sendable, Hashable {
    case access(AccessTokenClaims)
    case clientCapability(ClientCapabilityClaims)
    case taskRouter(TaskRouterClaims)
    case clientValidation(ClientValidationClaims)

    /// The kind of token.
    public var kind: TokenKind {
        switch self {
        case .access: return .access
        case .clientCapability: return .clientCapability
        case .taskRouter: return .taskRouter
        case .clientValidation: return .clientValidation
        }
    }

    /// When the token expires (`exp`).
    public var expiresAt: Int {
        switch self {
        case .access(let claims): return claims.expiresAt
        case .clientCapability(let claims): return claims.expiresAt
        case .taskRouter(let claims): return claims.expiresAt
        case .clientValidation(let claims): return claims.expiresAt
        }
    }

    /// When the token becomes valid (`nbf`), if it says.
    public var notBefore: Int? {
        switch self {
        case .access(let claims): return claims.notBefore
        case .clientCapability(let claims): return claims.notBefore
        case .taskRouter(let claims): return claims.notBefore
        case .clientValidation(let claims): return claims.notBefore
        }
    }

    /// When the token was issued (`iat`), if it says.
    public var issuedAt: Int? {
        switch self {
        case .access(let claims): return claims.issuedAt
        case .clientCapability(let claims): return claims.issuedAt
        case .taskRouter(let claims): return claims.issuedAt
        case .clientValidation(let claims): return claims.issuedAt
        }
    }
}

/// The time claims of a token, which the verifier checks whatever its kind.
struct ClaimTimes {
    let expiresAt: Int
    let notBefore: Int?
    let issuedAt: Int?

    /// The later of two optional times; `nil` when neither is given.
    static func latest(_ first: Int?, _ second: Int?) -> Int? {
        switch (first, second) {
        case (let first?, let second?): return max(first, second)
        case (let first?, nil): return first
        case (nil, let second?): return second
        case (nil, nil): return nil
        }
    }
}

extension TokenClaims {
    var times: ClaimTimes { ClaimTimes(expiresAt: self.expiresAt, notBefore: self.notBefore, issuedAt: self.issuedAt) }
}

extension AccessTokenClaims {
    var times: ClaimTimes { ClaimTimes(expiresAt: self.expiresAt, notBefore: self.notBefore, issuedAt: self.issuedAt) }
}

extension ClientCapabilityClaims {
    var times: ClaimTimes { ClaimTimes(expiresAt: self.expiresAt, notBefore: self.notBefore, issuedAt: self.issuedAt) }
}

extension TaskRouterClaims {
    var times: ClaimTimes { ClaimTimes(expiresAt: self.expiresAt, notBefore: self.notBefore, issuedAt: self.issuedAt) }
}

extension ClientValidationClaims {
    var times: ClaimTimes { ClaimTimes(expiresAt: self.expiresAt, notBefore: self.notBefore, issuedAt: self.issuedAt) }
}
