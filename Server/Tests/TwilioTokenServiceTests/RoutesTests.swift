import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Prometheus
import Testing
import TwilioJWT

@testable import TwilioHummingbird
@testable import TwilioTokenService

/// The HTTP routes, in process (HummingbirdTesting's router client), and over a real socket where the client address
/// matters.
@Suite("HTTP routes")
struct RoutesTests {
    static let now = 1_800_000_000

    static func harness(_ adapter: Adapter = .hummingbird, edit: @escaping (String) -> String = { $0 }) async throws
        -> AdapterHarness
    {
        AdapterHarness(adapter, configuration: try await Fixtures.bearerConfiguration(edit: edit), clock: { Self.now })
    }

    static let bearer: HTTPFields = [.authorization: "Bearer \(Fixtures.bearerKey)", .contentType: "application/json"]

    static func json(_ response: Reply) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any] ?? [:]
    }

    static func errorCode(_ response: Reply) throws -> String? {
        (try Self.json(response)["error"] as? [String: Any])?["code"] as? String
    }

    @Test(
        "POST /v1/token answers the token, identity, profile, expiry, TTL and server time, never cached",
        arguments: Adapter.allCases)
    func token(_ adapter: Adapter) async throws {
        let harness = try await Self.harness(adapter)
        try await harness.test { client in
            try await client.execute(
                uri: "/v1/token", method: .post, headers: Self.bearer,
                body: ByteBuffer(string: #"{"profile":"video","identity":"alice","room":"standup-daily"}"#)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                let body = try Self.json(response)
                #expect(Set(body.keys) == ["token", "identity", "profile", "expiresAt", "ttl", "serverTime"])
                #expect(body["identity"] as? String == "alice")
                #expect(body["profile"] as? String == "video")
                #expect(body["expiresAt"] as? Int == Self.now + 600)
                #expect(body["ttl"] as? Int == 600)
                #expect(body["serverTime"] as? Int == Self.now)
                let key = try APIKey(
                    sid: Fixtures.keySID, secret: Secret(Fixtures.canarySecret), accountSID: Fixtures.accountSID)
                let verified = try TokenVerifier(apiKeys: [key]).verify(
                    try #require(body["token"] as? String), as: AccessTokenClaims.self, at: Self.now)
                #expect(verified.claims.grants.video == VideoGrant(room: "standup-daily"))
            }
        }
    }

    /// Requests that must be refused: method, path, headers, body, and the status and code expected.
    struct Refused: Sendable, CustomTestStringConvertible {
        let name: String
        let method: HTTPRequest.Method
        let uri: String
        let headers: HTTPFields
        let body: String?
        let status: HTTPResponse.Status
        let code: String
        var testDescription: String { self.name }
    }

    static let refused: [Refused] = [
        Refused(
            name: "no credentials", method: .post, uri: "/v1/token", headers: [.contentType: "application/json"],
            body: #"{"profile":"voice"}"#, status: .unauthorized, code: "missing_credentials"),
        Refused(
            name: "wrong key", method: .post, uri: "/v1/token",
            headers: [.authorization: "Bearer nope", .contentType: "application/json"], body: #"{"profile":"voice"}"#,
            status: .unauthorized, code: "invalid_credentials"),
        Refused(
            name: "malformed JSON", method: .post, uri: "/v1/token", headers: bearer, body: #"{"profile":"voice""#,
            status: .badRequest, code: "invalid_request"),
        Refused(
            name: "duplicate member", method: .post, uri: "/v1/token", headers: bearer,
            body: #"{"profile":"voice","profile":"video"}"#, status: .badRequest, code: "invalid_request"),
        Refused(
            name: "unknown member", method: .post, uri: "/v1/token", headers: bearer,
            body: #"{"profile":"voice","identity":"alice","ttl":86400}"#, status: .badRequest, code: "invalid_request"),
        Refused(
            name: "profile of the wrong type", method: .post, uri: "/v1/token", headers: bearer,
            body: #"{"profile":1}"#, status: .badRequest, code: "invalid_request"),
        Refused(
            name: "no profile", method: .post, uri: "/v1/token", headers: bearer, body: #"{"identity":"alice"}"#,
            status: .badRequest, code: "invalid_request"),
        Refused(
            name: "an array body", method: .post, uri: "/v1/token", headers: bearer, body: #"["voice"]"#,
            status: .badRequest, code: "invalid_request"),
        Refused(
            name: "not JSON", method: .post, uri: "/v1/token",
            headers: [.authorization: "Bearer \(Fixtures.bearerKey)", .contentType: "text/plain"],
            body: "profile=voice", status: .unsupportedMediaType, code: "unsupported_media_type"),
        Refused(
            name: "a body over 4 KiB", method: .post, uri: "/v1/token", headers: bearer,
            body: #"{"profile":"voice","identity":""# + String(repeating: "a", count: 5000) + #""}"#,
            status: .contentTooLarge, code: "body_too_large"),
        Refused(
            name: "another identity", method: .post, uri: "/v1/token", headers: bearer,
            body: #"{"profile":"voice","identity":"mallory"}"#, status: .forbidden, code: "identity_not_allowed"),
        Refused(
            name: "another profile", method: .post, uri: "/v1/token", headers: bearer,
            body: #"{"profile":"chat","identity":"alice"}"#, status: .forbidden, code: "profile_not_allowed"),
        Refused(
            name: "GET on the token route", method: .get, uri: "/v1/token", headers: bearer, body: nil,
            status: .methodNotAllowed, code: "method_not_allowed"),
        Refused(
            name: "DELETE on /token", method: .delete, uri: "/token", headers: bearer, body: nil,
            status: .methodNotAllowed, code: "method_not_allowed"),
        Refused(
            name: "an identity given twice", method: .get, uri: "/token?identity=alice&identity=bob", headers: bearer,
            body: nil, status: .badRequest, code: "invalid_request"),
        Refused(
            name: "video-app-react with an unknown member", method: .post, uri: "/token", headers: bearer,
            body: #"{"user_identity":"alice","room_name":"standup-a","passcode":"123456"}"#, status: .badRequest,
            code: "invalid_request"),
        Refused(
            name: "video-app-react with a room the pattern refuses", method: .post, uri: "/token", headers: bearer,
            body: #"{"user_identity":"alice","room_name":"board"}"#, status: .forbidden, code: "room_not_allowed"),
    ]

    @Test(
        "refusals have their status, a JSON error with a stable code, and no-store", arguments: Adapter.allCases,
        Self.refused)
    func refuses(_ adapter: Adapter, _ refused: Refused) async throws {
        let harness = try await Self.harness(adapter)
        try await harness.test { client in
            try await client.execute(
                uri: refused.uri, method: refused.method, headers: refused.headers,
                body: refused.body.map { ByteBuffer(string: $0) }
            ) { response in
                #expect(response.status == refused.status)
                let actual = try Self.errorCode(response)
                #expect(actual == refused.code)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                #expect(response.headers[.cacheControl] == "no-store")
                if refused.status == .unauthorized {
                    #expect(
                        response.headers[.wwwAuthenticate]?.hasPrefix(#"Bearer realm="twilio-token-server""#) == true)
                }
                if refused.status == .methodNotAllowed {
                    #expect(response.headers[.allow] != nil)
                }
                let text = String(buffer: response.body) + "\(response.headers)"
                #expect(Canary.leaks(of: Fixtures.canarySecret, in: text).isEmpty)
                #expect(!text.contains(Fixtures.bearerKey))
            }
        }
        #expect(Canary.leaks(of: Fixtures.canarySecret, in: harness.log.text).isEmpty)
        #expect(!harness.log.text.contains(Fixtures.bearerKey))
    }

    @Test("the quickstart routes answer in the shapes their clients parse", arguments: Adapter.allCases)
    func compatibilityRoutes(_ adapter: Adapter) async throws {
        let harness = try await Self.harness(adapter)
        try await harness.test { client in
            // Voice iOS/Android quickstarts: GET /accessToken?identity=alice → the raw token as text.
            try await client.execute(
                uri: "/accessToken?identity=alice", method: .get,
                headers: [.authorization: "Bearer \(Fixtures.bearerKey)"]
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
                let token = String(buffer: response.body)
                #expect(token.split(separator: ".").count == 3)
                let actual = try UnverifiedToken(decoding: token).payload["grants"]?.objectValue?["identity"]?
                    .stringValue
                #expect(actual == "alice")
            }
            // …and POST with a form body.
            try await client.execute(
                uri: "/accessToken", method: .post,
                headers: [
                    .authorization: "Bearer \(Fixtures.bearerKey)", .contentType: "application/x-www-form-urlencoded",
                ],
                body: ByteBuffer(string: "identity=bob")
            ) { response in
                #expect(response.status == .ok)
                let actual = try UnverifiedToken(decoding: String(buffer: response.body)).payload["grants"]?
                    .objectValue?["identity"]?.stringValue
                #expect(actual == "bob")
            }
            // Voice JavaScript SDK quickstart: GET /token → {"identity", "token"}.
            try await client.execute(
                uri: "/token?identity=bob", method: .get, headers: [.authorization: "Bearer \(Fixtures.bearerKey)"]
            ) { response in
                #expect(response.status == .ok)
                let body = try Self.json(response)
                #expect(Set(body.keys) == ["identity", "token"])
                #expect(body["identity"] as? String == "bob")
            }
            // twilio-video-app-react: POST /token {"user_identity", "room_name", "create_conversation"} → {"token"}.
            try await client.execute(
                uri: "/token", method: .post, headers: Self.bearer,
                body: ByteBuffer(
                    string:
                        #"{"user_identity":"alice","room_name":"standup-x","create_room":true,"create_conversation":false}"#
                )
            ) { response in
                #expect(response.status == .ok)
                let body = try Self.json(response)
                #expect(Set(body.keys) == ["token"])
                let payload = try UnverifiedToken(decoding: try #require(body["token"] as? String)).payload
                #expect(payload["grants"]?.objectValue?["video"]?.objectValue?["room"]?.stringValue == "standup-x")
                #expect(payload["exp"]?.intValue == Self.now + 600)
            }
        }
    }

    @Test("a compatibility route with no profile assigned is 404", arguments: Adapter.allCases)
    func unassignedRoute(_ adapter: Adapter) async throws {
        let harness = try await Self.harness(adapter) { $0.replacingOccurrences(of: "  token_post: video\n", with: "") }
        try await harness.test { client in
            try await client.execute(uri: "/token", method: .post, headers: Self.bearer, body: ByteBuffer(string: "{}"))
            { response in
                #expect(response.status == .notFound)
                let actual = try Self.errorCode(response)
                #expect(actual == "not_found")
            }
        }
    }

    @Test(
        "CORS: an allowed origin is echoed, with Vary; another gets no CORS header; preflights likewise",
        arguments: Adapter.allCases)
    func cors(_ adapter: Adapter) async throws {
        let harness = try await Self.harness(adapter)
        try await harness.test { client in
            for (origin, allowed) in [
                ("https://app.example.com", true), ("https://evil.example.com", false), ("null", false),
            ] {
                var headers = Self.bearer
                headers[.origin] = origin
                try await client.execute(
                    uri: "/v1/token", method: .post, headers: headers,
                    body: ByteBuffer(string: #"{"profile":"voice","identity":"alice"}"#)
                ) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.accessControlAllowOrigin] == (allowed ? origin : nil))
                    #expect(response.headers[.accessControlAllowCredentials] == nil)
                    #expect(response.headers[values: .vary].contains("Origin"))
                }
                try await client.execute(
                    uri: "/v1/token", method: .options,
                    headers: [
                        .origin: origin, .accessControlRequestMethod: "POST",
                        .accessControlRequestHeaders: "authorization, content-type",
                    ]
                ) { response in
                    #expect(response.status == (allowed ? .noContent : .forbidden))
                    #expect(response.headers[.accessControlAllowOrigin] == (allowed ? origin : nil))
                    #expect(
                        response.headers[.accessControlAllowHeaders] == (allowed ? "Authorization, Content-Type" : nil))
                    #expect(response.headers[.accessControlAllowMethods] == (allowed ? "GET, POST, OPTIONS" : nil))
                }
            }
            // An error response to an allowed origin carries the CORS header too, so the page can read the error.
            try await client.execute(
                uri: "/v1/token", method: .post,
                headers: [.origin: "https://app.example.com", .contentType: "application/json"],
                body: ByteBuffer(string: #"{"profile":"voice"}"#)
            ) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.accessControlAllowOrigin] == "https://app.example.com")
            }
        }
    }

    @Test("health and readiness answer booleans and the active key's last four characters only")
    func health() async throws {
        let harness = try await Self.harness()
        try await harness.test { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
            }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(
                    String(buffer: response.body) == #"{"ready":true,"configurationLoaded":true,"activeKey":"…bbbb"}"#)
            }
        }
    }

    @Test("metrics count tokens by profile and refusals by cause, never an identity or a secret")
    func metrics() async throws {
        let harness = try await Self.harness()
        try await harness.test { client in
            try await client.execute(
                uri: "/v1/token", method: .post, headers: Self.bearer,
                body: ByteBuffer(string: #"{"profile":"voice","identity":"alice"}"#))
            try await client.execute(
                uri: "/v1/token", method: .post,
                headers: [.authorization: "Bearer wrong", .contentType: "application/json"],
                body: ByteBuffer(string: #"{"profile":"voice"}"#))
            try await client.execute(
                uri: "/v1/token", method: .post, headers: Self.bearer,
                body: ByteBuffer(string: #"{"profile":"chat","identity":"alice"}"#))
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                let text = String(buffer: response.body)
                #expect(text.contains(#"twilio_tokens_minted_total{profile="voice"} 1"#))
                #expect(text.contains(#"twilio_token_auth_failures_total{cause="unknown_key"} 1"#))
                #expect(text.contains(#"twilio_token_requests_refused_total{code="profile_not_allowed"} 1"#))
                #expect(!text.contains("alice"))
                #expect(Canary.leaks(of: Fixtures.canarySecret, in: text).isEmpty)
                #expect(!text.contains(Fixtures.bearerKey))
            }
        }
    }

    @Test("the access log has one line per request, without query, headers, or the token")
    func accessLog() async throws {
        let harness = try await Self.harness()
        let token = try await harness.test { client in
            try await client.execute(
                uri: "/token?identity=alice", method: .get, headers: [.authorization: "Bearer \(Fixtures.bearerKey)"]
            ) {
                try Self.json($0)["token"] as? String ?? ""
            }
        }
        let lines = harness.log.all.filter { $0.contains(" request ") }
        #expect(lines.count == 1, "\(lines)")
        #expect(lines.first?.contains("path=/token ") == true)
        #expect(lines.first?.contains("status=200") == true)
        #expect(lines.first?.contains("identity=alice") == false)
        #expect(!token.isEmpty)
        #expect(!harness.log.text.contains(token))
        #expect(!harness.log.text.contains(Fixtures.bearerKey))
        #expect(Canary.leaks(of: Fixtures.canarySecret, in: harness.log.text).isEmpty)
    }

    @Test(
        "the per-IP limit counts requests from one address, authenticated or not, over a real socket",
        arguments: Adapter.allCases)
    func perIPLimit(_ adapter: Adapter) async throws {
        let harness = try await Self.harness(adapter) {
            $0 + "\nrate_limit: { per_principal_per_minute: 100, per_ip_per_minute: 2 }"
        }
        try await harness.test(live: true) { client in
            for _ in 0..<2 {
                try await client.execute(
                    uri: "/v1/token", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: "{}")
                ) {
                    #expect($0.status == .unauthorized)
                }
            }
            try await client.execute(
                uri: "/v1/token", method: .post, headers: Self.bearer,
                body: ByteBuffer(string: #"{"profile":"voice","identity":"alice"}"#)
            ) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter] == "30")
                let actual = try Self.errorCode(response)
                #expect(actual == "rate_limited")
            }
        }
    }

    @Test("behind a trusted proxy the per-IP limit counts the address in X-Forwarded-For", arguments: Adapter.allCases)
    func perIPBehindProxy(_ adapter: Adapter) async throws {
        let harness = try await Self.harness(adapter) {
            $0.replacingOccurrences(of: "  port: 0", with: "  port: 0\n  trusted_proxies: [127.0.0.1]")
                + "\nrate_limit: { per_principal_per_minute: 100, per_ip_per_minute: 1 }"
        }
        try await harness.test(live: true) { client in
            for (address, status) in [
                ("198.51.100.7", HTTPResponse.Status.ok), ("198.51.100.8", .ok), ("198.51.100.7", .tooManyRequests),
            ] {
                var headers = Self.bearer
                headers[.xForwardedFor] = address
                try await client.execute(
                    uri: "/v1/token", method: .post, headers: headers,
                    body: ByteBuffer(string: #"{"profile":"voice","identity":"alice"}"#)
                ) { #expect($0.status == status, "\(address)") }
            }
        }
    }

    @Test("the mounting docs/server.md shows serves tokens")
    func documentedMounting() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let secret = try Fixtures.write(Fixtures.canarySecret, "api.secret", in: directory)
        let path = try Fixtures.write(Fixtures.bearerConfig(secretPath: secret), "server.yaml", in: directory)
        let logger = Logger(label: "app")
        let registry = PrometheusCollectorRegistry()

        let configuration = try await ConfigurationLoader(filePath: path).load()
        let service = TokenService(configuration: configuration, logger: logger)
        try await service.prepare()
        let router = Router(context: TokenServiceRequestContext.self, options: .autoGenerateHeadEndpoints)
        TokenServiceRoutes(service: service, metrics: registry).register(on: router)

        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/healthz", method: .head) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/v1/token", method: .post, headers: Self.bearer,
                body: ByteBuffer(string: #"{"profile":"voice","identity":"alice"}"#)
            ) { #expect($0.status == .ok) }
        }
    }
}
