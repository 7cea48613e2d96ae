/// An error thrown while minting, verifying or decoding a Twilio token.
///
/// Every error has a ``code`` you can switch over and a ``message`` written for a person: it names the
/// field and the rule that was broken and what was seen instead. Messages never contain a secret, a
/// signature or a whole token; where an input might be a misplaced secret, only its length and
/// (for recognised Twilio prefixes) its first two characters are shown.
///
/// The ``category`` tells the two kinds of failure apart without a table of codes: a ``Category/rejectedToken`` is a
/// token that failed verification or decoding (a server answers 401), an ``Category/invalidInput`` is a mistake of
/// the caller — a malformed SID, a short secret, a TTL beyond 24 hours — found before anything was signed or checked
/// (a bug or a configuration error to fix, a 500 or a refusal to start).
///
/// ```swift
/// do {
///     let token = try verifier.verify(jwt, as: AccessTokenClaims.self)
/// } catch let error where error.category == .rejectedToken {
///     return Response(status: .unauthorized)
/// }
/// ```
///
/// New codes may be added in minor releases, so a `switch` over ``code`` needs a `default` case.
public struct TokenError: Error, Sendable, Hashable {
    /// Whose mistake an error is.
    public enum Category: Sendable, Hashable {
        /// An input to minting, to a credential or to a verifier breaks a rule: the caller's mistake.
        case invalidInput
        /// A token failed verification or could not be decoded.
        case rejectedToken
    }

    /// What kind of failure this is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        fileprivate enum Wrapped: Sendable, Hashable {
            case invalidSID
            case weakSecret
            case invalidTTL
            case invalidTimeRange
            case lifetimeTooLong
            case invalidRegion
            case invalidGrant
            case invalidArgument
            case missingCredential
            case invalidKey
            case malformed
            case tooLarge
            case duplicateMember
            case unsupportedAlgorithm
            case unsupportedHeader
            case wrongTokenType
            case invalidSignature
            case unknownIssuer
            case missingClaim
            case subjectMismatch
            case expired
            case notYetValid
            case issuedInFuture
        }

        fileprivate let wrapped: Wrapped

        fileprivate init(_ wrapped: Wrapped) {
            self.wrapped = wrapped
        }

        /// Whose mistake an error with this code usually is; ``lifetimeTooLong`` is either.
        var usualCategory: Category {
            switch self.wrapped {
            case .invalidSID, .weakSecret, .invalidTTL, .invalidTimeRange, .lifetimeTooLong, .invalidRegion,
                .invalidGrant, .invalidArgument, .missingCredential, .invalidKey:
                return .invalidInput
            case .malformed, .tooLarge, .duplicateMember, .unsupportedAlgorithm, .unsupportedHeader, .wrongTokenType,
                .invalidSignature, .unknownIssuer, .missingClaim, .subjectMismatch, .expired, .notYetValid,
                .issuedInFuture:
                return .rejectedToken
            }
        }

        /// A SID is not its two-letter prefix followed by 32 lower-case hex digits.
        public static let invalidSID = Code(.invalidSID)
        /// A secret (API key secret or auth token) is empty, or shorter than 32 bytes without an explicit opt-in.
        public static let weakSecret = Code(.weakSecret)
        /// A time-to-live is not in `1...86_400` seconds.
        public static let invalidTTL = Code(.invalidTTL)
        /// The expiry is not after the start of validity (`nbf`, or the issue time when `nbf` is left out).
        public static let invalidTimeRange = Code(.invalidTimeRange)
        /// The token would be valid for longer than Twilio accepts (24 hours, Twilio error 20157): an
        /// ``Category/invalidInput`` when minting, a ``Category/rejectedToken`` when verifying.
        public static let lifetimeTooLong = Code(.lifetimeTooLong)
        /// A region is not a Twilio region id such as `us1`, `ie1` or `au1`.
        public static let invalidRegion = Code(.invalidRegion)
        /// A grant cannot be written: a custom grant key that is empty or `identity`, or a value JSON cannot hold.
        public static let invalidGrant = Code(.invalidGrant)
        /// Another argument is outside what the token format allows (for example an empty custom `jti`).
        public static let invalidArgument = Code(.invalidArgument)

        /// A credential is missing, for example an unset environment variable.
        public static let missingCredential = Code(.missingCredential)

        /// A key cannot be used: malformed PEM, an unsupported key type, or an RSA key shorter than 2048 bits.
        public static let invalidKey = Code(.invalidKey)

        /// The token is not a well-formed compact JWS with JSON header and claims: wrong number of segments, bytes outside base64url, padding or non-canonical base64url, invalid UTF-8 or JSON, or a claim of the wrong JSON type (such as `exp` as a string or a float).
        public static let malformed = Code(.malformed)
        /// The token, or its decoded header, is larger than the verifier accepts; checked before any decoding.
        public static let tooLarge = Code(.tooLarge)
        /// A JSON object in the header or claims names a member twice (at any depth), which RFC 7515 §4 forbids and which parsers resolve differently.
        public static let duplicateMember = Code(.duplicateMember)
        /// The header's `alg` is not the algorithm the key is for (`HS256`; `RS256`/`PS256` for Client Validation tokens). `none` is never accepted.
        public static let unsupportedAlgorithm = Code(.unsupportedAlgorithm)
        /// The header asks for a JWS feature this verifier does not implement and must not ignore (`crit`, `b64`, `zip`) or carries a key or key URL (`jwk`, `jku`, `x5u`, `x5c`), which is never trusted.
        public static let unsupportedHeader = Code(.unsupportedHeader)
        /// The token is not of the kind expected: `typ` is not `JWT`, `cty` does not match, or, say, a capability token was given where an access token is required.
        public static let wrongTokenType = Code(.wrongTokenType)
        /// The signature does not verify with the key named by the token (or the signature is missing or of the wrong length).
        public static let invalidSignature = Code(.invalidSignature)
        /// No key is configured for the token's issuer (`iss`, or `kid` for Client Validation tokens). An unknown issuer never falls back to another or an empty key.
        public static let unknownIssuer = Code(.unknownIssuer)
        /// A claim the token kind requires is absent (`iss`, `exp`, `sub` of access tokens, `hrh`/`rqh` of Client Validation tokens…).
        public static let missingClaim = Code(.missingClaim)
        /// The token's subject (`sub`, or the TaskRouter `account_sid`) is not the account that owns the key that verified it.
        public static let subjectMismatch = Code(.subjectMismatch)
        /// The token's `exp` is not after the verification time (allowing for the configured leeway).
        public static let expired = Code(.expired)
        /// The token's `nbf` is after the verification time (allowing for the configured leeway).
        public static let notYetValid = Code(.notYetValid)
        /// The token's `iat` is after the verification time (allowing for the configured leeway).
        public static let issuedInFuture = Code(.issuedInFuture)

        public var description: String {
            switch self.wrapped {
            case .invalidSID: return "invalidSID"
            case .weakSecret: return "weakSecret"
            case .invalidTTL: return "invalidTTL"
            case .invalidTimeRange: return "invalidTimeRange"
            case .lifetimeTooLong: return "lifetimeTooLong"
            case .invalidRegion: return "invalidRegion"
            case .invalidGrant: return "invalidGrant"
            case .invalidArgument: return "invalidArgument"
            case .missingCredential: return "missingCredential"
            case .invalidKey: return "invalidKey"
            case .malformed: return "malformed"
            case .tooLarge: return "tooLarge"
            case .duplicateMember: return "duplicateMember"
            case .unsupportedAlgorithm: return "unsupportedAlgorithm"
            case .unsupportedHeader: return "unsupportedHeader"
            case .wrongTokenType: return "wrongTokenType"
            case .invalidSignature: return "invalidSignature"
            case .unknownIssuer: return "unknownIssuer"
            case .missingClaim: return "missingClaim"
            case .subjectMismatch: return "subjectMismatch"
            case .expired: return "expired"
            case .notYetValid: return "notYetValid"
            case .issuedInFuture: return "issuedInFuture"
            }
        }
    }

    /// What kind of failure this is.
    public let code: Code
    /// A sentence naming the field, the rule broken and what was seen. Never holds secret material.
    public let message: String
    /// The error that caused this one, if another library reported it first (swift-crypto refusing a key, say).
    /// Not part of equality or hashing, and never printed in ``description``.
    public let underlyingError: (any Error & Sendable)?

    /// Whose mistake this is.
    public let category: Category

    init(
        _ code: Code,
        _ message: String,
        category: Category? = nil,
        underlyingError: (any Error & Sendable)? = nil
    ) {
        self.code = code
        self.message = message
        self.category = category ?? code.usualCategory
        self.underlyingError = underlyingError
    }

    /// Errors are equal when their codes, categories and messages are; the underlying error is not compared.
    public static func == (lhs: TokenError, rhs: TokenError) -> Bool {
        lhs.code == rhs.code && lhs.category == rhs.category && lhs.message == rhs.message
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.code)
        hasher.combine(self.category)
        hasher.combine(self.message)
    }
}

extension TokenError: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { "\(self.code): \(self.message)" }
    public var debugDescription: String { "TokenError(\(self.code)): \(self.message)" }
}

extension TokenError {
    static func nonFiniteNumber(at path: String) -> TokenError {
        TokenError(.invalidGrant, "\(path) is not a finite number; JSON cannot represent infinities or NaN")
    }
}
