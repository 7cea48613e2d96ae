import Foundation
import Testing

@testable import TwilioTokenService

/// The example configs in Examples/ load as they are, with the credentials their comments say to provide.
@Suite("Example configs")
struct ExamplesTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Examples")

    /// Loads `name` after replacing the files it names (a JWKS, a secret file) with ones in a temporary folder.
    static func load(_ name: String, environment: [String: String]) async throws -> ServiceConfiguration {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let jwks = try Fixtures.write(IdentityProvider.shared.jwks, "jwks.json", in: directory)
        let secret = try Fixtures.write(Fixtures.canarySecret, "twilio_api_secret", in: directory)
        let text = try String(contentsOf: Self.examples.appendingPathComponent(name), encoding: .utf8)
            .replacingOccurrences(of: "jwks_file: jwks.json", with: "jwks_file: \(jwks)")
            .replacingOccurrences(of: "/run/secrets/twilio_api_secret", with: secret)
        let path = try Fixtures.write(text, name, in: directory)
        return try await ConfigurationLoader(filePath: path, environment: environment).load()
    }

    @Test("the quickstart example: auth none on loopback, every compatibility route, credentials from the environment")
    func quickstart() async throws {
        let configuration = try await Self.load(
            "server-quickstart.yaml",
            environment: [
                "TWILIO_ACCOUNT_SID": Fixtures.accountSID, "TWILIO_API_KEY": Fixtures.keySID,
                "TWILIO_API_SECRET": Fixtures.canarySecret,
            ])
        guard case .none = configuration.auth else { throw ServerProcess.Failure(description: "not auth none") }
        #expect(configuration.server.port == 3000)
        #expect(
            configuration.compatibility
                == CompatibilityRoutes(accessToken: "voice", tokenGet: "voice", tokenPost: "video"))
        #expect(configuration.profiles["video"]?.ttl == 14_400)
    }

    @Test("the bearer example: one principal bound to its identities and profile, and the Voice webhooks")
    func bearer() async throws {
        let configuration = try await Self.load(
            "server-bearer.yaml",
            environment: [
                "TWILIO_API_SECRET": Fixtures.canarySecret, "TWILIO_AUTH_TOKEN": VoiceWebhookTests.authToken,
            ])
        guard case .bearer(let principals) = configuration.auth else {
            throw ServerProcess.Failure(description: "not auth bearer")
        }
        #expect(principals.map(\.name) == ["support-desk"])
        #expect(principals.first?.identities == ["agent_7", "agent_9"])
        #expect(configuration.server.host == "0.0.0.0")
        let voice = try #require(configuration.voice)
        #expect(voice.publicBaseURL?.string == "https://voice.example.com")
        #expect(voice.allowedNumberPrefixes == ["+1"])
        #expect(voice.blockedNumberPrefixes == ["+1900", "+1976"])
        #expect(voice.validator.authTokenCount == 1)
        #expect(voice.incomingClient == "agent_7")
    }

    @Test("the jwt example: a JWKS file, pinned issuer and audience, RS256 only, one CORS origin")
    func jwt() async throws {
        let configuration = try await Self.load("server-jwt.yaml", environment: [:])
        guard case .jwt(let settings) = configuration.auth else {
            throw ServerProcess.Failure(description: "not auth jwt")
        }
        #expect(settings.issuer == "https://YOUR_TENANT.us.auth0.com/")
        #expect(settings.algorithms == [.rs256])
        #expect(configuration.cors.allowedOrigins == ["https://app.example.com"])
        #expect(configuration.profiles["video"]?.video?.roomPattern?.matches("team-design") == true)
    }
}
