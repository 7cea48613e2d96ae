import Foundation
import Testing
import TwilioJWT

@testable import TwilioTokenService

/// The framework-neutral service: authentication, identity binding, profiles, Twilio's identity rules, and what it
/// mints, checked with the library's verifier.
@Suite("Token service")
struct TokenServiceTests {
    static let now = 1_800_000_000

    static func service(log: CapturedLog = CapturedLog(), edit: @escaping (String) -> String = { $0 }) async throws
        -> TokenService
    {
        let configuration = try await Fixtures.bearerConfiguration(edit: edit)
        return TokenService(configuration: configuration, logger: log.logger(), clock: { Self.now })
    }

    static func verified(_ issued: IssuedToken) throws -> Verified<AccessTokenClaims> {
        let key = try APIKey(
            sid: Fixtures.keySID, secret: Secret(Fixtures.canarySecret), accountSID: Fixtures.accountSID)
        let verifier = try TokenVerifier(apiKeys: [key])
        return try verifier.verify(issued.token, as: AccessTokenClaims.self, at: Self.now + 1)
    }

    @Test("a bearer key authenticates its principal, with the identities and profiles bound to it")
    func bearerAuthentication() async throws {
        let service = try await Self.service()
        let principal = try await service.authenticate(authorization: "Bearer \(Fixtures.bearerKey)")
        #expect(principal.kind == .bearer)
        #expect(principal.name == "backend")
        #expect(principal.allowedIdentities == ["alice", "bob"])
        #expect(principal.allowedProfiles == ["video", "voice"])
        // The scheme is case-insensitive (RFC 9110 §11.1).
        #expect(try await service.authenticate(authorization: "bearer \(Fixtures.bearerKey)").name == "backend")
    }

    /// Credentials that must not authenticate, and the error the caller sees.
    static let refusedCredentials: [(String?, ServiceError.Code)] = [
        (nil, .missingCredentials),
        ("", .missingCredentials),
        ("Basic YWxpY2U6cGFzc3dvcmQ=", .missingCredentials),
        ("Bearer", .missingCredentials),
        ("Bearer ", .missingCredentials),
        ("Bearer \(Fixtures.bearerKey) extra", .missingCredentials),
        ("Bearer \(Fixtures.bearerKey)x", .invalidCredentials),
        ("Bearer \(Fixtures.bearerKeyHash)", .invalidCredentials),
        ("Bearer \(String(repeating: "k", count: 600))", .invalidCredentials),
    ]

    @Test("a missing or wrong bearer key is refused with 401", arguments: Self.refusedCredentials)
    func refusesCredentials(_ authorization: String?, _ code: ServiceError.Code) async throws {
        let service = try await Self.service()
        let error = await #expect(throws: ServiceError.self) {
            try await service.authenticate(authorization: authorization)
        }
        #expect(error?.status == 401)
        #expect(error?.code == code)
    }

    @Test("a token for an allowed identity and profile verifies, with the profile's grants and TTL")
    func mintsVideoToken() async throws {
        let log = CapturedLog()
        let service = try await Self.service(log: log)
        let principal = try await service.authenticate(authorization: "Bearer \(Fixtures.bearerKey)")
        let issued = try service.issue(
            TokenRequest(profile: "video", identity: "bob", room: "standup-daily"), for: principal)
        #expect(issued.identity == "bob")
        #expect(issued.issuedAt == Self.now)
        #expect(issued.expiresAt == Self.now + 600)
        #expect(issued.keySID == Fixtures.keySID)
        #expect(issued.tokenID.hasPrefix("\(Fixtures.keySID)-"))
        #expect(issued.tokenID.count == Fixtures.keySID.count + 33)

        let verified = try Self.verified(issued)
        #expect(verified.claims.identity == "bob")
        #expect(verified.claims.grants.video == VideoGrant(room: "standup-daily"))
        #expect(verified.claims.grants.voice == nil)
        #expect(verified.claims.expiresAt == Self.now + 600)
        #expect(verified.payload["jti"]?.stringValue == issued.tokenID)

        // One audit line with the jti, identity, principal, profile, key SID and expiry; never the token.
        let audit = log.all.filter { $0.contains("token minted") }
        #expect(audit.count == 1)
        #expect(audit.first?.contains("jti=\(issued.tokenID)") == true)
        #expect(audit.first?.contains("identity=bob") == true)
        #expect(audit.first?.contains("principal=backend") == true)
        #expect(audit.first?.contains("profile=video") == true)
        #expect(audit.first?.contains("key_sid=\(Fixtures.keySID)") == true)
        #expect(audit.first?.contains("exp=\(Self.now + 600)") == true)
        #expect(!log.text.contains(issued.token))
        #expect(!log.text.contains(String(issued.token.split(separator: ".")[2])))
        #expect(Canary.leaks(of: Fixtures.canarySecret, in: log.text).isEmpty)
        #expect(!String(describing: issued).contains(issued.token))
        #expect(!String(reflecting: issued).contains(issued.token))
    }

    @Test("the voice profile's grant carries the configured TwiML App and incoming calls")
    func mintsVoiceToken() async throws {
        let service = try await Self.service()
        let principal = try await service.authenticate(authorization: "Bearer \(Fixtures.bearerKey)")
        let issued = try service.issue(TokenRequest(profile: "voice", identity: "alice"), for: principal)
        let verified = try Self.verified(issued)
        #expect(
            verified.claims.grants.voice
                == VoiceGrant(incomingAllowed: true, outgoing: .init(applicationSID: Fixtures.applicationSID)))
        #expect(verified.claims.expiresAt == Self.now + 3600)
    }

    /// Requests the policy refuses: the request, the status and the code.
    static let refusedRequests: [(TokenRequest, Int, ServiceError.Code)] = [
        (TokenRequest(profile: "video", identity: "mallory", room: "standup-a"), 403, .identityNotAllowed),
        (TokenRequest(profile: "chat", identity: "alice"), 403, .profileNotAllowed),
        (TokenRequest(profile: "fax", identity: "alice"), 400, .unknownProfile),
        (TokenRequest(profile: "video", room: "standup-a"), 400, .identityRequired),
        (TokenRequest(profile: "video", identity: "alice"), 400, .roomRequired),
        (TokenRequest(profile: "video", identity: "alice", room: "board-meeting"), 403, .roomNotAllowed),
        (TokenRequest(profile: "video", identity: "alice", room: "standup-a\nb"), 403, .roomNotAllowed),
        (TokenRequest(profile: "voice", identity: "alice", room: "standup-a"), 400, .invalidRequest),
        (TokenRequest(profile: "video", identity: "", room: "standup-a"), 400, .invalidRequest),
    ]

    @Test("the policy refuses what the principal and profile do not allow", arguments: Self.refusedRequests)
    func refusesRequests(_ request: TokenRequest, _ status: Int, _ code: ServiceError.Code) async throws {
        let service = try await Self.service()
        let principal = try await service.authenticate(authorization: "Bearer \(Fixtures.bearerKey)")
        let error = #expect(throws: ServiceError.self) { try service.issue(request, for: principal) }
        #expect(error?.status == status, "\(String(describing: error))")
        #expect(error?.code == code, "\(String(describing: error))")
    }

    @Test("a principal with one identity gets it without naming it")
    func singleIdentity() async throws {
        let service = try await Self.service()
        let principal = try await service.authenticate(authorization: "Bearer single-principal-key-0123456789ab")
        let issued = try service.issue(TokenRequest(profile: "chat"), for: principal)
        #expect(issued.identity == "carol")
        #expect(try Self.verified(issued).claims.grants.chat == ChatGrant(serviceSID: Fixtures.serviceSID))
    }

    @Test("an identity bound by the credential cannot be changed by the request")
    func boundIdentity() async throws {
        let service = try await Self.service()
        let alice = Principal(kind: .jwt, name: "jwt:alice", boundIdentity: "alice")
        #expect(try service.issue(TokenRequest(profile: "voice"), for: alice).identity == "alice")
        #expect(try service.issue(TokenRequest(profile: "voice", identity: "alice"), for: alice).identity == "alice")
        let error = #expect(throws: ServiceError.self) {
            try service.issue(TokenRequest(profile: "voice", identity: "bob"), for: alice)
        }
        #expect(error?.status == 403)
        #expect(error?.code == .identityNotAllowed)
    }

    @Test("an identity Twilio's products reject is refused with the rule, not minted")
    func identityRules() async throws {
        let service = try await Self.service()
        // Voice identities are at most 121 characters of A-Z, a-z, 0-9 and _ (Voice SDK error 31105); the library's
        // diagnostics name the rule.
        let long = Principal(kind: .jwt, name: "jwt:long", boundIdentity: String(repeating: "a", count: 200))
        let error = #expect(throws: ServiceError.self) { try service.issue(TokenRequest(profile: "voice"), for: long) }
        #expect(error?.status == 400)
        #expect(error?.code == .identityRejected)
        #expect(error?.message.contains("grants.identity") == true, "\(String(describing: error))")
    }

    @Test("with auth none the request chooses the identity, or gets a random guest one")
    func anonymous() async throws {
        let service = try await Self.service {
            withoutBearer($0).replacingOccurrences(of: "mode: bearer", with: "mode: none")
        }
        let principal = try await service.authenticate(authorization: nil)
        #expect(principal == .anonymous)
        #expect(try service.issue(TokenRequest(profile: "voice", identity: "zoe"), for: principal).identity == "zoe")
        let guest = try service.issue(TokenRequest(profile: "voice"), for: principal).identity
        #expect(guest.hasPrefix("guest_") && guest.count == 18, "\(guest)")
    }

    @Test("the per-principal limit refuses the request after the burst with Retry-After, and refills")
    func principalRateLimit() async throws {
        let service = try await Self.service {
            $0 + "\nrate_limit: { per_principal_per_minute: 3, per_ip_per_minute: 0 }"
        }
        let principal = try await service.authenticate(authorization: "Bearer \(Fixtures.bearerKey)")
        for _ in 0..<3 {
            _ = try service.issue(TokenRequest(profile: "voice", identity: "alice"), for: principal)
        }
        let error = #expect(throws: ServiceError.self) {
            try service.issue(TokenRequest(profile: "voice", identity: "alice"), for: principal)
        }
        #expect(error?.status == 429)
        #expect(error?.code == .rateLimited)
        #expect(error?.retryAfter == 20)
        // Another principal has its own bucket.
        let other = try await service.authenticate(authorization: "Bearer single-principal-key-0123456789ab")
        _ = try service.issue(TokenRequest(profile: "chat"), for: other)
    }

    @Test("reloading switches the signing key without touching requests that hold the old configuration")
    func reloadRotatesKeys() async throws {
        let service = try await Self.service()
        let principal = try await service.authenticate(authorization: "Bearer \(Fixtures.bearerKey)")
        let before = try service.issue(TokenRequest(profile: "voice", identity: "alice"), for: principal)
        #expect(before.keySID == Fixtures.keySID)

        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try Fixtures.write(Fixtures.canarySecret, "first.secret", in: directory)
        let second = try Fixtures.write(Fixtures.secondSecret, "second.secret", in: directory)
        let rotated = Fixtures.bearerConfig(secretPath: first)
            .replacingOccurrences(
                of: "active_api_key: \(Fixtures.keySID)", with: "active_api_key: \(Fixtures.secondKeySID)"
            )
            .replacingOccurrences(
                of: "    \(Fixtures.keySID): { secret_file: \(first) }",
                with:
                    "    \(Fixtures.keySID): { secret_file: \(first) }\n    \(Fixtures.secondKeySID): { secret_file: \(second) }"
            )
        let path = try Fixtures.write(rotated, "server.yaml", in: directory)
        try await service.reload(try await ConfigurationLoader(filePath: path, environment: [:]).load())

        let after = try service.issue(TokenRequest(profile: "voice", identity: "alice"), for: principal)
        #expect(after.keySID == Fixtures.secondKeySID)
        let key = try APIKey(
            sid: Fixtures.secondKeySID, secret: Secret(Fixtures.secondSecret), accountSID: Fixtures.accountSID)
        let verified = try TokenVerifier(apiKeys: [key]).verify(
            after.token, as: AccessTokenClaims.self, at: Self.now + 1)
        #expect(verified.keyID.sid == Fixtures.secondKeySID)
    }
}
