@_spi(Engine) import TwilioJWTEngine

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A token whose signature and claims a ``TokenVerifier`` has checked, with its typed claims.
///
/// Only a verifier creates values of this type, so a function that takes `Verified<AccessTokenClaims>` can only ever
/// receive a verified token; the result of ``UnverifiedToken/init(decoding:)`` cannot be passed in its place.
public struct Verified<Claims: Sendable>: Sendable {
    /// The typed claims.
    public let claims: Claims
    /// The key that verified the token: the API key (`SK…`) for access tokens, the account (`AC…`) for capability and
    /// TaskRouter tokens, the public key credential (`CR…`) for Client Validation tokens.
    public let keyID: KeyID
    /// The algorithm of the signature.
    public let algorithm: SignatureAlgorithm
    /// The JOSE header, members in the token's order.
    public let header: JSONObject
    /// All claims as JSON, members in the token's order, including any this library does not interpret.
    public let payload: JSONObject
}

extension Verified: Encodable where Claims: Encodable {
    private enum CodingKeys: String, CodingKey {
        case claims, keyID, algorithm, header, payload
    }

    /// Encodes `claims`, `keyID` (the SID), `algorithm` (the name), `header` and `payload`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.claims, forKey: .claims)
        try container.encode(self.keyID, forKey: .keyID)
        try container.encode(self.algorithm, forKey: .algorithm)
        try container.encode(self.header, forKey: .header)
        try container.encode(self.payload, forKey: .payload)
    }
}

/// Claims a ``TokenVerifier`` can verify and return typed: ``AccessTokenClaims``, ``ClientCapabilityClaims``,
/// ``TaskRouterClaims``, ``ClientValidationClaims``, or ``TokenClaims`` for a token of any kind.
///
/// ```swift
/// let token = try verifier.verify(jwt, as: AccessTokenClaims.self)
/// ```
///
/// Only this library's claim types conform; the protocol exists so that one generic
/// ``TokenVerifier/verify(_:as:at:)-(_,_,Date?)`` serves them all.
public protocol VerifiableClaims: Sendable {
    /// The kind of token these claims belong to, or `nil` when they take any kind (``TokenClaims``).
    static var tokenKind: TokenKind? { get }
    /// When the token expires (`exp`), in Unix seconds.
    var expiresAt: Int { get }
    /// When the token becomes valid (`nbf`), if it says.
    var notBefore: Int? { get }
    /// When the token was issued (`iat`), if it says.
    var issuedAt: Int? { get }

    /// Reads the claims of a decoded token whose kind is ``tokenKind`` (or any kind, when that is `nil`). Only this
    /// library's claim types implement it: nothing outside the library can make a `_ClaimsSource`.
    static func _decode(from source: borrowing _ClaimsSource) throws(TokenError) -> Self
}

extension VerifiableClaims {
    /// ``expiresAt`` as a date.
    public var expirationDate: Date { Date(timeIntervalSince1970: TimeInterval(self.expiresAt)) }
    /// ``notBefore`` as a date.
    public var notBeforeDate: Date? { self.notBefore.map { Date(timeIntervalSince1970: TimeInterval($0)) } }
    /// ``issuedAt`` as a date.
    public var issueDate: Date? { self.issuedAt.map { Date(timeIntervalSince1970: TimeInterval($0)) } }
}

/// The decoded header and claims of a token of a known kind, and, when a verifier found its key, the SIDs that key
/// makes the token name. Only this library makes one.
public struct _ClaimsSource {
    let kind: TokenKind
    let header: ClaimReader
    let claims: ClaimReader
    /// The SID of the key that verified the token, if any: what `iss` should say (or `nil` when inspecting).
    let issuer: String?
    /// The account of that key: what an access token's `sub` should say.
    let account: String?
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

    /// The claims of whichever kind this is (boxed: for encoding, not for the verifier's checks).
    private var claims: any VerifiableClaims & Encodable {
        switch self {
        case .access(let claims): return claims
        case .clientCapability(let claims): return claims
        case .taskRouter(let claims): return claims
        case .clientValidation(let claims): return claims
        }
    }
}

extension TokenClaims: VerifiableClaims {
    /// Any kind.
    public static var tokenKind: TokenKind? { nil }

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

    public static func _decode(from source: borrowing _ClaimsSource) throws(TokenError) -> TokenClaims {
        switch source.kind {
        case .access: return .access(try AccessTokenClaims._decode(from: source))
        case .clientCapability: return .clientCapability(try ClientCapabilityClaims._decode(from: source))
        case .taskRouter: return .taskRouter(try TaskRouterClaims._decode(from: source))
        case .clientValidation: return .clientValidation(try ClientValidationClaims._decode(from: source))
        }
    }
}

extension TokenClaims: Encodable {
    private enum CodingKeys: String, CodingKey {
        case kind
    }

    /// Encodes the claims of the token's kind, with a `kind` member (`access`, `clientCapability`, `taskRouter` or
    /// `clientValidation`).
    public func encode(to encoder: any Encoder) throws {
        try self.claims.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.kind.rawValue, forKey: .kind)
    }
}

extension VerifiableClaims {
    /// The later of `iat` and `nbf`, the start of the token's validity as the 24-hour limit measures it (see
    /// `TimeRules`); `nil` when the token states neither.
    var validityStart: Int? {
        switch (self.issuedAt, self.notBefore) {
        case (let issuedAt?, let notBefore?): return max(issuedAt, notBefore)
        case (let issuedAt?, nil): return issuedAt
        case (nil, let notBefore?): return notBefore
        case (nil, nil): return nil
        }
    }
}
