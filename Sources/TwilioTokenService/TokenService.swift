#if TokenService
import Logging
import Synchronization
import TwilioJWT

/// What a caller asks for: a profile, and the few things a profile may let the caller choose.
public struct TokenRequest: Sendable, Hashable {
    /// The profile's name.
    public var profile: String
    /// The identity asked for: checked against the principal (an ID token's identity, a bearer key's list), taken as
    /// is only with `auth: none`.
    public var identity: String?
    /// The Video room, for a profile with `room_from_request`.
    public var room: String?
    /// Whether to include the profile's Conversations grant; twilio-video-app-react asks with `create_conversation`.
    public var includeConversations: Bool

    /// A request.
    public init(profile: String, identity: String? = nil, room: String? = nil, includeConversations: Bool = true) {
        self.profile = profile
        self.identity = identity
        self.room = room
        self.includeConversations = includeConversations
    }

    /// The longest identity or room name a request may carry.
    public static let maximumFieldLength = 256
}

/// A minted token and what the caller needs to schedule its refresh.
public struct IssuedToken: Sendable, Hashable {
    /// The signed JWT. A bearer credential for its lifetime: never log it.
    public let token: String
    /// The identity in the token.
    public let identity: String
    /// The profile.
    public let profile: String
    /// Unix time of issue, the server's clock.
    public let issuedAt: Int
    /// Unix time of expiry.
    public let expiresAt: Int
    /// Seconds from issue to expiry.
    public var ttl: Int { self.expiresAt - self.issuedAt }
    /// The token's unique identifier (`jti`), as the audit log records it.
    public let tokenID: String
    /// The API key that signed it.
    public let keySID: String
}

extension IssuedToken: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Everything but the token.
    public var description: String {
        "IssuedToken(jti: \(self.tokenID), identity: \(self.identity), profile: \(self.profile), exp: \(self.expiresAt), token: <redacted>)"
    }
    public var debugDescription: String { self.description }
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "tokenID": self.tokenID, "identity": self.identity, "profile": self.profile,
                "expiresAt": self.expiresAt,
            ],
            displayStyle: .struct
        )
    }
}

/// The token service, independent of any HTTP framework: it authenticates a caller's credential, applies the rate
/// limits and the profile's policy, mints the token and writes the audit line. The Hummingbird routes
/// (`TwilioHummingbird`) and the standalone server are thin layers over it.
///
/// The configuration can be replaced while the service runs (``reload(_:)``): requests in flight finish with the
/// configuration they started with.
public final class TokenService: Sendable {
    private let state: Mutex<State>
    let logger: Logger
    let metrics: ServiceMetrics
    private let clock: @Sendable () -> Int

    struct State: Sendable {
        var configuration: ServiceConfiguration
        var authenticator: Authenticator
        var principalLimiter: RateLimiter
        var addressLimiter: RateLimiter
    }

    enum Authenticator: Sendable {
        case jwt(JWTCallerAuthenticator)
        case bearer(BearerKeyAuthenticator)
        case none
        case application
    }

    /// A service for `configuration`.
    ///
    /// - Parameters:
    ///   - logger: Where the audit lines (one per minted token) and authentication failures (at debug) go.
    ///   - metrics: The service's counters.
    ///   - clock: Unix seconds now; the system clock by default.
    public init(
        configuration: ServiceConfiguration,
        logger: Logger,
        metrics: ServiceMetrics = ServiceMetrics(),
        clock: (@Sendable () -> Int)? = nil
    ) {
        self.logger = logger
        self.metrics = metrics
        self.clock = clock ?? { UnixTime.now() }
        self.state = Mutex(Self.makeState(configuration, logger: logger))
    }

    private static func makeState(_ configuration: ServiceConfiguration, logger: Logger) -> State {
        let authenticator: Authenticator
        switch configuration.auth {
        case .jwt(let settings): authenticator = .jwt(JWTCallerAuthenticator(settings: settings, logger: logger))
        case .bearer(let principals): authenticator = .bearer(BearerKeyAuthenticator(principals: principals))
        case .none: authenticator = .none
        case .application: authenticator = .application
        }
        return State(
            configuration: configuration,
            authenticator: authenticator,
            principalLimiter: RateLimiter(perMinute: configuration.rateLimit.perPrincipalPerMinute),
            addressLimiter: RateLimiter(perMinute: configuration.rateLimit.perIPPerMinute)
        )
    }

    /// The configuration requests start with now.
    public var configuration: ServiceConfiguration {
        self.state.withLock { $0.configuration }
    }

    /// Loads what the configuration needs from outside before the first request: the identity provider's keys.
    ///
    /// A JWKS file that cannot be read is a configuration error. A JWKS URL that cannot be fetched is logged and the
    /// service starts anyway, not ready (``isReady``), fetching again when a request needs the keys.
    public func prepare() async throws(ConfigurationError) {
        guard case .jwt(let authenticator) = self.state.withLock({ $0.authenticator }) else { return }
        do {
            try await authenticator.loadKeys()
        } catch {
            guard case .url = authenticator.settings.keySource else { throw error }
            self.logger.error(
                "cannot fetch the identity provider's keys; not ready until a fetch succeeds",
                metadata: ["reason": "\(error)"]
            )
        }
    }

    /// Whether the service can authenticate callers: always, but for `auth: jwt` before the keys are loaded.
    public var isReady: Bool {
        switch self.state.withLock({ $0.authenticator }) {
        case .jwt(let authenticator): authenticator.hasKeys
        case .bearer, .none, .application: true
        }
    }

    /// Replaces the configuration: the signing keys, profiles, principals and limits. The listening address and TLS
    /// are the server's and stay as they were started. Rate-limit state starts afresh only if the limits changed.
    public func reload(_ configuration: ServiceConfiguration) async throws(ConfigurationError) {
        var next = Self.makeState(configuration, logger: self.logger)
        if case .jwt(let authenticator) = next.authenticator {
            try await authenticator.loadKeys()
        }
        self.state.withLock { state in
            if state.configuration.rateLimit == configuration.rateLimit {
                next.principalLimiter = state.principalLimiter
                next.addressLimiter = state.addressLimiter
            }
            state = next
        }
        self.logger.notice(
            "configuration reloaded",
            metadata: [
                "active_key": "\(configuration.twilio.activeKeySID)",
                "keys": "\(configuration.twilio.apiKeys.keys.sorted().joined(separator: ","))",
                "profiles": "\(configuration.profiles.keys.sorted().joined(separator: ","))",
            ]
        )
    }

    // MARK: - Requests

    /// Counts a request from `address` against the per-IP limit; call it before authenticating, so that guessing
    /// credentials is limited too.
    public func admit(clientAddress address: String?) throws(ServiceError) {
        guard let address else { return }
        let limiter = self.state.withLock { $0.addressLimiter }
        if let wait = limiter.acquire(address) {
            self.metrics.rateLimited("ip")
            throw ServiceError(status: 429, code: .rateLimited, "too many requests from this address", retryAfter: wait)
        }
    }

    /// The principal an `Authorization` header value authenticates.
    ///
    /// - Parameter authorization: The whole header value (`Bearer …`), or `nil` when there is none.
    public func authenticate(authorization: String?) async throws(ServiceError) -> Principal {
        let verify: (String) async throws(AuthenticationFailure) -> Principal
        switch self.state.withLock({ $0.authenticator }) {
        case .none:
            return .anonymous
        case .application:
            // The adapter should have used the application's user; refusing keeps a mistake from minting anything.
            self.logger.error("auth.mode is `application`: the application must authenticate callers itself")
            throw ServiceError(
                status: 500, code: .internalError, "this service's callers are authenticated by the application")
        case .jwt(let jwt):
            verify = { credential throws(AuthenticationFailure) in
                try await jwt.authenticate(credential, now: self.clock())
            }
        case .bearer(let bearer):
            verify = { credential throws(AuthenticationFailure) in try bearer.authenticate(credential) }
        }
        guard let credential = Self.bearerCredential(authorization) else {
            self.fail(.missing)
            throw .missingCredentials
        }
        do throws(AuthenticationFailure) {
            return try await verify(credential)
        } catch {
            self.fail(error)
            if error == .keysUnavailable {
                throw ServiceError(status: 503, code: .unavailable, "the identity provider's keys are not available")
            }
            throw .invalidCredentials
        }
    }

    private func fail(_ cause: AuthenticationFailure) {
        self.metrics.authenticationFailed(cause)
        self.logger.debug("credential refused", metadata: ["cause": "\(cause.rawValue)"])
    }

    /// The credential of a `Bearer` authorization (RFC 6750 §2.1; the scheme is case-insensitive).
    static func bearerCredential(_ authorization: String?) -> String? {
        guard let authorization else { return nil }
        let bytes = authorization.utf8
        let scheme = "bearer ".utf8
        guard bytes.count > scheme.count,
            zip(bytes, scheme).allSatisfy({ byte, expected in
                (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte) == expected
            })
        else { return nil }
        let credential = bytes.dropFirst(scheme.count)
        guard !credential.contains(UInt8(ascii: " ")) else { return nil }
        return String(credential)
    }

    /// Mints the token `request` asks for, if `principal` may have it.
    ///
    /// The caller's identity is the principal's bound identity (an ID token's claim), or the one the request names if
    /// the principal may use it; with `auth: none` and no identity, a random `guest_…` one (valid for every product), as the Voice JavaScript
    /// quickstart makes up a name. The identity must pass the rules Twilio's products enforce
    /// (``TwilioJWT/AccessToken/diagnostics()``): a refusal names the rule rather than minting a token Twilio rejects
    /// later.
    public func issue(_ request: TokenRequest, for principal: Principal) throws(ServiceError) -> IssuedToken {
        let (configuration, principalLimiter) = self.state.withLock { ($0.configuration, $0.principalLimiter) }
        do throws(ServiceError) {
            if let wait = principalLimiter.acquire(principal.name) {
                self.metrics.rateLimited("principal")
                throw ServiceError(status: 429, code: .rateLimited, "too many token requests", retryAfter: wait)
            }
            let issued = try self.mint(request, for: principal, configuration: configuration)
            self.metrics.minted(profile: issued.profile)
            self.logger.info(
                "token minted",
                metadata: [
                    "jti": "\(issued.tokenID)",
                    "identity": "\(issued.identity)",
                    "principal": "\(principal.name)",
                    "profile": "\(issued.profile)",
                    "key_sid": "\(issued.keySID)",
                    "exp": "\(issued.expiresAt)",
                ]
            )
            return issued
        } catch {
            if error.code != .rateLimited { self.metrics.refused(error.code) }
            throw error
        }
    }

    private func mint(_ request: TokenRequest, for principal: Principal, configuration: ServiceConfiguration)
        throws(ServiceError) -> IssuedToken
    {
        guard let profile = configuration.profiles[request.profile] else {
            throw ServiceError(status: 400, code: .unknownProfile, "there is no such profile")
        }
        if let allowed = principal.allowedProfiles, !allowed.contains(profile.name) {
            throw ServiceError(
                status: 403, code: .profileNotAllowed, "this caller may not use the profile `\(profile.name)`")
        }
        let identity = try Self.identity(for: request, principal: principal)

        var token = AccessToken(
            identity: identity, expiration: .ttl(.seconds(profile.ttl)), region: configuration.twilio.region)
        if let video = profile.video {
            token.grants.video = VideoGrant(room: try Self.room(for: request, policy: video))
        } else if request.room != nil {
            throw ServiceError.invalidRequest(
                "the profile `\(profile.name)` has no Video grant, so a room cannot be named")
        }
        if let voice = profile.voice {
            token.grants.voice = VoiceGrant(
                incomingAllowed: voice.incoming,
                outgoing: voice.outgoingApplicationSID.map { VoiceGrant.Outgoing(applicationSID: $0) },
                pushCredentialSID: voice.pushCredentialSID
            )
        }
        if let chat = profile.chat, request.includeConversations {
            token.grants.chat = ChatGrant(serviceSID: chat.serviceSID)
        }
        if let sync = profile.sync {
            token.grants.sync = SyncGrant(serviceSID: sync.serviceSID)
        }
        if let rule = token.diagnostics().first(where: { $0.severity == .warning }) {
            throw ServiceError(status: 400, code: .identityRejected, rule.description)
        }

        let key = configuration.twilio.activeKey
        let tokenID = "\(key.sid)-\(Self.randomHex())"
        token.tokenIdentifier = .custom(tokenID)
        let issuedAt = self.clock()
        let jwt: String
        do {
            jwt = try token.jwt(signedWith: key, issuedAt: issuedAt)
        } catch {
            self.logger.error("minting failed", metadata: ["code": "\(error.code)", "profile": "\(profile.name)"])
            throw ServiceError(status: 500, code: .internalError, "the token could not be minted")
        }
        return IssuedToken(
            token: jwt,
            identity: identity,
            profile: profile.name,
            issuedAt: issuedAt,
            expiresAt: issuedAt + profile.ttl,
            tokenID: tokenID,
            keySID: key.sid
        )
    }

    private static func identity(for request: TokenRequest, principal: Principal) throws(ServiceError) -> String {
        if let requested = request.identity {
            guard !requested.isEmpty, requested.count <= TokenRequest.maximumFieldLength else {
                throw ServiceError.invalidRequest("an identity is 1 to \(TokenRequest.maximumFieldLength) characters")
            }
        }
        if let bound = principal.boundIdentity {
            if let requested = request.identity, requested != bound {
                throw ServiceError(
                    status: 403, code: .identityNotAllowed, "the identity is set by the caller's credential")
            }
            return bound
        }
        if let allowed = principal.allowedIdentities {
            if let requested = request.identity {
                guard allowed.contains(requested) else {
                    throw ServiceError(
                        status: 403, code: .identityNotAllowed, "this caller may not ask for that identity")
                }
                return requested
            }
            guard allowed.count == 1, let only = allowed.first else {
                throw ServiceError(
                    status: 400, code: .identityRequired, "this caller may ask for several identities; name one")
            }
            return only
        }
        return request.identity ?? "guest_\(Self.randomHex().prefix(12))"
    }

    private static func room(for request: TokenRequest, policy: TokenProfile.Video) throws(ServiceError) -> String? {
        guard policy.roomFromRequest else {
            if request.room != nil {
                throw ServiceError.invalidRequest("this profile sets the room; a request cannot name one")
            }
            return policy.room
        }
        guard let room = request.room, !room.isEmpty else {
            throw ServiceError(status: 400, code: .roomRequired, "this profile needs a room name")
        }
        guard room.count <= TokenRequest.maximumFieldLength else {
            throw ServiceError.invalidRequest("a room name is at most \(TokenRequest.maximumFieldLength) characters")
        }
        if let pattern = policy.roomPattern, !pattern.matches(room) {
            throw ServiceError(status: 403, code: .roomNotAllowed, "the room name is not one this profile allows")
        }
        return room
    }

    /// 32 lower-case hex digits from the system's CSPRNG.
    static func randomHex() -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(32)
        for _ in 0..<2 {
            var word = generator.next()
            for _ in 0..<16 {
                text.append(digits[Int(word & 0xF)])
                word >>= 4
            }
        }
        return String(decoding: text, as: UTF8.self)
    }
}
#endif
