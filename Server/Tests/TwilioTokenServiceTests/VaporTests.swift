import Foundation
import JWT
import Testing
import TwilioJWT
import TwilioTokenService
import TwilioVapor
import TwilioWebhooks
import Vapor
import VaporTesting

/// What only the Vapor adapter has: `app.twilio`, the application's own users (`req.auth`, here through vapor/jwt's
/// `JWTAuthenticator`) in front of the token routes, `req.twilio.accessToken`, and the webhook middleware on an
/// application's route. The behaviour both adapters share is tested against each in RoutesTests and
/// VoiceWebhookTests.
@Suite("Vapor adapter")
struct VaporTests {
    /// The application's login: an HS256 JWT of its own, which vapor/jwt verifies.
    static let loginSecret = "vapor-app-login-secret-0123456789"

    /// The environment a deployment sets, with the CLI's names.
    static let environment = [
        "TWILIO_ACCOUNT_SID": Fixtures.accountSID, "TWILIO_API_KEY": Fixtures.keySID,
        "TWILIO_API_SECRET": Fixtures.canarySecret, "TWILIO_AUTH_TOKEN": VoiceWebhookTests.authToken,
    ]

    /// A user of the application, logged in by vapor/jwt from the `Authorization: Bearer` JWT.
    struct User: JWTPayload, TwilioTokenUser {
        var sub: SubjectClaim
        var exp: ExpirationClaim
        var profiles: [String]?

        var twilioIdentity: String { self.sub.value }
        var twilioProfiles: Set<String>? { self.profiles.map(Set.init) }

        func verify(using algorithm: some JWTAlgorithm) async throws {
            try self.exp.verifyNotExpired()
        }
    }

    static func profiles() throws -> [TokenProfile] {
        [
            try TokenProfile(
                name: "voice", ttl: 3600,
                voice: .init(incoming: true, outgoingApplicationSID: Fixtures.applicationSID)),
            try TokenProfile(name: "video", ttl: 600, video: .init(roomFromRequest: true)),
        ]
    }

    /// Runs `body` with an application whose log (the service's too, which takes the application's logger) is kept,
    /// for canary searches, instead of printed.
    static func withLoggedApp<T>(_ body: (Application, CapturedLog) async throws -> T) async throws -> T {
        let log = CapturedLog()
        return try await withApp { app in
            app.logger = log.logger("vapor")
            return try await body(app, log)
        }
    }

    /// An application configured as the DocC article shows: `app.twilio` from the environment, vapor/jwt's
    /// authenticator, and the token routes for its users.
    static func withUserApp<T>(
        cors: CORSSettings = CORSSettings(), rateLimit: RateLimitSettings = RateLimitSettings(),
        _ body: (Application, CapturedLog) async throws -> T
    ) async throws -> T {
        try await Self.withLoggedApp { app, log in
            await app.jwt.keys.add(hmac: HMACKey(from: Self.loginSecret), digestAlgorithm: .sha256)
            try app.twilio.configure(
                twilio: .environment(Self.environment), profiles: try Self.profiles(), cors: cors,
                rateLimit: rateLimit, compatibility: CompatibilityRoutes(tokenGet: "voice"))
            try app.register(
                collection: TwilioTokenRoutes(
                    service: app.twilio.service, callers: .users(User.self, authenticators: [User.authenticator()])))
            return try await body(app, log)
        }
    }

    /// A login token for `subject`, signed with the application's key (or another).
    static func login(
        _ subject: String, profiles: [String]? = nil, secret: String = loginSecret, expiresIn: TimeInterval = 300
    ) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        return try await keys.sign(
            User(
                sub: .init(value: subject), exp: .init(value: Date().addingTimeInterval(expiresIn)), profiles: profiles)
        )
    }

    static func post(_ body: String, bearer: String?) -> HTTPHeaders {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let bearer { headers.bearerAuthorization = BearerAuthorization(token: bearer) }
        return headers
    }

    static func json(_ response: TestingHTTPResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any] ?? [:]
    }

    static func errorCode(_ response: TestingHTTPResponse) throws -> String? {
        (try Self.json(response)["error"] as? [String: Any])?["code"] as? String
    }

    @Test("a logged-in user gets a token bound to its own identity, which PyJWT verifies")
    func userToken() async throws {
        try await Self.withUserApp { app, log in
            let login = try await Self.login("alice")
            try await app.testing().test(
                .POST, "v1/token", headers: Self.post("", bearer: login),
                body: ByteBuffer(string: #"{"profile":"voice"}"#)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers.first(name: .cacheControl) == "no-store")
                let body = try Self.json(response)
                #expect(body["identity"] as? String == "alice")
                #expect(body["profile"] as? String == "voice")
                let token = try #require(body["token"] as? String)
                let key = try APIKey(
                    sid: Fixtures.keySID, secret: Secret(Fixtures.canarySecret), accountSID: Fixtures.accountSID)
                let verified = try TokenVerifier(apiKeys: [key]).verify(token, as: AccessTokenClaims.self)
                #expect(verified.claims.identity == "alice")
                if PyJWT.isAvailable {
                    let decoded = try PyJWT.decode(token, secret: Fixtures.canarySecret)
                    #expect(decoded.header["cty"] as? String == "twilio-fpa;v=1")
                    let grants = try #require(decoded.claims["grants"] as? [String: Any])
                    #expect(grants["identity"] as? String == "alice")
                    #expect(
                        (grants["voice"] as? [String: Any])?["outgoing"] as? [String: String]
                            == ["application_sid": Fixtures.applicationSID])
                }
            }
            // The audit line names the user and the token's jti; the log holds no token, login or secret.
            #expect(log.text.contains("token minted"))
            #expect(log.text.contains("principal=app:alice"))
            #expect(!log.text.contains(login))
            #expect(Canary.leaks(of: Fixtures.canarySecret, in: log.text).isEmpty)
            // The quickstart route, for the same user.
            try await app.testing().test(
                .GET, "token", headers: ["Authorization": "Bearer \(login)"]
            ) { response in
                #expect(response.status == .ok)
                let identity = try Self.json(response)["identity"] as? String
                #expect(identity == "alice")
            }
        }
    }

    /// What the token routes answer users that may not have what they ask for.
    struct UserRefusal: Sendable, CustomTestStringConvertible {
        let name: String
        let login: @Sendable () async throws -> String?
        let body: String
        let status: HTTPResponseStatus
        let code: String
        var testDescription: String { self.name }
    }

    static let userRefusals: [UserRefusal] = [
        UserRefusal(
            name: "no login", login: { nil }, body: #"{"profile":"voice"}"#, status: .unauthorized,
            code: "missing_credentials"),
        UserRefusal(
            name: "a login signed with another key",
            login: { try await login("alice", secret: "another-login-secret-0123456789ab") },
            body: #"{"profile":"voice"}"#, status: .unauthorized, code: "invalid_credentials"),
        UserRefusal(
            name: "an expired login", login: { try await login("alice", expiresIn: -60) },
            body: #"{"profile":"voice"}"#, status: .unauthorized, code: "invalid_credentials"),
        UserRefusal(
            name: "another user's identity", login: { try await login("alice") },
            body: #"{"profile":"voice","identity":"bob"}"#, status: .forbidden, code: "identity_not_allowed"),
        UserRefusal(
            name: "a profile the user may not use", login: { try await login("alice", profiles: ["video"]) },
            body: #"{"profile":"voice"}"#, status: .forbidden, code: "profile_not_allowed"),
        UserRefusal(
            name: "an identity Twilio refuses", login: { try await login("alice bob") },
            body: #"{"profile":"voice"}"#, status: .badRequest, code: "identity_rejected"),
        UserRefusal(
            name: "an unknown profile", login: { try await login("alice") }, body: #"{"profile":"admin"}"#,
            status: .badRequest, code: "unknown_profile"),
    ]

    @Test("users are refused in the service's JSON shape, authenticator refusals included", arguments: userRefusals)
    func refusesUsers(_ refusal: UserRefusal) async throws {
        try await Self.withUserApp { app, log in
            let login = try await refusal.login()
            try await app.testing().test(
                .POST, "v1/token", headers: Self.post("", bearer: login), body: ByteBuffer(string: refusal.body)
            ) { response in
                #expect(response.status == refusal.status)
                let code = try Self.errorCode(response)
                #expect(code == refusal.code)
                #expect(response.headers.first(name: .cacheControl) == "no-store")
                if refusal.status == .unauthorized {
                    #expect(response.headers.first(name: .wwwAuthenticate)?.hasPrefix("Bearer ") == true)
                }
            }
            if let login { #expect(!log.text.contains(login)) }
            #expect(!log.text.contains(Self.loginSecret))
        }
    }

    /// An authenticator whose store is down.
    struct FailingAuthenticator: AsyncMiddleware {
        struct StoreDown: Error {}
        func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
            throw StoreDown()
        }
    }

    @Test("an authenticator's own failure is a 500 in the service's shape, still no-store and CORS-readable")
    func authenticatorFailure() async throws {
        try await Self.withLoggedApp { app, log in
            try app.twilio.configure(
                twilio: .environment(Self.environment), profiles: try Self.profiles(),
                cors: CORSSettings(allowedOrigins: ["https://app.example.com"]))
            try app.register(
                collection: TwilioTokenRoutes(
                    service: app.twilio.service, callers: .users(User.self, authenticators: [FailingAuthenticator()])))
            try await app.testing().test(
                .POST, "v1/token", headers: ["Content-Type": "application/json", "Origin": "https://app.example.com"],
                body: ByteBuffer(string: #"{"profile":"voice"}"#)
            ) { response in
                #expect(response.status == .internalServerError)
                let code = try Self.errorCode(response)
                #expect(code == "internal_error")
                #expect(response.headers.first(name: .cacheControl) == "no-store")
                #expect(response.headers.first(name: .accessControlAllowOrigin) == "https://app.example.com")
            }
            #expect(
                log.text.contains(
                    "authenticator failed: TwilioTokenServiceTests.VaporTests.FailingAuthenticator.StoreDown"))
        }
    }

    @Test("a preflight is answered before the application's authenticator, and the limit per IP comes first too")
    func corsAndLimitBeforeAuthentication() async throws {
        try await Self.withUserApp(
            cors: CORSSettings(allowedOrigins: ["https://app.example.com"]),
            rateLimit: RateLimitSettings(perPrincipalPerMinute: 100, perIPPerMinute: 2)
        ) { app, _ in
            try await app.testing().test(
                .OPTIONS, "v1/token",
                headers: ["Origin": "https://app.example.com", "Access-Control-Request-Method": "POST"]
            ) { response in
                #expect(response.status == .noContent)
                #expect(response.headers.first(name: .accessControlAllowOrigin) == "https://app.example.com")
            }
            // Over a socket, so that the request has a client address: two bad logins, then a good one is limited.
            let live = try app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            let bad = try await Self.login("alice", secret: "another-login-secret-0123456789ab")
            for _ in 0..<2 {
                try await live.test(
                    .POST, "v1/token", headers: Self.post("", bearer: bad),
                    body: ByteBuffer(string: #"{"profile":"voice"}"#)
                ) { #expect($0.status == .unauthorized) }
            }
            try await live.test(
                .POST, "v1/token", headers: Self.post("", bearer: try await Self.login("alice")),
                body: ByteBuffer(string: #"{"profile":"voice"}"#)
            ) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers.first(name: "Retry-After") != nil)
                let code = try Self.errorCode(response)
                #expect(code == "rate_limited")
            }
        }
    }

    /// A user a session or an opaque bearer token identifies, instead of a JWT.
    struct Member: SessionAuthenticatable, TwilioTokenUser {
        var sessionID: String
        var twilioIdentity: String { self.sessionID }
    }

    /// Loads the session's member: a real app reads its store here.
    struct MemberSessions: AsyncSessionAuthenticator {
        typealias User = Member
        func authenticate(sessionID: String, for request: Request) async throws {
            request.auth.login(Member(sessionID: sessionID))
        }
    }

    /// Looks an opaque API token up: a real app reads its store here.
    struct MemberTokens: AsyncBearerAuthenticator {
        func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
            if bearer.token == "opaque-token-of-grace" { request.auth.login(Member(sessionID: "grace")) }
        }
    }

    @Test("users logged in by a session cookie or by an opaque bearer token get their own tokens too")
    func sessionsAndBearerTokens() async throws {
        try await Self.withLoggedApp { app, log in
            try app.twilio.configure(twilio: .environment(Self.environment), profiles: try Self.profiles())
            app.middleware.use(app.sessions.middleware)
            app.grouped(MemberSessions()).post("login") { request -> HTTPStatus in
                request.auth.login(Member(sessionID: "frank"))
                return .noContent
            }
            try app.register(
                collection: TwilioTokenRoutes(
                    service: app.twilio.service,
                    callers: .users(Member.self, authenticators: [MemberSessions(), MemberTokens()])))

            var cookie = ""
            try await app.testing().test(.POST, "login") { response in
                #expect(response.status == .noContent)
                cookie = try #require(
                    response.headers.first(name: .setCookie)?.split(separator: ";").first.map(String.init))
            }
            for (headers, identity) in [
                (HTTPHeaders([("Cookie", cookie)]), "frank"),
                (HTTPHeaders([("Authorization", "Bearer opaque-token-of-grace")]), "grace"),
            ] {
                var request = headers
                request.add(name: .contentType, value: "application/json")
                try await app.testing().test(
                    .POST, "v1/token", headers: request, body: ByteBuffer(string: #"{"profile":"voice"}"#)
                ) { response in
                    #expect(response.status == .ok)
                    let actual = try Self.json(response)["identity"] as? String
                    #expect(actual == identity)
                }
            }
        }
    }

    @Test("with two API keys configured, the active one signs and the other still verifies its tokens")
    func keyRotation() async throws {
        let old = try APIKey(
            sid: Fixtures.secondKeySID, secret: Secret(Fixtures.secondSecret), accountSID: Fixtures.accountSID)
        let new = try APIKey(
            sid: Fixtures.keySID, secret: Secret(Fixtures.canarySecret), accountSID: Fixtures.accountSID)
        try await Self.withLoggedApp { app, log in
            try app.twilio.configure(
                twilio: TwilioSettings(accountSID: Fixtures.accountSID, apiKeys: [old, new], activeKeySID: new.sid),
                profiles: try Self.profiles())
            app.post("member-token") { request in
                request.auth.login(Member(sessionID: "heidi"))
                return try request.twilio.accessToken(profile: "voice", as: Member.self).token
            }
            try await app.testing().test(.POST, "member-token") { response in
                #expect(response.status == .ok)
                let verified = try TokenVerifier(apiKeys: [old, new]).verify(
                    response.body.string, as: AccessTokenClaims.self)
                #expect(verified.keyID.sid == new.sid)
            }
        }
        let unknown = #expect(throws: ConfigurationError.self) {
            try TwilioSettings(accountSID: Fixtures.accountSID, apiKeys: [old, new])
        }
        #expect(unknown?.key == "twilio.active_api_key")
    }

    @Test("req.twilio.accessToken mints for the request's user, and a missing user is Vapor's 401")
    func requestHelper() async throws {
        try await Self.withLoggedApp { app, log in
            try app.twilio.configure(twilio: .environment(Self.environment), profiles: try Self.profiles())
            await app.jwt.keys.add(hmac: HMACKey(from: Self.loginSecret), digestAlgorithm: .sha256)
            app.grouped(User.authenticator()).post("video-token") { request -> [String: String] in
                let issued = try request.twilio.accessToken(profile: "video", room: "standup", as: User.self)
                return ["token": issued.token, "identity": issued.identity]
            }
            try await app.testing().test(
                .POST, "video-token", headers: ["Authorization": "Bearer \(try await Self.login("carol"))"]
            ) { response in
                #expect(response.status == .ok)
                let body = try Self.json(response)
                #expect(body["identity"] as? String == "carol")
                let payload = try UnverifiedToken(decoding: try #require(body["token"] as? String)).payload
                #expect(payload["grants"]?.objectValue?["video"]?.objectValue?["room"]?.stringValue == "standup")
            }
            try await app.testing().test(.POST, "video-token") { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers.first(name: .wwwAuthenticate)?.hasPrefix("Bearer ") == true)
                let reason = try Self.json(response)["reason"] as? String
                #expect(reason != nil)
            }
        }
    }

    @Test("a request helper's refusal is a TwilioAbort with the service's code")
    func abortCarriesCode() async throws {
        try await Self.withLoggedApp { app, log in
            try app.twilio.configure(twilio: .environment(Self.environment), profiles: try Self.profiles())
            let request = Request(application: app, on: app.eventLoopGroup.next())
            request.auth.login(User(sub: "dave", exp: .init(value: .distantFuture), profiles: ["video"]))
            let abort = #expect(throws: TwilioAbort.self) {
                try request.twilio.accessToken(profile: "voice", as: User.self)
            }
            #expect(abort?.error.code == .profileNotAllowed)
            #expect(abort?.status == .forbidden)
            #expect(abort?.identifier == "profile_not_allowed")
        }
    }

    /// The environment's mistakes, each named by the variable or key at fault.
    static let environmentMistakes: [(name: String, environment: [String: String], message: String)] = [
        ("no account SID", environment.filter { $0.key != "TWILIO_ACCOUNT_SID" }, "TWILIO_ACCOUNT_SID"),
        ("a key without its secret", environment.filter { $0.key != "TWILIO_API_SECRET" }, "TWILIO_API_KEY is set"),
        ("no API key", environment.filter { !$0.key.hasPrefix("TWILIO_API") }, "TWILIO_API_KEY and TWILIO_API_SECRET"),
        ("an unknown region", environment.merging(["TWILIO_REGION": "mars1"]) { $1 }, "twilio.region"),
        ("an account SID that is not one", environment.merging(["TWILIO_ACCOUNT_SID": "AC123"]) { $1 }, "AC"),
    ]

    @Test("app.twilio's configuration is read from the CLI's variables and refused with the variable at fault")
    func environmentSettings() throws {
        let settings = try TwilioSettings.environment(Self.environment)
        #expect(settings.accountSID == Fixtures.accountSID)
        #expect(settings.activeKeySID == Fixtures.keySID)
        #expect(settings.accountCredentials?.accountSID == Fixtures.accountSID)
        let aliases = try TwilioSettings.environment([
            "ACCOUNT_SID": Fixtures.accountSID, "API_KEY": Fixtures.keySID, "API_SECRET": Fixtures.canarySecret,
            "TWILIO_REGION": "ie1",
        ])
        #expect(aliases.region?.id == "ie1")
        #expect(aliases.accountCredentials == nil)
        for (name, environment, message) in Self.environmentMistakes {
            let error = #expect(throws: ConfigurationError.self, "\(name)") {
                try TwilioSettings.environment(environment)
            }
            let text = error?.description ?? ""
            #expect(text.contains(message), "\(name): \(text)")
            #expect(Canary.leaks(of: Fixtures.canarySecret, in: text).isEmpty)
        }
        let validator = #expect(throws: ConfigurationError.self) { try WebhookValidator.environment([:]) }
        #expect(validator?.description.contains("TWILIO_AUTH_TOKEN") == true)
    }

    @Test("misconfigurations are refused when the application is set up, not when a request comes")
    func setupMistakes() async throws {
        try await Self.withLoggedApp { app, log in
            let unconfigured = #expect(throws: ConfigurationError.self) { try app.twilio.service }
            #expect(unconfigured?.description.contains("app.twilio.configure") == true)

            try app.twilio.configure(twilio: .environment(Self.environment), profiles: try Self.profiles())
            let twice = #expect(throws: ConfigurationError.self) {
                try app.twilio.configure(twilio: .environment(Self.environment), profiles: try Self.profiles())
            }
            #expect(twice?.description.contains("configured already") == true)

            // The application authenticates its users, so the service's own authentication is refused.
            let callers = #expect(throws: ConfigurationError.self) {
                try app.register(collection: TwilioTokenRoutes(service: app.twilio.service, callers: .service))
            }
            #expect(callers?.key == "auth.mode")
        }
        // `auth.mode: none` is refused whatever address the config file names: the app listens where it likes.
        let open = try await Fixtures.bearerConfiguration {
            withoutBearer($0).replacingOccurrences(of: "mode: bearer", with: "mode: none")
        }
        try await Self.withLoggedApp { app, log in
            try app.twilio.configure(open)
            let error = #expect(throws: ConfigurationError.self) {
                try app.register(collection: TwilioTokenRoutes(service: app.twilio.service, callers: .service))
            }
            #expect(error?.description.contains("`none` lets anyone mint tokens as anyone") == true)
        }
        let duplicate = #expect(throws: ConfigurationError.self) {
            try ServiceConfiguration(
                twilio: .environment(Self.environment), profiles: try Self.profiles() + [try Self.profiles()[0]])
        }
        #expect(duplicate?.key == "profiles.voice")
    }

    @Test("the identity provider's keys are loaded when the application boots (auth.mode jwt from a config file)")
    func bootLoadsKeys() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let jwks = try Fixtures.write(IdentityProvider.shared.jwks(), "jwks.json", in: directory)
        let configuration = try await Fixtures.bearerConfiguration { config in
            withoutBearer(config).replacingOccurrences(
                of: "  mode: bearer",
                with: """
                      mode: jwt
                      jwt: { jwks_file: \(jwks), issuer: "\(Fixtures.issuer)", audience: \(Fixtures.audience), algorithms: [RS256] }
                    """)
        }
        try await Self.withLoggedApp { app, log in
            try app.twilio.configure(configuration)
            let service = try app.twilio.service
            try app.register(collection: TwilioTokenRoutes(service: service, callers: .service))
            #expect(!service.isReady)
            let idToken = IdentityProvider.shared.idToken(now: Int(Date().timeIntervalSince1970), subject: "erin")
            try await app.testing().test(
                .POST, "v1/token", headers: Self.post("", bearer: idToken),
                body: ByteBuffer(string: #"{"profile":"voice"}"#)
            ) { response in
                #expect(response.status == .ok)
                let identity = try Self.json(response)["identity"] as? String
                #expect(identity == "erin")
            }
            #expect(service.isReady)
        }
    }

    @Test("TwilioWebhookMiddleware guards an application's route: signed requests reach it, others get 403 or 413")
    func webhookMiddleware() async throws {
        try await Self.withLoggedApp { app, log in
            let gate = WebhookGate(
                validator: try WebhookValidator.environment(Self.environment),
                publicBaseURL: try WebhookBaseURL("https://hooks.example.com"))
            app.grouped("twilio").grouped(TwilioWebhookMiddleware(gate: gate)).post("status") { request in
                // The route sees the parameters the middleware decoded, and the body is still there.
                let status = request.twilio.webhookParameters?["CallStatus"] ?? "none"
                return "\(status) \(request.body.string?.count ?? 0)"
            }
            let parameters: WebhookParameters = [
                "CallSid": "CA0123456789abcdef0123456789abcdef", "CallStatus": "ringing",
            ]
            let signature = WebhookSignature.compute(
                url: "https://hooks.example.com/twilio/status", parameters: parameters,
                secret: try WebhookSecret(VoiceWebhookTests.authToken))
            let form: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
            var signed = form
            signed.add(name: "X-Twilio-Signature", value: signature)
            let body = parameters.formURLEncoded
            try await app.testing().test(.POST, "twilio/status", headers: signed, body: ByteBuffer(string: body)) {
                #expect($0.status == .ok)
                #expect($0.body.string == "ringing \(body.utf8.count)")
            }
            try await app.testing().test(.POST, "twilio/status", headers: form, body: ByteBuffer(string: body)) {
                response in
                #expect(response.status == .forbidden)
                let code = try Self.errorCode(response)
                #expect(code == "webhook_rejected")
            }
            let tampered = parameters.formURLEncoded.replacingOccurrences(of: "ringing", with: "completed")
            try await app.testing().test(.POST, "twilio/status", headers: signed, body: ByteBuffer(string: tampered)) {
                #expect($0.status == .forbidden)
            }
            let large = String(repeating: "a", count: TokenService.maximumWebhookBodyBytes + 1)
            try await app.testing().test(.POST, "twilio/status", headers: signed, body: ByteBuffer(string: large)) {
                response in
                #expect(response.status == .payloadTooLarge)
                let code = try Self.errorCode(response)
                #expect(code == "body_too_large")
            }
        }
    }
}
