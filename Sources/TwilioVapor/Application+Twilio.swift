#if Vapor
public import TwilioTokenService
public import Vapor

extension Application {
    /// The Twilio token service of this application: its configuration, validated when it is set, and the service
    /// the token routes, `req.twilio` and the webhook middleware run on.
    ///
    /// ```swift
    /// try app.twilio.configure(
    ///     twilio: .environment(),  // TWILIO_ACCOUNT_SID, TWILIO_API_KEY, TWILIO_API_SECRET, TWILIO_REGION
    ///     profiles: [TokenProfile(name: "video", ttl: 600, video: .init(roomFromRequest: true))])
    /// try app.register(
    ///     collection: TwilioTokenRoutes(
    ///         service: app.twilio.service, callers: .users(User.self, authenticators: [User.authenticator()])))
    /// ```
    public var twilio: Twilio { Twilio(application: self) }

    /// The Twilio token service of an application.
    public struct Twilio: Sendable {
        let application: Application

        /// Sets the service's configuration: a ``TwilioTokenService/ServiceConfiguration``, which has been validated
        /// when it was made. The service logs with the application's logger; its identity provider's keys, if any,
        /// are loaded when the application boots.
        ///
        /// - Throws: ``TwilioTokenService/ConfigurationError`` if the application is configured already: replace
        ///   the configuration of a running service with ``TwilioTokenService/TokenService/reload(_:)``.
        public func configure(_ configuration: ServiceConfiguration) throws(ConfigurationError) {
            guard self.application.storage[ServiceKey.self] == nil else {
                throw ConfigurationError(
                    key: "", "app.twilio is configured already; reload a running service with service.reload(_:)")
            }
            let service = TokenService(configuration: configuration, logger: self.application.logger)
            self.application.storage[ServiceKey.self] = service
            self.application.lifecycle.use(Preparation(service: service))
        }

        /// Sets the configuration of a service whose callers are the application's own users (`req.auth`), as
        /// ``TwilioTokenService/ServiceConfiguration/init(twilio:profiles:cors:rateLimit:compatibility:voice:trustedProxies:maximumBodyBytes:)``
        /// makes it.
        ///
        /// - Throws: ``TwilioTokenService/ConfigurationError`` naming what is invalid.
        public func configure(
            twilio: TwilioSettings,
            profiles: [TokenProfile],
            cors: CORSSettings = CORSSettings(),
            rateLimit: RateLimitSettings = RateLimitSettings(),
            compatibility: CompatibilityRoutes = CompatibilityRoutes(),
            voice: VoiceSettings? = nil,
            trustedProxies: TrustedProxies = .none,
            maximumBodyBytes: Int = ServerSettings.defaultMaximumBodyBytes
        ) throws(ConfigurationError) {
            try self.configure(
                ServiceConfiguration(
                    twilio: twilio, profiles: profiles, cors: cors, rateLimit: rateLimit, compatibility: compatibility,
                    voice: voice, trustedProxies: trustedProxies, maximumBodyBytes: maximumBodyBytes))
        }

        /// The service.
        ///
        /// - Throws: ``TwilioTokenService/ConfigurationError`` if ``configure(_:)`` has not been called.
        public var service: TokenService {
            get throws(ConfigurationError) {
                guard let service = self.application.storage[ServiceKey.self] else {
                    throw ConfigurationError(
                        key: "", "app.twilio is not configured: call app.twilio.configure(…) before using it")
                }
                return service
            }
        }
    }

    private struct ServiceKey: StorageKey {
        typealias Value = TokenService
    }

    /// Loads what the configuration needs from outside (an identity provider's keys) before the application serves.
    private struct Preparation: LifecycleHandler {
        let service: TokenService

        func willBootAsync(_ application: Application) async throws {
            try await self.service.prepare()
        }
    }
}
#endif
