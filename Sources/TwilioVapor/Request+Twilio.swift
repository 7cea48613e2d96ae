#if Vapor
public import TwilioTokenService
public import TwilioWebhooks
public import Vapor

/// A user of the application whom Twilio tokens are minted for: the type the application's authenticators log in
/// (`req.auth.login(user)`), with the Twilio identity it owns.
///
/// ```swift
/// struct User: JWTPayload, TwilioTokenUser {
///     var subject: SubjectClaim
///     var expiration: ExpirationClaim
///     var twilioIdentity: String { self.subject.value }
///     func verify(using algorithm: some JWTAlgorithm) async throws { try self.expiration.verifyNotExpired() }
/// }
/// ```
public protocol TwilioTokenUser: Authenticatable {
    /// The Twilio identity of the user: the one its tokens carry, which a request cannot change.
    var twilioIdentity: String { get }
    /// The profiles the user may use; `nil` (the default) for all.
    var twilioProfiles: Set<String>? { get }
}

extension TwilioTokenUser {
    /// All profiles.
    public var twilioProfiles: Set<String>? { nil }

    /// The principal the service mints this user's tokens for.
    var twilioPrincipal: Principal {
        .application(identity: self.twilioIdentity, profiles: self.twilioProfiles)
    }
}

extension Request {
    /// The Twilio token service, for this request: tokens for its authenticated user, and the parameters of a webhook
    /// ``TwilioWebhookMiddleware`` validated.
    public var twilio: Twilio { Twilio(request: self) }

    /// The Twilio token service, for one request.
    public struct Twilio: Sendable {
        let request: Request

        /// Mints a token of `profile` for the request's authenticated `User`, with the identity the user owns, through
        /// the service's policy: the profile's grants and TTL, the user's allowed profiles, the per-user rate limit,
        /// Twilio's identity rules, and an audit line.
        ///
        /// ```swift
        /// app.grouped(User.authenticator(), User.guardMiddleware()).get("call-token") { req in
        ///     try req.twilio.accessToken(profile: "voice", as: User.self).token
        /// }
        /// ```
        ///
        /// - Parameters:
        ///   - profile: The profile's name.
        ///   - room: The Video room, for a profile whose rooms come from the request.
        ///   - user: The type of the authenticated user.
        /// - Throws: ``TwilioAbort`` (an `AbortError` that Vapor's `ErrorMiddleware` answers with its status):
        ///   401 when no `User` is authenticated, and every refusal of ``TwilioTokenService/TokenService/issue(_:for:)``.
        public func accessToken<User: TwilioTokenUser>(
            profile: String, room: String? = nil, as user: User.Type
        ) throws(TwilioAbort) -> IssuedToken {
            do throws(ServiceError) {
                let service: TokenService
                do {
                    service = try self.request.application.twilio.service
                } catch {
                    self.request.logger.error("\(error.description)")
                    throw ServiceError(status: 500, code: .internalError, "the token service is not configured")
                }
                guard let authenticated = self.request.auth.get(User.self) else {
                    throw ServiceError.missingCredentials
                }
                return try service.issue(
                    TokenRequest(profile: profile, room: room), for: authenticated.twilioPrincipal)
            } catch {
                throw TwilioAbort(error)
            }
        }

        /// The form parameters of the webhook ``TwilioWebhookMiddleware`` validated; `nil` on a route it does not
        /// guard.
        public var webhookParameters: WebhookParameters? {
            self.request.storage[WebhookParametersKey.self]
        }
    }
}

/// Where ``TwilioWebhookMiddleware`` leaves the validated parameters.
struct WebhookParametersKey: StorageKey {
    typealias Value = WebhookParameters
}

/// A refusal of the token service as a Vapor `AbortError`: its status, its message as the reason, and its
/// `WWW-Authenticate` or `Retry-After` header.
public struct TwilioAbort: AbortError, DebuggableError {
    /// The service's refusal.
    public let error: ServiceError

    /// An abort for `error`.
    public init(_ error: ServiceError) {
        self.error = error
    }

    public var status: HTTPResponseStatus { HTTPResponseStatus(statusCode: self.error.status) }
    public var reason: String { self.error.message }
    public var headers: HTTPHeaders {
        var headers = HTTPHeaders()
        for (name, value) in self.error.response.headers where name == "WWW-Authenticate" || name == "Retry-After" {
            headers.add(name: name, value: value)
        }
        return headers
    }
    public var identifier: String { self.error.code.rawValue }
}
#endif
