import Foundation
import JWT
import Testing
import TwilioVapor
import VaporTesting

@testable import VaporApp

/// The example app as its README describes it, in process.
@Suite("Example Vapor app")
struct VaporAppTests {
    static let loginSecret = "example-login-secret-0123456789abcdef"
    static let authToken = "0123456789abcdef0123456789abcdef"
    static let environment = [
        "APP_LOGIN_SECRET": loginSecret,
        "TWILIO_ACCOUNT_SID": "AC" + String(repeating: "a", count: 32),
        "TWILIO_API_KEY": "SK" + String(repeating: "b", count: 32),
        "TWILIO_API_SECRET": "example-api-secret-0123456789abcd",
        "TWILIO_TWIML_APP_SID": "AP" + String(repeating: "c", count: 32),
        "TWILIO_AUTH_TOKEN": authToken,
        "PUBLIC_BASE_URL": "https://voice.example.com",
    ]

    static func login(_ subject: String) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: Self.loginSecret), digestAlgorithm: .sha256)
        return try await keys.sign(
            User(sub: .init(value: subject), exp: .init(value: Date().addingTimeInterval(300))))
    }

    /// Runs `body` with the app configured from `environment`, as its entry point configures it.
    static func withExampleApp(
        _ environment: [String: String] = Self.environment, _ body: (Application) async throws -> Void
    ) async throws {
        let setUp: (Application) async throws -> Void = { try await configure($0, environment: environment) }
        try await withApp(configure: setUp, body)
    }

    @Test("a signed-in user gets a Voice token for its own identity; anyone else gets 401")
    func tokens() async throws {
        try await Self.withExampleApp { app in
            let bearer = "Bearer \(try await Self.login("alice"))"
            try await app.testing().test(
                .POST, "v1/token", headers: ["Authorization": bearer, "Content-Type": "application/json"],
                body: ByteBuffer(string: #"{"profile":"voice"}"#)
            ) { response in
                #expect(response.status == .ok)
                let body = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
                #expect((body as? [String: Any])?["identity"] as? String == "alice")
            }
            try await app.testing().test(.GET, "accessToken", headers: ["Authorization": bearer]) { response in
                #expect(response.status == .ok)
                #expect(response.body.string.split(separator: ".").count == 3)
            }
            try await app.testing().test(.GET, "me/voice-token", headers: ["Authorization": bearer]) { response in
                #expect(response.status == .ok)
            }
            try await app.testing().test(
                .POST, "v1/token", headers: ["Content-Type": "application/json"],
                body: ByteBuffer(string: #"{"profile":"voice"}"#)
            ) { #expect($0.status == .unauthorized) }
        }
    }

    @Test("the Voice webhook answers a signed call with TwiML and refuses an unsigned one")
    func voiceWebhook() async throws {
        try await Self.withExampleApp { app in
            let parameters: WebhookParameters = ["From": "client:alice", "To": "bob"]
            let signature = WebhookSignature.compute(
                url: "https://voice.example.com/v1/voice/outgoing", parameters: parameters,
                secret: try WebhookSecret(Self.authToken))
            var headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
            try await app.testing().test(
                .POST, "v1/voice/outgoing", headers: headers, body: ByteBuffer(string: parameters.formURLEncoded)
            ) { #expect($0.status == .forbidden) }
            headers.add(name: "X-Twilio-Signature", value: signature)
            try await app.testing().test(
                .POST, "v1/voice/outgoing", headers: headers, body: ByteBuffer(string: parameters.formURLEncoded)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.body.string.contains("<Client>bob</Client>"))
            }
        }
    }

    @Test("a missing login key stops the app at start, naming the variable")
    func missingLoginKey() async throws {
        var environment = Self.environment
        environment["APP_LOGIN_SECRET"] = nil
        let error = await #expect(throws: ConfigurationError.self) {
            try await Self.withExampleApp(environment) { _ in }
        }
        #expect(error?.key == "APP_LOGIN_SECRET")
    }
}
