import Foundation
import Testing
import TwilioJWT

@testable import TwilioTokenService

/// The config contract: what loads, and every way a config is refused, with the key each refusal names.
@Suite("Configuration")
struct ConfigurationTests {
    @Test("a complete bearer config loads with the values it states and the defaults it leaves out")
    func loadsBearerConfig() async throws {
        let configuration = try await Fixtures.bearerConfiguration()
        #expect(configuration.server.host == "127.0.0.1")
        #expect(configuration.server.port == 0)
        #expect(configuration.server.maximumBodyBytes == 4096)
        #expect(configuration.server.idleTimeout == .seconds(30))
        #expect(configuration.twilio.accountSID == Fixtures.accountSID)
        #expect(configuration.twilio.activeKeySID == Fixtures.keySID)
        #expect(configuration.rateLimit == RateLimitSettings(perPrincipalPerMinute: 60, perIPPerMinute: 120))
        #expect(configuration.cors.allowedOrigins == ["https://app.example.com"])
        #expect(configuration.profiles.keys.sorted() == ["chat", "video", "voice"])
        #expect(configuration.profiles["video"]?.ttl == 600)
        #expect(configuration.profiles["voice"]?.ttl == 3600)
        #expect(configuration.profiles["video"]?.video?.roomPattern?.source == "standup-[a-z]+")
        #expect(configuration.profiles["voice"]?.voice?.outgoingApplicationSID == Fixtures.applicationSID)
        #expect(
            configuration.compatibility
                == CompatibilityRoutes(accessToken: "voice", tokenGet: "voice", tokenPost: "video"))
        guard case .bearer(let principals) = configuration.auth else {
            Issue.record("auth is not bearer")
            return
        }
        #expect(principals.map(\.name).sorted() == ["backend", "single"])
        #expect(principals.first { $0.name == "backend" }?.identities == ["alice", "bob"])
    }

    @Test("the same config written as JSON loads the same")
    func loadsJSON() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let secret = try Fixtures.write(Fixtures.canarySecret, "api.secret", in: directory)
        let json = """
            {"server": {"host": "127.0.0.1", "port": 9000},
             "twilio": {"account_sid": "\(Fixtures.accountSID)",
                        "api_keys": {"\(Fixtures.keySID)": {"secret_file": "\(secret)"}}},
             "auth": {"mode": "none"},
             "profiles": {"voice": {"ttl": 900, "grants": {"voice": {"incoming": true}}}}}
            """
        let path = try Fixtures.write(json, "server.json", in: directory)
        let configuration = try await ConfigurationLoader(filePath: path, environment: [:]).load()
        #expect(configuration.server.port == 9000)
        #expect(configuration.twilio.activeKeySID == Fixtures.keySID)
        #expect(configuration.profiles["voice"]?.ttl == 900)
        #expect(configuration.profiles["voice"]?.voice?.incoming == true)
        guard case .none = configuration.auth else {
            Issue.record("auth is not none")
            return
        }
    }

    @Test("the account and one key come from the environment when the file leaves them out, quickstart names included")
    func environmentCredentials() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = try Fixtures.write(
            """
            auth: { mode: none }
            profiles: { voice: { grants: { voice: { incoming: true } } } }
            """,
            "server.yaml", in: directory)
        for environment in [
            [
                "TWILIO_ACCOUNT_SID": Fixtures.accountSID, "TWILIO_API_KEY": Fixtures.keySID,
                "TWILIO_API_SECRET": Fixtures.canarySecret,
            ],
            ["ACCOUNT_SID": Fixtures.accountSID, "API_KEY": Fixtures.keySID, "API_KEY_SECRET": Fixtures.canarySecret],
            [
                "TWILIO_ACCOUNT_SID": Fixtures.accountSID, "TWILIO_API_KEY_SID": Fixtures.keySID,
                "TWILIO_API_KEY_SECRET": Fixtures.canarySecret,
            ],
        ] {
            let configuration = try await ConfigurationLoader(filePath: config, environment: environment).load()
            #expect(configuration.twilio.accountSID == Fixtures.accountSID)
            #expect(configuration.twilio.activeKeySID == Fixtures.keySID)
        }
        // A .env-style file supplies what the environment does not.
        let dotenv = try Fixtures.write(
            "TWILIO_ACCOUNT_SID=\(Fixtures.accountSID)\nTWILIO_API_KEY=\(Fixtures.keySID)\nTWILIO_API_SECRET=\(Fixtures.canarySecret)\n",
            ".env", in: directory)
        let configuration = try await ConfigurationLoader(filePath: config, environment: [:], environmentFile: dotenv)
            .load()
        #expect(configuration.twilio.activeKeySID == Fixtures.keySID)
    }

    @Test("--host and --port override the file")
    func overrides() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let secret = try Fixtures.write(Fixtures.canarySecret, "api.secret", in: directory)
        let config = try Fixtures.write(Fixtures.bearerConfig(secretPath: secret), "server.yaml", in: directory)
        let configuration = try await ConfigurationLoader(
            filePath: config, environment: [:], host: "0.0.0.0", port: 8443
        ).load()
        #expect(configuration.server.host == "0.0.0.0")
        #expect(configuration.server.port == 8443)
    }

    /// A config that must be refused: how to change the valid bearer config, the key the error names, and a phrase of
    /// its message.
    struct Refusal: Sendable, CustomTestStringConvertible {
        let name: String
        let edit: @Sendable (String) -> String
        let key: String
        let message: String
        var testDescription: String { self.name }

        init(_ name: String, key: String, _ message: String, _ edit: @escaping @Sendable (String) -> String) {
            self.name = name
            self.edit = edit
            self.key = key
            self.message = message
        }

        init(_ name: String, key: String, _ message: String, replacing old: String, with new: String) {
            self.init(name, key: key, message) { $0.replacingOccurrences(of: old, with: new) }
        }

        init(_ name: String, key: String, _ message: String, appending extra: String) {
            self.init(name, key: key, message) { $0 + "\n" + extra }
        }
    }

    // The rules come from the issue's config contract and Twilio's (SIDs, the 24-hour TTL cap); each message is what the
    // server prints before exiting 78.
    static let refusals: [Refusal] = [
        Refusal(
            "a typo at the top level", key: "profile", "unknown key; the top level takes", appending: "profile: {}"),
        Refusal(
            "a typo in a section", key: "server.prot", "unknown key; `server` takes", replacing: "  port: 0",
            with: "  prot: 0"),
        Refusal(
            "a grant that does not exist", key: "profiles.voice.grants.fax",
            "unknown key; `profiles.voice.grants` takes",
            replacing: "      voice: { incoming: true,", with: "      fax: {}\n      voice: { incoming: true,"),
        Refusal(
            "a malformed account SID", key: "twilio.account_sid", "AC", replacing: Fixtures.accountSID, with: "AC123"),
        Refusal(
            "a malformed API key SID", key: "twilio.api_keys.SK123", "SK",
            replacing: "    \(Fixtures.keySID): {", with: "    SK123: {"),
        Refusal(
            "an active key that is not configured", key: "twilio.active_api_key", "is not one of",
            replacing: "active_api_key: \(Fixtures.keySID)", with: "active_api_key: \(Fixtures.secondKeySID)"),
        Refusal("auth none on all interfaces", key: "auth.mode", "only on a loopback address") {
            withoutBearer($0).replacingOccurrences(of: "  host: 127.0.0.1", with: "  host: 0.0.0.0")
                .replacingOccurrences(of: "  mode: bearer", with: "  mode: none")
        },
        Refusal(
            "an unknown auth mode", key: "auth.mode", "must be jwt, bearer or none", replacing: "mode: bearer",
            with: "mode: basic"),
        Refusal(
            "a bearer section under another mode", key: "auth.bearer", "auth.mode is `none`",
            replacing: "mode: bearer", with: "mode: none"),
        Refusal(
            "a key hash that is not SHA-256 hex", key: "auth.bearer.backend.key_sha256", "64 lower-case hex digits",
            replacing: "key_sha256: \(Fixtures.bearerKeyHash)", with: "key_sha256: \(Fixtures.bearerKey)"),
        Refusal(
            "a principal naming a profile that does not exist", key: "auth.bearer.backend.profiles", "`sms`",
            replacing: "profiles: [video, voice]", with: "profiles: [video, sms]"),
        Refusal(
            "a TTL over 24 hours", key: "profiles.video.ttl", "1 to 86400", replacing: "ttl: 600", with: "ttl: 86401"),
        Refusal("a TTL of zero", key: "profiles.video.ttl", "1 to 86400", replacing: "ttl: 600", with: "ttl: 0"),
        Refusal(
            "a TTL that is not a number", key: "profiles.video.ttl", "whole number", replacing: "ttl: 600",
            with: "ttl: ten"),
        Refusal(
            "a malformed TwiML App SID", key: "profiles.voice.grants.voice.outgoing_application_sid", "AP",
            replacing: Fixtures.applicationSID, with: "APxyz"),
        Refusal(
            "an invalid room pattern", key: "profiles.video.grants.video.room_pattern",
            "not a valid regular expression",
            replacing: "standup-[a-z]+", with: "standup-[a-z"),
        Refusal(
            "a compatibility route naming a missing profile", key: "compatibility.token_post", "`conference`",
            replacing: "token_post: video", with: "token_post: conference"),
        Refusal(
            "a wildcard CORS origin", key: "cors.allowed_origins", "not an origin as browsers send it",
            replacing: "\"https://app.example.com\"", with: "\"*\""),
        Refusal(
            "a CORS origin with a path", key: "cors.allowed_origins", "not an origin as browsers send it",
            replacing: "\"https://app.example.com\"", with: "\"https://app.example.com/login\""),
        Refusal(
            "a CORS origin with the default port, which browsers never send", key: "cors.allowed_origins",
            "not an origin as browsers send it", replacing: "\"https://app.example.com\"",
            with: "\"https://app.example.com:443\""),
        Refusal("a port out of range", key: "server.port", "0 to 65535", replacing: "  port: 0", with: "  port: 70000"),
        Refusal(
            "a list where a map belongs", key: "server", "must be a map",
            replacing: "server:\n  host: 127.0.0.1\n  port: 0", with: "server: [a]"),
        Refusal(
            "a profile without grants", key: "profiles.chat.grants", "at least one grant",
            replacing: "      chat: { service_sid: \(Fixtures.serviceSID) }", with: "      {}"),
        Refusal("no profiles", key: "profiles", "at least one token profile") {
            guard let start = $0.range(of: "profiles:\n  video:"), let end = $0.range(of: "compatibility:") else {
                return $0
            }
            return $0.replacingCharacters(in: start.lowerBound..<end.lowerBound, with: "")
        },
    ]

    @Test("an invalid config is refused, naming the key", arguments: Self.refusals)
    func refuses(_ refusal: Refusal) async throws {
        do {
            let configuration = try await Fixtures.bearerConfiguration(edit: refusal.edit)
            Issue.record("loaded: \(configuration.profiles.keys.sorted())")
        } catch let error as ConfigurationError {
            #expect(error.key == refusal.key, "\(error)")
            #expect(error.message.contains(refusal.message), "\(error)")
            #expect(!error.description.contains(Fixtures.canarySecret))
        }
    }

    @Test("HS256 and none are never allowed for callers' ID tokens", arguments: ["HS256", "HS512", "none"])
    func refusesSymmetricAlgorithms(_ algorithm: String) async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let jwks = try Fixtures.write(IdentityProvider.shared.jwks, "jwks.json", in: directory)
        let error = await #expect(throws: ConfigurationError.self) {
            try await Fixtures.bearerConfiguration { config in
                withoutBearer(config).replacingOccurrences(
                    of: "  mode: bearer",
                    with: """
                          mode: jwt
                          jwt: { jwks_file: \(jwks), issuer: "\(Fixtures.issuer)", audience: \(Fixtures.audience), algorithms: [RS256, \(algorithm)] }
                        """)
            }
        }
        #expect(error?.key == "auth.jwt.algorithms", "\(String(describing: error))")
        #expect(error?.message.contains("`\(algorithm)` is never allowed") == true, "\(String(describing: error))")
    }

    @Test("a secret file others can read is refused, naming the file and not its contents")
    func refusesOpenSecretFile() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let secret = try Fixtures.write(Fixtures.canarySecret, "api.secret", in: directory, mode: 0o644)
        let config = try Fixtures.write(Fixtures.bearerConfig(secretPath: secret), "server.yaml", in: directory)
        let error = await #expect(throws: ConfigurationError.self) {
            try await ConfigurationLoader(filePath: config, environment: [:]).load()
        }
        #expect(error?.key == "twilio.api_keys.\(Fixtures.keySID).secret_file")
        #expect(error?.message.contains("chmod 600 \(secret)") == true, "\(String(describing: error))")
    }

    @Test("a short secret is refused with its length, never its value")
    func refusesShortSecret() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let secret = try Fixtures.write("CANARYshort", "api.secret", in: directory)
        let config = try Fixtures.write(Fixtures.bearerConfig(secretPath: secret), "server.yaml", in: directory)
        let error = await #expect(throws: ConfigurationError.self) {
            try await ConfigurationLoader(filePath: config, environment: [:]).load()
        }
        #expect(error?.key == "twilio.api_keys.\(Fixtures.keySID).secret_file")
        #expect(error?.message.contains("11") == true, "\(String(describing: error))")
        #expect(error?.description.contains("CANARYshort") == false)
    }

    @Test("malformed YAML is refused with its position and without its text")
    func refusesMalformedYAML() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = try Fixtures.write("twilio: { account_sid: \"CANARYunterminated\n", "server.yaml", in: directory)
        let error = await #expect(throws: ConfigurationError.self) {
            try await ConfigurationLoader(filePath: config, environment: [:]).load()
        }
        #expect(error?.message.contains("not valid YAML or JSON (line") == true, "\(String(describing: error))")
        #expect(error?.description.contains("CANARY") == false)
    }

    @Test("duplicate keys are refused")
    func refusesDuplicateKeys() async throws {
        let error = await #expect(throws: ConfigurationError.self) {
            try await Fixtures.bearerConfiguration {
                $0.replacingOccurrences(of: "  port: 0", with: "  port: 0\n  port: 1")
            }
        }
        #expect(error?.message.contains("duplicate keys: port") == true, "\(String(describing: error))")
    }
}

/// The bearer config without its `auth.bearer` section.
func withoutBearer(_ config: String) -> String {
    config.split(separator: "\n", omittingEmptySubsequences: false)
        .filter { !$0.hasPrefix("  bearer:") && !$0.hasPrefix("    backend:") && !$0.hasPrefix("    single:") }
        .joined(separator: "\n")
}
