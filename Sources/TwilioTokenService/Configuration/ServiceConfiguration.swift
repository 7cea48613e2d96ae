#if TokenService
import TwilioJWT

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A token service's whole configuration, validated: what ``ConfigurationLoader`` builds from a config file and the
/// environment, and what ``TokenService`` runs on.
///
/// Every value here has already passed the checks a bad config would fail (SIDs, secret lengths, profiles naming
/// grants that exist, `auth: none` only on loopback), so a service built from one never fails on its configuration
/// later; the sections are constants, so that no change can bypass the checks that involve several of them. Its
/// `description` names SIDs and settings, never a secret.
public struct ServiceConfiguration: Sendable {
    /// Where and how the HTTP server listens.
    public let server: ServerSettings
    /// The Twilio account, its signing keys and region.
    public let twilio: TwilioSettings
    /// How callers authenticate.
    public let auth: CallerAuthentication
    /// The browser origins allowed to call the service (CORS).
    public let cors: CORSSettings
    /// Per-principal and per-IP request limits.
    public let rateLimit: RateLimitSettings
    /// The token profiles, by name.
    public let profiles: [String: TokenProfile]
    /// Which profile each of the quickstart-compatible routes serves; a route with none is not served.
    public let compatibility: CompatibilityRoutes
    /// The Voice webhooks (`POST /v1/voice/outgoing`, `/v1/voice/incoming`), or `nil` not to serve them.
    public let voice: VoiceSettings?

    /// A configuration made in code, for applications that mount the service in their own router and tests.
    public init(
        server: ServerSettings = ServerSettings(),
        twilio: TwilioSettings,
        auth: CallerAuthentication,
        cors: CORSSettings = CORSSettings(),
        rateLimit: RateLimitSettings = RateLimitSettings(),
        profiles: [String: TokenProfile],
        compatibility: CompatibilityRoutes = CompatibilityRoutes(),
        voice: VoiceSettings? = nil
    ) throws(ConfigurationError) {
        self.server = server
        self.twilio = twilio
        self.auth = auth
        self.cors = cors
        self.rateLimit = rateLimit
        self.profiles = profiles
        self.compatibility = compatibility
        self.voice = voice
        try self.validate()
    }

    /// A configuration for a service mounted in an application that authenticates its users itself
    /// (``CallerAuthentication/application``): a Vapor app's `req.auth`.
    ///
    /// - Parameters:
    ///   - twilio: The account and its keys; ``TwilioSettings/environment(_:)`` reads them from the environment.
    ///   - profiles: The token profiles; their names must differ.
    ///   - cors: The browser origins allowed to call the token routes.
    ///   - rateLimit: Per-user and per-IP limits.
    ///   - compatibility: Which profile each quickstart route serves.
    ///   - voice: The Voice webhooks' signature check and outgoing-call policy, or `nil` not to serve them.
    ///   - trustedProxies: The reverse proxies whose `X-Forwarded-For` (and, without a public base URL for the
    ///     webhooks, `X-Forwarded-Proto` and `X-Forwarded-Host`) are believed.
    ///   - maximumBodyBytes: The largest body a token route reads (413 beyond).
    public init(
        twilio: TwilioSettings,
        profiles: [TokenProfile],
        cors: CORSSettings = CORSSettings(),
        rateLimit: RateLimitSettings = RateLimitSettings(),
        compatibility: CompatibilityRoutes = CompatibilityRoutes(),
        voice: VoiceSettings? = nil,
        trustedProxies: TrustedProxies = .none,
        maximumBodyBytes: Int = ServerSettings.defaultMaximumBodyBytes
    ) throws(ConfigurationError) {
        var byName: [String: TokenProfile] = [:]
        for profile in profiles {
            guard byName.updateValue(profile, forKey: profile.name) == nil else {
                throw ConfigurationError(key: "profiles.\(profile.name)", "is defined twice")
            }
        }
        guard (256...65_536).contains(maximumBodyBytes) else {
            throw ConfigurationError(
                key: "server.max_body_bytes", "must be 256 to 65536 bytes, not \(maximumBodyBytes)")
        }
        try self.init(
            server: ServerSettings(maximumBodyBytes: maximumBodyBytes, trustedProxies: trustedProxies),
            twilio: twilio, auth: .application, cors: cors, rateLimit: rateLimit, profiles: byName,
            compatibility: compatibility, voice: voice)
    }

    /// The checks that involve more than one section.
    func validate() throws(ConfigurationError) {
        if case .none = self.auth, !self.server.isLoopback {
            throw ConfigurationError(
                key: "auth.mode",
                "`none` lets anyone mint tokens as anyone; it is allowed only on a loopback address, not on \(self.server.host)"
            )
        }
        if let voice = self.voice, voice.publicBaseURL == nil, self.server.trustedProxies.addresses.isEmpty {
            throw ConfigurationError(
                key: "voice.public_base_url",
                "required unless server.trusted_proxies is set: the webhook signature covers the public URL Twilio "
                    + "called, which the server cannot see behind a proxy")
        }
        if self.profiles.isEmpty {
            throw ConfigurationError(key: "profiles", "at least one token profile is required")
        }
        for (key, profile) in self.compatibility.assignments {
            guard let profile else { continue }
            guard self.profiles[profile] != nil else {
                throw ConfigurationError(
                    key: "compatibility.\(key)", "names the profile `\(profile)`, which is not defined under `profiles`"
                )
            }
        }
        if case .bearer(let principals) = self.auth {
            for principal in principals {
                for profile in principal.profiles where self.profiles[profile] == nil {
                    throw ConfigurationError(
                        key: "auth.bearer.\(principal.name).profiles",
                        "names the profile `\(profile)`, which is not defined under `profiles`"
                    )
                }
            }
        }
        if case .jwt(let settings) = self.auth, let allowed = settings.profiles {
            for profile in allowed where self.profiles[profile] == nil {
                throw ConfigurationError(
                    key: "auth.jwt.profiles",
                    "names the profile `\(profile)`, which is not defined under `profiles`"
                )
            }
        }
    }
}

// MARK: - Server

/// Where and how the HTTP server listens.
public struct ServerSettings: Sendable, Hashable {
    /// The address to bind; `127.0.0.1` unless configured.
    public var host: String
    /// The port; 8080 unless configured (0 asks the system for a free one).
    public var port: Int
    /// A second port for `/metrics`, or `nil` to serve it on ``port``.
    public var metricsPort: Int?
    /// The certificate and key for HTTPS, or `nil` for plain HTTP (behind a TLS-terminating proxy).
    public var tls: TLSFiles?
    /// The largest request body accepted; a larger one gets 413.
    public var maximumBodyBytes: Int
    /// How long a connection may stay without a complete request part before it is closed (slow clients).
    public var idleTimeout: Duration
    /// How long reading one request body may take in all.
    public var bodyTimeout: Duration
    /// How long a stopping server keeps answering (with `Connection: close`, `/readyz` 503) before it closes idle
    /// connections and waits for the requests in flight.
    public var shutdownGrace: Duration
    /// The proxies whose `X-Forwarded-For` gives the client address for the per-IP limit; none by default.
    public var trustedProxies: TrustedProxies

    /// The default body limit, 4 KiB: a token request is a few dozen bytes.
    public static let defaultMaximumBodyBytes = 4096

    /// Settings with the safe defaults: loopback, port 8080, no TLS, 4 KiB bodies, 30 s idle and 5 s body timeouts,
    /// 2 s of draining when stopped.
    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        metricsPort: Int? = nil,
        tls: TLSFiles? = nil,
        maximumBodyBytes: Int = ServerSettings.defaultMaximumBodyBytes,
        idleTimeout: Duration = .seconds(30),
        bodyTimeout: Duration = .seconds(5),
        shutdownGrace: Duration = .seconds(2),
        trustedProxies: TrustedProxies = .none
    ) {
        self.host = host
        self.port = port
        self.metricsPort = metricsPort
        self.tls = tls
        self.maximumBodyBytes = maximumBodyBytes
        self.idleTimeout = idleTimeout
        self.bodyTimeout = bodyTimeout
        self.shutdownGrace = shutdownGrace
        self.trustedProxies = trustedProxies
    }

    /// Whether ``host`` is a loopback address (`127.0.0.0/8`, `::1` or `localhost`), reachable from this machine only.
    public var isLoopback: Bool {
        Self.isLoopback(self.host)
    }

    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in
            guard let value = Int(part), (0...255).contains(value), part.count <= 3 else { return false }
            return true
        }
    }

    /// A certificate chain and private key in PEM files.
    public struct TLSFiles: Sendable, Hashable {
        /// The PEM certificate chain.
        public var certificateFile: String
        /// The PEM private key.
        public var keyFile: String

        /// The two files.
        public init(certificateFile: String, keyFile: String) {
            self.certificateFile = certificateFile
            self.keyFile = keyFile
        }
    }
}

// MARK: - Twilio

/// The Twilio account, its signing keys and region.
public struct TwilioSettings: Sendable {
    /// The account SID, `AC…`.
    public let accountSID: String
    /// The Region of the account and its keys (the tokens' `twr` header), or `nil` for US1.
    public let region: Region?
    /// The API keys the service knows, by SID. Only ``activeKeySID`` signs; the others are kept during a rotation.
    public let apiKeys: [String: APIKey]
    /// The key that signs new tokens.
    public let activeKeySID: String
    /// The account's Auth Token, if configured: it validates Twilio's webhook signatures and is never used to mint
    /// access tokens.
    public let accountCredentials: AccountCredentials?

    /// Settings for one account. `activeKeySID` must be one of `apiKeys`, and every key must belong to the account.
    public init(
        accountSID: String,
        region: Region? = nil,
        apiKeys: [APIKey],
        activeKeySID: String? = nil,
        accountCredentials: AccountCredentials? = nil
    ) throws(ConfigurationError) {
        do {
            try SIDKind.account.validate(accountSID, field: "twilio.account_sid")
        } catch {
            throw ConfigurationError(key: "twilio.account_sid", error.message)
        }
        guard !apiKeys.isEmpty else {
            throw ConfigurationError(
                key: "twilio.api_keys",
                "no API key: configure `twilio.api_keys` or set TWILIO_API_KEY and TWILIO_API_SECRET"
            )
        }
        var keys: [String: APIKey] = [:]
        for key in apiKeys {
            guard key.accountSID == accountSID else {
                throw ConfigurationError(
                    key: "twilio.api_keys.\(key.sid)", "belongs to another account than \(accountSID)")
            }
            keys[key.sid] = key
        }
        let active = activeKeySID ?? (apiKeys.count == 1 ? apiKeys[0].sid : nil)
        guard let active else {
            throw ConfigurationError(
                key: "twilio.active_api_key",
                "required when several API keys are configured: it names the one that signs new tokens"
            )
        }
        guard keys[active] != nil else {
            throw ConfigurationError(key: "twilio.active_api_key", "\(active) is not one of `twilio.api_keys`")
        }
        if let accountCredentials, accountCredentials.accountSID != accountSID {
            throw ConfigurationError(key: "twilio.auth_token_file", "the Auth Token's account is not \(accountSID)")
        }
        self.accountSID = accountSID
        self.region = region
        self.apiKeys = keys
        self.activeKeySID = active
        self.accountCredentials = accountCredentials
    }

    /// The key that signs new tokens.
    public var activeKey: APIKey {
        // The initialiser checked that the active SID is one of the keys, and both are constants.
        self.apiKeys[self.activeKeySID]!
    }
}

// MARK: - CORS and rate limits

/// The browser origins allowed to call the service.
public struct CORSSettings: Sendable, Hashable {
    /// Exact origins (`https://app.example.com`, scheme, host and port as the browser sends them). Empty: no
    /// cross-origin browser access at all.
    public var allowedOrigins: [String]

    /// An allow-list; empty by default.
    public init(allowedOrigins: [String] = []) {
        self.allowedOrigins = allowedOrigins
    }
}

/// Per-principal and per-IP token-bucket limits, requests per minute; 0 turns a limit off.
public struct RateLimitSettings: Sendable, Hashable {
    /// Token requests one authenticated principal may make per minute (bursts up to the same number).
    public var perPrincipalPerMinute: Int
    /// Requests one client address may make per minute to the token routes, authenticated or not.
    public var perIPPerMinute: Int

    /// 60 per principal and 120 per address by default.
    public init(perPrincipalPerMinute: Int = 60, perIPPerMinute: Int = 120) {
        self.perPrincipalPerMinute = perPrincipalPerMinute
        self.perIPPerMinute = perIPPerMinute
    }
}

// MARK: - Compatibility routes

/// The profile each quickstart-compatible route serves.
public struct CompatibilityRoutes: Sendable, Hashable {
    /// `GET|POST /accessToken`: the raw token as `text/plain` (Voice iOS and Android quickstarts).
    public var accessToken: String?
    /// `GET /token`: `{"identity", "token"}` (Voice JavaScript SDK quickstart).
    public var tokenGet: String?
    /// `POST /token` with `{"user_identity", "room_name", "create_conversation"}`: `{"token"}`
    /// (twilio-video-app-react).
    public var tokenPost: String?

    /// Routes to profiles; none is served by default.
    public init(accessToken: String? = nil, tokenGet: String? = nil, tokenPost: String? = nil) {
        self.accessToken = accessToken
        self.tokenGet = tokenGet
        self.tokenPost = tokenPost
    }

    /// The config key of each route, with its profile.
    var assignments: [(key: String, profile: String?)] {
        [("access_token", self.accessToken), ("token_get", self.tokenGet), ("token_post", self.tokenPost)]
    }
}
#endif
