import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing
import TwilioJWT

@testable import TwilioTokenService

/// `auth.mode: jwt`: ID tokens signed by a test identity provider (RS256 and ES256 keys made here, signed with
/// swift-crypto, verified through jwt-kit's keys), and hostile ones: the attack classes of RFC 8725 §2.
@Suite("Caller authentication with ID tokens")
struct JWTAuthenticationTests {
    static let now = 1_800_000_000
    static let provider = IdentityProvider.shared

    static func authenticator(
        algorithms: Set<JWTCallerSettings.Algorithm> = [.rs256, .es256], identityClaim: String = "sub"
    ) async throws -> JWTCallerAuthenticator {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let jwks = try Fixtures.write(Self.provider.jwks, "jwks.json", in: directory)
        let settings = JWTCallerSettings(
            keySource: .file(jwks), issuer: Fixtures.issuer, audience: Fixtures.audience, identityClaim: identityClaim,
            algorithms: algorithms)
        let authenticator = JWTCallerAuthenticator(settings: settings, logger: Logger(label: "test"))
        try await authenticator.loadKeys()
        return authenticator
    }

    @Test("an RS256 ID token authenticates, its subject the bound identity")
    func acceptsRS256() async throws {
        let authenticator = try await Self.authenticator()
        let principal = try await authenticator.authenticate(Self.provider.idToken(now: Self.now), now: Self.now)
        #expect(principal == Principal(kind: .jwt, name: "jwt:alice", boundIdentity: "alice"))
    }

    @Test("an ES256 ID token authenticates; aud may be a list; the identity comes from the configured claim")
    func acceptsES256() async throws {
        let authenticator = try await Self.authenticator(identityClaim: "email")
        var claims = IdentityProvider.claims(now: Self.now)
        claims["aud"] = ["other-app", Fixtures.audience]
        claims["email"] = "alice@example.com"
        let token = Self.provider.sign(header: ["alg": "ES256", "kid": "ec-1"], claims: claims)
        let principal = try await authenticator.authenticate(token, now: Self.now)
        #expect(principal.boundIdentity == "alice@example.com")
    }

    @Test("expiry and not-before are checked with the 60-second leeway")
    func leeway() async throws {
        let authenticator = try await Self.authenticator()
        var claims = IdentityProvider.claims(now: Self.now)
        claims["exp"] = Self.now - 59
        let barelyValid = Self.provider.sign(header: ["alg": "RS256", "kid": "rsa-1"], claims: claims)
        _ = try await authenticator.authenticate(barelyValid, now: Self.now)
        claims["exp"] = Self.now - 60
        let expired = Self.provider.sign(header: ["alg": "RS256", "kid": "rsa-1"], claims: claims)
        await #expect(throws: AuthenticationFailure.expired) {
            try await authenticator.authenticate(expired, now: Self.now)
        }
    }

    /// A hostile or broken ID token and the cause it must be refused with.
    struct Hostile: Sendable, CustomTestStringConvertible {
        let name: String
        let token: @Sendable () -> String
        let cause: AuthenticationFailure
        var testDescription: String { self.name }
    }

    static func signed(
        _ header: [String: Any] = ["alg": "RS256", "kid": "rsa-1"], _ edit: (inout [String: Any]) -> Void
    )
        -> String
    {
        var claims = IdentityProvider.claims(now: Self.now)
        edit(&claims)
        return Self.provider.sign(header: header, claims: claims)
    }

    static let hostile: [Hostile] = [
        Hostile(name: "expired", token: { signed { $0["exp"] = now - 3600 } }, cause: .expired),
        Hostile(name: "no exp", token: { signed { $0["exp"] = nil } }, cause: .expired),
        Hostile(name: "exp as a string", token: { signed { $0["exp"] = "\(now + 300)" } }, cause: .expired),
        Hostile(name: "not yet valid", token: { signed { $0["nbf"] = now + 3600 } }, cause: .notYetValid),
        Hostile(name: "issued in the future", token: { signed { $0["iat"] = now + 3600 } }, cause: .notYetValid),
        Hostile(name: "wrong audience", token: { signed { $0["aud"] = "another-app" } }, cause: .wrongAudience),
        Hostile(
            name: "audience list without ours", token: { signed { $0["aud"] = ["a", "b"] } }, cause: .wrongAudience),
        Hostile(name: "no audience", token: { signed { $0["aud"] = nil } }, cause: .wrongAudience),
        Hostile(
            name: "wrong issuer", token: { signed { $0["iss"] = "https://evil.example.com/" } }, cause: .wrongIssuer),
        Hostile(
            name: "issuer differing by a trailing slash", token: { signed { $0["iss"] = "https://login.example.com" } },
            cause: .wrongIssuer),
        Hostile(name: "no subject", token: { signed { $0["sub"] = nil } }, cause: .missingIdentity),
        Hostile(name: "empty subject", token: { signed { $0["sub"] = "" } }, cause: .missingIdentity),
        Hostile(name: "numeric subject", token: { signed { $0["sub"] = 42 } }, cause: .missingIdentity),
        Hostile(
            name: "alg none",
            token: {
                provider.sign(header: ["alg": "none", "kid": "rsa-1"], claims: IdentityProvider.claims(now: now))
            },
            cause: .algorithmNotAllowed),
        Hostile(
            name: "HS256 signed with the RSA public key as the HMAC secret",
            token: {
                provider.sign(
                    header: ["alg": "HS256", "kid": "rsa-1"], claims: IdentityProvider.claims(now: now),
                    hmacKey: Array(provider.rsa.publicKey.pemRepresentation.utf8))
            },
            cause: .algorithmNotAllowed),
        Hostile(
            name: "RS256 header on the EC key",
            token: {
                provider.sign(header: ["alg": "RS256", "kid": "ec-1"], claims: IdentityProvider.claims(now: now))
            },
            cause: .algorithmNotAllowed),
        Hostile(
            name: "PS256, not allowed",
            token: {
                provider.sign(header: ["alg": "PS256", "kid": "rsa-1"], claims: IdentityProvider.claims(now: now))
            },
            cause: .algorithmNotAllowed),
        Hostile(
            name: "unknown kid",
            token: {
                provider.sign(header: ["alg": "RS256", "kid": "rsa-9"], claims: IdentityProvider.claims(now: now))
            },
            cause: .unknownKeyID),
        Hostile(
            name: "no kid with two keys in the set",
            token: { provider.sign(header: ["alg": "RS256"], claims: IdentityProvider.claims(now: now)) },
            cause: .unknownKeyID),
        Hostile(
            name: "signed by another key under a known kid",
            token: {
                provider.sign(
                    header: ["alg": "RS256", "kid": "rsa-1"], claims: IdentityProvider.claims(now: now),
                    rsaKey: provider.otherRSA)
            },
            cause: .invalidSignature),
        Hostile(
            name: "tampered payload",
            token: {
                let token = provider.idToken(now: now)
                let parts = token.split(separator: ".").map(String.init)
                let forged = Base64URL.encode(
                    try! JSONSerialization.data(
                        withJSONObject: IdentityProvider.claims(now: now, subject: "admin"), options: [.sortedKeys]))
                return parts[0] + "." + forged + "." + parts[2]
            },
            cause: .invalidSignature),
        Hostile(
            name: "signature stripped",
            token: { String(provider.idToken(now: now).split(separator: ".")[0...1].joined(separator: ".")) + "." },
            cause: .invalidSignature),
        Hostile(
            name: "crit header",
            token: {
                provider.sign(
                    header: ["alg": "RS256", "kid": "rsa-1", "crit": ["exp"]], claims: IdentityProvider.claims(now: now)
                )
            },
            cause: .malformed),
        Hostile(name: "not a JWT", token: { "not-a-token" }, cause: .malformed),
        Hostile(name: "JWE-shaped (five segments)", token: { "a.b.c.d.e" }, cause: .malformed),
        Hostile(
            name: "duplicate claim",
            token: {
                let header = Base64URL.encode(Data(#"{"alg":"RS256","kid":"rsa-1"}"#.utf8))
                let payload = Base64URL.encode(Data(#"{"sub":"alice","sub":"admin"}"#.utf8))
                return header + "." + payload + ".c2ln"
            },
            cause: .malformed),
        Hostile(name: "oversized", token: { String(repeating: "a", count: 20_000) }, cause: .malformed),
    ]

    @Test("a hostile ID token is refused with its cause", arguments: Self.hostile)
    func refusesHostile(_ hostile: Hostile) async throws {
        let authenticator = try await Self.authenticator()
        await #expect(throws: hostile.cause) {
            try await authenticator.authenticate(hostile.token(), now: Self.now)
        }
    }

    @Test("through the service, every refusal is the same 401 and the cause goes to the metrics only")
    func serviceHidesCause() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let jwks = try Fixtures.write(Self.provider.jwks, "jwks.json", in: directory)
        let configuration = try await Fixtures.bearerConfiguration { config in
            withoutBearer(config).replacingOccurrences(
                of: "  mode: bearer",
                with: """
                      mode: jwt
                      jwt: { jwks_file: \(jwks), issuer: "\(Fixtures.issuer)", audience: \(Fixtures.audience), algorithms: [RS256, ES256] }
                    """)
        }
        let service = TokenService(configuration: configuration, logger: Logger(label: "test"), clock: { Self.now })
        try await service.prepare()
        #expect(service.isReady)
        var messages: Set<String> = []
        for hostile in Self.hostile {
            let error = await #expect(throws: ServiceError.self) {
                try await service.authenticate(authorization: "Bearer \(hostile.token())")
            }
            #expect(error?.status == 401)
            #expect(error?.code == .invalidCredentials)
            if let error { messages.insert(error.message) }
        }
        #expect(messages.count == 1)
        let principal = try await service.authenticate(
            authorization: "Bearer \(Self.provider.idToken(now: Self.now, subject: "bob"))")
        #expect(principal.boundIdentity == "bob")
        let issued = try service.issue(TokenRequest(profile: "voice"), for: principal)
        #expect(issued.identity == "bob")
    }

    @Test("a JWKS holding no key for the allowed algorithms, or a private key, is a configuration error")
    func refusesUselessKeySets() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, jwks, message) in [
            ("empty", #"{"keys":[]}"#, "holds no key"),
            ("not a JWKS", #"{"kty":"RSA"}"#, "is not a JSON Web Key Set"),
            (
                "EdDSA only",
                #"{"keys":[{"kty":"OKP","kid":"ed","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}"#,
                "holds no key"
            ),
        ] {
            let path = try Fixtures.write(jwks, "\(name).json", in: directory)
            let settings = JWTCallerSettings(
                keySource: .file(path), issuer: Fixtures.issuer, audience: Fixtures.audience)
            let authenticator = JWTCallerAuthenticator(settings: settings, logger: Logger(label: "test"))
            let error = await #expect(throws: ConfigurationError.self) { try await authenticator.loadKeys() }
            #expect(error?.key == "auth.jwt.jwks_file")
            #expect(error?.message.contains(message) == true, "\(name): \(String(describing: error))")
        }
    }

    @Test("a JWKS URL is fetched at start, again for an unknown kid at most once per interval, and picks up a new key")
    func keySetURL() async throws {
        let keySet = KeySetServer()
        let router = Router()
        router.get("jwks.json") { _, _ in
            keySet.fetches.add(1, ordering: .relaxed)
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(
                    byteBuffer: ByteBuffer(string: Self.provider.jwks(rotated: keySet.rotated.load(ordering: .relaxed)))
                ))
        }
        let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await application.test(.live) { client in
            let port = try #require(client.port)
            let settings = JWTCallerSettings(
                keySource: .url(URL(string: "http://127.0.0.1:\(port)/jwks.json")!), issuer: Fixtures.issuer,
                audience: Fixtures.audience, refreshInterval: .milliseconds(500))
            let authenticator = JWTCallerAuthenticator(settings: settings, logger: Logger(label: "test"))
            try await authenticator.loadKeys()
            #expect(keySet.fetches.load(ordering: .relaxed) == 1)
            _ = try await authenticator.authenticate(Self.provider.idToken(now: Self.now), now: Self.now)
            #expect(keySet.fetches.load(ordering: .relaxed) == 1)

            // Within the interval after the first fetch, an unknown kid does not fetch again.
            let unknown = Self.provider.sign(
                header: ["alg": "RS256", "kid": "rsa-9"], claims: IdentityProvider.claims(now: Self.now))
            await #expect(throws: AuthenticationFailure.unknownKeyID) {
                try await authenticator.authenticate(unknown, now: Self.now)
            }
            #expect(keySet.fetches.load(ordering: .relaxed) == 1)
            try await Task.sleep(for: .milliseconds(600))

            // After it, a token under a key the provider has not published yet: one fetch, still unknown.
            let rotatedToken = Self.provider.sign(
                header: ["alg": "RS256", "kid": "rsa-2"], claims: IdentityProvider.claims(now: Self.now),
                rsaKey: Self.provider.otherRSA)
            await #expect(throws: AuthenticationFailure.unknownKeyID) {
                try await authenticator.authenticate(rotatedToken, now: Self.now)
            }
            #expect(keySet.fetches.load(ordering: .relaxed) == 2)
            // Within the interval, unknown kids do not fetch again (a flood of made-up kids costs one fetch).
            for _ in 0..<5 {
                await #expect(throws: AuthenticationFailure.unknownKeyID) {
                    try await authenticator.authenticate(rotatedToken, now: Self.now)
                }
            }
            #expect(keySet.fetches.load(ordering: .relaxed) == 2)

            // The provider publishes the new key; after the interval the next unknown kid fetches it.
            keySet.rotated.store(true, ordering: .relaxed)
            try await Task.sleep(for: .milliseconds(600))
            let principal = try await authenticator.authenticate(rotatedToken, now: Self.now)
            #expect(principal.boundIdentity == "alice")
            #expect(keySet.fetches.load(ordering: .relaxed) == 3)
        }
    }

    @Test("a JWKS URL that cannot be fetched at start leaves the service running but not ready, answering 503")
    func keySetUnavailable() async throws {
        let configuration = try await Fixtures.bearerConfiguration { config in
            withoutBearer(config).replacingOccurrences(
                of: "  mode: bearer",
                with: """
                      mode: jwt
                      jwt: { jwks_url: "http://127.0.0.1:9/jwks.json", issuer: "\(Fixtures.issuer)", audience: \(Fixtures.audience) }
                    """)
        }
        let log = CapturedLog()
        let service = TokenService(configuration: configuration, logger: log.logger(), clock: { Self.now })
        try await service.prepare()
        #expect(!service.isReady)
        #expect(log.text.contains("cannot fetch the identity provider's keys"))
        let error = await #expect(throws: ServiceError.self) {
            try await service.authenticate(authorization: "Bearer \(Self.provider.idToken(now: Self.now))")
        }
        #expect(error?.status == 503)
        #expect(error?.code == .unavailable)
    }
}

/// The state of the test's JWKS endpoint.
final class KeySetServer: Sendable {
    let fetches = Atomic<Int>(0)
    let rotated = Atomic<Bool>(false)
}
