#if TokenService
/// Why the service refused a request: an HTTP status, a stable machine-readable code, and a message safe to show the
/// caller.
///
/// Neither the code nor the message says why a caller's credential failed (expired, wrong audience, bad signature):
/// that cause goes to the metrics (`twilio_token_auth_failures_total{cause}`) and to the debug log, never to the
/// caller. No error carries a token, a secret or an `Authorization` header.
public struct ServiceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable error code, the `error.code` member of the JSON error body.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { self.rawValue }

        /// 401: no `Authorization: Bearer` credential.
        public static let missingCredentials = Code(rawValue: "missing_credentials")
        /// 401: the credential did not authenticate.
        public static let invalidCredentials = Code(rawValue: "invalid_credentials")
        /// 403: the caller may not use this profile.
        public static let profileNotAllowed = Code(rawValue: "profile_not_allowed")
        /// 403: the caller may not ask for this identity.
        public static let identityNotAllowed = Code(rawValue: "identity_not_allowed")
        /// 403: the room does not match the profile's pattern.
        public static let roomNotAllowed = Code(rawValue: "room_not_allowed")
        /// 400: no such profile.
        public static let unknownProfile = Code(rawValue: "unknown_profile")
        /// 400: the request needs an identity and names none.
        public static let identityRequired = Code(rawValue: "identity_required")
        /// 400: the identity breaks a rule a Twilio product enforces; the message names the rule.
        public static let identityRejected = Code(rawValue: "identity_rejected")
        /// 400: the profile lets the caller choose the room, and the request names none.
        public static let roomRequired = Code(rawValue: "room_required")
        /// 400: the body is not the JSON the route takes (malformed, a wrong type, an unknown member).
        public static let invalidRequest = Code(rawValue: "invalid_request")
        /// 403: a webhook's `X-Twilio-Signature` is missing or wrong, or the request cannot be checked.
        public static let webhookRejected = Code(rawValue: "webhook_rejected")
        /// 404: no such route.
        public static let notFound = Code(rawValue: "not_found")
        /// 405: the route does not take this method.
        public static let methodNotAllowed = Code(rawValue: "method_not_allowed")
        /// 408: the body did not arrive within the server's body timeout.
        public static let requestTimeout = Code(rawValue: "request_timeout")
        /// 413: the body is larger than the limit.
        public static let bodyTooLarge = Code(rawValue: "body_too_large")
        /// 415: the body is not `application/json`.
        public static let unsupportedMediaType = Code(rawValue: "unsupported_media_type")
        /// 429: over a rate limit; see ``ServiceError/retryAfter``.
        public static let rateLimited = Code(rawValue: "rate_limited")
        /// 503: the identity provider's keys could not be fetched, so no caller can be authenticated now.
        public static let unavailable = Code(rawValue: "unavailable")
        /// 500: minting failed for a reason the configuration should have excluded.
        public static let internalError = Code(rawValue: "internal_error")
    }

    /// The HTTP status.
    public let status: Int
    /// The stable code.
    public let code: Code
    /// One sentence for the caller.
    public let message: String
    /// For 429, the whole seconds after which a retry can succeed.
    public let retryAfter: Int?

    /// An error.
    public init(status: Int, code: Code, _ message: String, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    /// `401 invalid_credentials: …`.
    public var description: String { "\(self.status) \(self.code): \(self.message)" }

    /// 400 `invalid_request`.
    public static func invalidRequest(_ message: String) -> ServiceError {
        ServiceError(status: 400, code: .invalidRequest, message)
    }

    /// 401 `missing_credentials`: the request carries no credential.
    public static let missingCredentials = ServiceError(
        status: 401, code: .missingCredentials, "this route needs an `Authorization: Bearer` credential")
    /// 401 `invalid_credentials`: the credential was refused; which check refused it is logged at debug level only.
    public static let invalidCredentials = ServiceError(
        status: 401, code: .invalidCredentials, "the credential was not accepted")
}
#endif
