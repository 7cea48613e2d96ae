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

/// The time claims every kind of token has, which the verifier checks whatever the kind.
protocol TimedClaims {
    var expiresAt: Int { get }
    var notBefore: Int? { get }
    var issuedAt: Int? { get }
}

extension TimedClaims {
    /// The later of `iat` and `nbf`, the start of the token's validity as the 24-hour limit measures it
    /// (security reference F08); `nil` when the token states neither.
    var validityStart: Int? {
        switch (self.issuedAt, self.notBefore) {
        case (let issuedAt?, let notBefore?): return max(issuedAt, notBefore)
        case (let issuedAt?, nil): return issuedAt
        case (nil, let notBefore?): return notBefore
        case (nil, nil): return nil
        }
    }
}

extension TokenClaims: TimedClaims {}
extension AccessTokenClaims: TimedClaims {}
extension ClientCapabilityClaims: TimedClaims {}
extension TaskRouterClaims: TimedClaims {}
extension ClientValidationClaims: TimedClaims {}
