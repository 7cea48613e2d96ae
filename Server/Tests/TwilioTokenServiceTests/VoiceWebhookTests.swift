import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Prometheus
import Testing
import TwilioWebhooks

@testable import TwilioHummingbird
@testable import TwilioTokenService

/// The Voice webhooks in process: the signature is checked before anything else, and the outgoing-call policy
/// answers TwiML that no caller input can break out of.
@Suite("Voice webhooks")
struct VoiceWebhookTests {
    /// The Auth Token: a canary, searched for in logs and responses.
    static let authToken = "CANARYauthtokenZYXWVUTSRQPONMLKJ"
    static let secondaryAuthToken = "SECONDauthtokenZYXWVUTSRQPONMLKJ"
    static let sharedKeySecret = "CANARYsharedkey-secret-QWERTYUIOP"
    static let base = "https://voice.example.com"

    /// The voice section used unless a test gives its own.
    static let voiceSection = """
        voice:
          public_base_url: \(base)
          caller_id: "+15005550006"
          allowed_number_prefixes: ["+1", "+4420"]
          incoming_client: support_desk
          shared_keys:
            KEY1: { secret_env: SHARED_KEY_SECRET }
        """

    /// A loaded configuration with the Auth Token in a file and `voice` appended.
    static func configuration(voice: String = voiceSection, secondary: Bool = false) async throws
        -> ServiceConfiguration
    {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let secret = try Fixtures.write(Fixtures.canarySecret + "\n", "api.secret", in: directory)
        let token = try Fixtures.write(Self.authToken + "\n", "auth.token", in: directory)
        let tokenLines =
            "  auth_token_file: \(token)\n" + (secondary ? "  secondary_auth_token_env: SECONDARY_TOKEN\n" : "")
        let text = Fixtures.bearerConfig(secretPath: secret, extra: voice)
            .replacingOccurrences(of: "  active_api_key:", with: tokenLines + "  active_api_key:")
        let config = try Fixtures.write(text, "server.yaml", in: directory)
        return try await ConfigurationLoader(
            filePath: config,
            environment: ["SHARED_KEY_SECRET": Self.sharedKeySecret, "SECONDARY_TOKEN": Self.secondaryAuthToken]
        ).load()
    }

    static func harness(_ adapter: Adapter = .hummingbird, voice: String = voiceSection, secondary: Bool = false)
        async throws -> AdapterHarness
    {
        AdapterHarness(adapter, configuration: try await Self.configuration(voice: voice, secondary: secondary))
    }

    /// Headers and body of a form POST to `path`, signed as Twilio signs it for `signedURL` (default: base + path).
    static func signed(
        _ path: String, _ parameters: WebhookParameters, token: String = authToken, signedURL: String? = nil
    ) throws -> (HTTPFields, ByteBuffer) {
        let signature = WebhookSignature.compute(
            url: signedURL ?? (Self.base + path), parameters: parameters, secret: try WebhookSecret(token))
        let headers: HTTPFields = [
            .contentType: "application/x-www-form-urlencoded", HTTPField.Name("X-Twilio-Signature")!: signature,
        ]
        return (headers, ByteBuffer(string: parameters.formURLEncoded))
    }

    static func call(to: String, from: String = "client:alice") -> WebhookParameters {
        [
            "AccountSid": Fixtures.accountSID, "ApplicationSid": Fixtures.applicationSID,
            "CallSid": "CA0123456789abcdef0123456789abcdef", "From": from, "Caller": from, "To": to,
            "Direction": "inbound",
        ]
    }

    static let declaration = #"<?xml version="1.0" encoding="UTF-8"?>"#
    static let notAllowed = declaration + "<Response><Say>This call is not allowed.</Say><Hangup/></Response>"

    struct Dial: Sendable, CustomTestStringConvertible {
        let name: String
        let to: String
        let from: String
        let twiml: String
        var testDescription: String { self.name }

        init(_ name: String, to: String, from: String = "client:alice", _ twiml: String) {
            self.name = name
            self.to = to
            self.from = from
            self.twiml = VoiceWebhookTests.declaration + twiml
        }
    }

    /// What an outgoing call to each destination answers. The hostile values come through the signature check (an
    /// attacker with a token can put anything in `To`), so the policy and the TwiML writer must hold on their own.
    static let dials: [Dial] = [
        Dial(
            "a client identity", to: "bob",
            #"<Response><Dial callerId="client:alice" answerOnBridge="true"><Client>bob</Client></Dial></Response>"#),
        Dial(
            "client: prefix", to: "client:bob",
            #"<Response><Dial callerId="client:alice" answerOnBridge="true"><Client>bob</Client></Dial></Response>"#),
        Dial(
            "an allowed number", to: "+14155550100",
            #"<Response><Dial callerId="+15005550006" answerOnBridge="true"><Number>+14155550100</Number></Dial></Response>"#
        ),
        Dial(
            "an allowed number as people type it", to: "+1 (415) 555-0100",
            #"<Response><Dial callerId="+15005550006" answerOnBridge="true"><Number>+14155550100</Number></Dial></Response>"#
        ),
        Dial(
            "a listed international prefix", to: "+442079460000",
            #"<Response><Dial callerId="+15005550006" answerOnBridge="true"><Number>+442079460000</Number></Dial></Response>"#
        ),
        Dial(
            "an unlisted international number", to: "+33142685300",
            "<Response><Say>This call is not allowed.</Say><Hangup/></Response>"),
        Dial(
            "a NANP premium number", to: "+19005550100",
            "<Response><Say>This call is not allowed.</Say><Hangup/></Response>"),
        Dial(
            "a number without +", to: "4155550100", "<Response><Say>This call is not allowed.</Say><Hangup/></Response>"
        ),
        Dial(
            "too many digits", to: "+1415555010012345",
            "<Response><Say>This call is not allowed.</Say><Hangup/></Response>"),
        Dial("no destination", to: "", "<Response><Say>No one to call was given.</Say><Hangup/></Response>"),
        Dial(
            "markup in To", to: "</Client></Dial><Dial><Number>+19005550100</Number>",
            #"<Response><Dial callerId="client:alice" answerOnBridge="true"><Client>&lt;/Client&gt;&lt;/Dial&gt;&lt;Dial&gt;&lt;Number&gt;+19005550100&lt;/Number&gt;</Client></Dial></Response>"#
        ),
        Dial(
            "quotes and entities in To", to: #"a"b'c&amp;d"#,
            #"<Response><Dial callerId="client:alice" answerOnBridge="true"><Client>a"b'c&amp;amp;d</Client></Dial></Response>"#
        ),
        Dial(
            "quotes in From", to: "bob", from: #"client:x" answerOnBridge="false"#,
            #"<Response><Dial callerId="client:x&quot; answerOnBridge=&quot;false" answerOnBridge="true"><Client>bob</Client></Dial></Response>"#
        ),
        Dial(
            "a control character in To", to: "bob\u{1}",
            "<Response><Say>This call is not allowed.</Say><Hangup/></Response>"),
        Dial(
            "a line feed in To", to: "bob\nalice", "<Response><Say>This call is not allowed.</Say><Hangup/></Response>"),
        Dial(
            "a C1 control in To", to: "bob\u{85}", "<Response><Say>This call is not allowed.</Say><Hangup/></Response>"),
        Dial(
            "10 kB in To", to: String(repeating: "a", count: 10_000),
            "<Response><Say>This call is not allowed.</Say><Hangup/></Response>"),
        Dial("leading space in To", to: " bob", "<Response><Say>This call is not allowed.</Say><Hangup/></Response>"),
    ]

    @Test("an outgoing call answers the policy's TwiML", arguments: Adapter.allCases, dials)
    func outgoing(_ adapter: Adapter, _ dial: Dial) async throws {
        let harness = try await Self.harness(adapter)
        let (headers, body) = try Self.signed("/v1/voice/outgoing", Self.call(to: dial.to, from: dial.from))
        try await harness.test { client in
            try await client.execute(uri: "/v1/voice/outgoing", method: .post, headers: headers, body: body) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/xml; charset=utf-8")
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(String(buffer: response.body) == dial.twiml)
            }
        }
    }

    @Test("the quickstarts' paths answer as /v1/voice/outgoing", arguments: Adapter.allCases, ["/makeCall", "/voice"])
    func quickstartPaths(_ adapter: Adapter, _ path: String) async throws {
        let harness = try await Self.harness(adapter)
        let (headers, body) = try Self.signed(path, Self.call(to: "bob"))
        try await harness.test { client in
            try await client.execute(uri: path, method: .post, headers: headers, body: body) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("<Client>bob</Client>"))
            }
        }
    }

    struct Rejected: Sendable, CustomTestStringConvertible {
        let name: String
        let headers: @Sendable () throws -> (HTTPFields, ByteBuffer)
        let cause: String
        var testDescription: String { self.name }
    }

    static let rejected: [Rejected] = [
        Rejected(
            name: "no signature",
            headers: { ([.contentType: "application/x-www-form-urlencoded"], ByteBuffer(string: "To=%2B19005550100")) },
            cause: "missingSignature"),
        Rejected(
            name: "a signature by another token",
            headers: { try signed("/v1/voice/outgoing", call(to: "bob"), token: "WRONGauthtoken0123456789abcdefgh") },
            cause: "signatureMismatch"),
        Rejected(
            name: "a signature for another host",
            headers: {
                try signed(
                    "/v1/voice/outgoing", call(to: "bob"), signedURL: "https://evil.example.com/v1/voice/outgoing")
            }, cause: "signatureMismatch"),
        Rejected(
            name: "a signature for http",
            headers: {
                try signed(
                    "/v1/voice/outgoing", call(to: "bob"), signedURL: "http://voice.example.com/v1/voice/outgoing")
            }, cause: "signatureMismatch"),
        Rejected(
            name: "a parameter changed after signing",
            headers: {
                let (headers, _) = try signed("/v1/voice/outgoing", call(to: "bob"))
                return (headers, ByteBuffer(string: call(to: "+19005550100").formURLEncoded))
            }, cause: "signatureMismatch"),
        Rejected(
            name: "a malformed signature",
            headers: {
                var (headers, body) = try signed("/v1/voice/outgoing", call(to: "bob"))
                headers[HTTPField.Name("X-Twilio-Signature")!] = "not base64!"
                return (headers, body)
            }, cause: "malformedSignature"),
        Rejected(
            name: "a JSON body without bodySHA256",
            headers: {
                let signature = WebhookSignature.compute(
                    url: base + "/v1/voice/outgoing", secret: try WebhookSecret(authToken))
                return (
                    [.contentType: "application/json", HTTPField.Name("X-Twilio-Signature")!: signature],
                    ByteBuffer(string: #"{"To":"+19005550100"}"#)
                )
            }, cause: "missingBodyHash"),
        Rejected(
            name: "an unknown SharedKey",
            headers: {
                var (headers, body) = try signed("/v1/voice/outgoing", call(to: "bob"), token: sharedKeySecret)
                headers[HTTPField.Name("X-Twilio-Webhooks-Signature-Settings")!] = "key=KEY9,algorithm=HMAC_SHA256"
                return (headers, body)
            }, cause: "noMatchingSecret"),
        Rejected(
            name: "an unsupported algorithm",
            headers: {
                var (headers, body) = try signed("/v1/voice/outgoing", call(to: "bob"))
                headers[HTTPField.Name("X-Twilio-Webhooks-Signature-Settings")!] = "key=KEY1,algorithm=HMAC_MD5"
                return (headers, body)
            }, cause: "unsupportedAlgorithm"),
        Rejected(
            name: "bad percent-encoding",
            headers: {
                var (headers, _) = try signed("/v1/voice/outgoing", call(to: "bob"))
                headers[.contentType] = "application/x-www-form-urlencoded"
                return (headers, ByteBuffer(string: "To=%ZZ"))
            }, cause: "invalidForm"),
    ]

    @Test("a request Twilio did not sign gets 403 and no TwiML", arguments: Adapter.allCases, rejected)
    func rejectsUnsigned(_ adapter: Adapter, _ rejection: Rejected) async throws {
        let harness = try await Self.harness(adapter)
        let (headers, body) = try rejection.headers()
        try await harness.test { client in
            try await client.execute(uri: "/v1/voice/outgoing", method: .post, headers: headers, body: body) {
                response in
                #expect(response.status == .forbidden)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                #expect(!String(buffer: response.body).contains("<Response>"))
                #expect(String(buffer: response.body).contains(#""code":"webhook_rejected""#))
            }
        }
        #expect(harness.metrics.contains(#"twilio_webhook_rejected_total{cause="\#(rejection.cause)"} 1"#))
        #expect(!harness.metrics.contains("twilio_voice_calls_total"))
        #expect(harness.log.text.contains("webhook rejected cause=\(rejection.cause)"))
        for secret in [Self.authToken, Self.sharedKeySecret] {
            #expect(Canary.leaks(of: secret, in: harness.log.text).isEmpty)
        }
    }

    @Test("the secondary Auth Token and a SharedKey (HMAC-SHA256) are accepted", arguments: Adapter.allCases)
    func rotation(_ adapter: Adapter) async throws {
        let harness = try await Self.harness(adapter, secondary: true)
        try await harness.test { client in
            let (secondary, body) = try Self.signed(
                "/v1/voice/outgoing", Self.call(to: "bob"), token: Self.secondaryAuthToken)
            try await client.execute(uri: "/v1/voice/outgoing", method: .post, headers: secondary, body: body) {
                #expect($0.status == .ok)
            }
            let parameters = Self.call(to: "bob")
            let signature = WebhookSignature.compute(
                url: Self.base + "/v1/voice/outgoing", parameters: parameters,
                secret: try WebhookSecret(Self.sharedKeySecret), algorithm: .hmacSHA256)
            let shared: HTTPFields = [
                .contentType: "application/x-www-form-urlencoded", HTTPField.Name("X-Twilio-Signature")!: signature,
                HTTPField.Name("X-Twilio-Webhooks-Signature-Settings")!: "key=KEY1,algorithm=HMAC_SHA256",
            ]
            try await client.execute(
                uri: "/v1/voice/outgoing", method: .post, headers: shared,
                body: ByteBuffer(string: parameters.formURLEncoded)
            ) { #expect($0.status == .ok) }
        }
        #expect(harness.log.text.contains("webhook signed with the secondary Auth Token"))
    }

    @Test("a JSON body is accepted through bodySHA256 in the signed URL", arguments: Adapter.allCases)
    func jsonBody(_ adapter: Adapter) async throws {
        let harness = try await Self.harness(adapter)
        let body = Array(#"{"To":"bob"}"#.utf8)
        let target = "/v1/voice/outgoing?bodySHA256=" + WebhookSignature.bodySHA256(of: body)
        let signature = WebhookSignature.compute(url: Self.base + target, secret: try WebhookSecret(Self.authToken))
        try await harness.test { client in
            try await client.execute(
                uri: target, method: .post,
                headers: [.contentType: "application/json", HTTPField.Name("X-Twilio-Signature")!: signature],
                body: ByteBuffer(bytes: body)
            ) { response in
                // The body is valid, but a JSON body carries no form parameters: no destination.
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("No one to call was given."))
            }
            try await client.execute(
                uri: target, method: .post,
                headers: [.contentType: "application/json", HTTPField.Name("X-Twilio-Signature")!: signature],
                body: ByteBuffer(string: #"{"To":"+19005550100"}"#)
            ) { #expect($0.status == .forbidden) }
        }
    }

    @Test("an incoming call rings the configured client, or is refused without one", arguments: Adapter.allCases)
    func incoming(_ adapter: Adapter) async throws {
        let parameters = Self.call(to: "+15005550006", from: "+14155550100")
        let configured = try await Self.harness(adapter)
        let (headers, body) = try Self.signed("/v1/voice/incoming", parameters)
        try await configured.test { client in
            try await client.execute(uri: "/v1/voice/incoming", method: .post, headers: headers, body: body) {
                #expect(
                    String(buffer: $0.body)
                        == Self.declaration
                        + #"<Response><Dial answerOnBridge="true"><Client>support_desk</Client></Dial></Response>"#)
            }
        }
        let unconfigured = try await Self.harness(
            adapter, voice: "voice:\n  public_base_url: \(Self.base)\n")
        try await unconfigured.test { client in
            try await client.execute(uri: "/v1/voice/incoming", method: .post, headers: headers, body: body) {
                #expect(
                    String(buffer: $0.body)
                        == Self.declaration
                        + "<Response><Say>This number does not take calls.</Say><Hangup/></Response>")
            }
        }
        #expect(unconfigured.metrics.contains(#"twilio_voice_calls_total{outcome="refused"} 1"#))
        #expect(unconfigured.metrics.contains(#"twilio_voice_calls_refused_total{reason="incoming_not_configured"} 1"#))
        #expect(unconfigured.log.text.contains("voice call refused"))
        #expect(unconfigured.log.text.contains("reason=incoming_not_configured"))
    }

    @Test("client-to-client only by default: a number is refused, counted and logged", arguments: Adapter.allCases)
    func defaultPolicy(_ adapter: Adapter) async throws {
        let harness = try await Self.harness(adapter, voice: "voice:\n  public_base_url: \(Self.base)/\n")
        let (headers, body) = try Self.signed("/v1/voice/outgoing", Self.call(to: "+14155550100"))
        try await harness.test { client in
            try await client.execute(uri: "/v1/voice/outgoing", method: .post, headers: headers, body: body) {
                #expect(String(buffer: $0.body) == Self.notAllowed)
            }
        }
        #expect(harness.metrics.contains(#"twilio_voice_calls_refused_total{reason="number_not_allowed"} 1"#))
        let log = harness.log.text
        #expect(log.contains("reason=number_not_allowed"))
        #expect(Canary.leaks(of: Self.authToken, in: log).isEmpty)
        #expect(!log.contains(headers[HTTPField.Name("X-Twilio-Signature")!]!))
    }

    @Test("without a voice section the routes answer 404; other methods 405", arguments: Adapter.allCases)
    func notConfigured(_ adapter: Adapter) async throws {
        let harness = AdapterHarness(adapter, configuration: try await Fixtures.bearerConfiguration())
        let (headers, body) = try Self.signed("/v1/voice/outgoing", Self.call(to: "bob"))
        try await harness.test { client in
            try await client.execute(uri: "/v1/voice/outgoing", method: .post, headers: headers, body: body) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/makeCall", method: .get) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
            }
        }
    }

    struct BadConfig: Sendable, CustomTestStringConvertible {
        let name: String
        let voice: String
        let key: String
        var testDescription: String { self.name }
    }

    static let badConfigs: [BadConfig] = [
        BadConfig(
            name: "no public URL and no trusted proxy", voice: "voice:\n  caller_id: \"+15005550006\"\n",
            key: "voice.public_base_url"),
        BadConfig(
            name: "a public URL with a query", voice: "voice:\n  public_base_url: https://x.example.com/?a=1\n",
            key: "voice.public_base_url"),
        BadConfig(
            name: "a public URL with credentials", voice: "voice:\n  public_base_url: https://u:p@x.example.com\n",
            key: "voice.public_base_url"),
        BadConfig(
            name: "numbers without a caller ID",
            voice: "voice:\n  public_base_url: \(base)\n  allowed_number_prefixes: [\"+1\"]\n", key: "voice.caller_id"),
        BadConfig(
            name: "a caller ID that is not E.164",
            voice: "voice:\n  public_base_url: \(base)\n  caller_id: \"415-555-0100\"\n", key: "voice.caller_id"),
        BadConfig(
            name: "a prefix without +",
            voice:
                "voice:\n  public_base_url: \(base)\n  caller_id: \"+15005550006\"\n  allowed_number_prefixes: [\"1\"]\n",
            key: "voice.allowed_number_prefixes"),
        BadConfig(
            name: "a blocked prefix with letters",
            voice: "voice:\n  public_base_url: \(base)\n  blocked_number_prefixes: [\"+1900x\"]\n",
            key: "voice.blocked_number_prefixes"),
        BadConfig(
            name: "an incoming client with a line feed",
            voice: "voice:\n  public_base_url: \(base)\n  incoming_client: \"a\\nb\"\n", key: "voice.incoming_client"),
        BadConfig(
            name: "a SharedKey without a secret",
            voice: "voice:\n  public_base_url: \(base)\n  shared_keys:\n    KEY1: {}\n", key: "voice.shared_keys.KEY1"),
        BadConfig(
            name: "an unknown key", voice: "voice:\n  public_base_url: \(base)\n  dial_anyone: true\n",
            key: "voice.dial_anyone"),
    ]

    @Test("a voice section that cannot work is refused with its key", arguments: badConfigs)
    func badConfiguration(_ bad: BadConfig) async throws {
        do {
            _ = try await Self.configuration(voice: bad.voice)
            Issue.record("the configuration was accepted")
        } catch let error as ConfigurationError {
            #expect(error.key == bad.key, "\(error)")
        }
    }

    @Test("voice without any webhook secret, and a secondary Auth Token without a primary, are refused")
    func missingSecrets() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let secret = try Fixtures.write(Fixtures.canarySecret + "\n", "api.secret", in: directory)
        for (edit, key) in [
            ({ (text: String) in text + "\nvoice:\n  public_base_url: \(Self.base)\n" }, "voice"),
            (
                { (text: String) in
                    text.replacingOccurrences(
                        of: "  active_api_key:", with: "  secondary_auth_token_env: SECONDARY_TOKEN\n  active_api_key:")
                }, "twilio.secondary_auth_token_file"
            ),
        ] {
            let config = try Fixtures.write(
                edit(Fixtures.bearerConfig(secretPath: secret)), "server-\(key).yaml", in: directory)
            do {
                _ = try await ConfigurationLoader(
                    filePath: config, environment: ["SECONDARY_TOKEN": Self.secondaryAuthToken]
                ).load()
                Issue.record("the configuration was accepted")
            } catch {
                #expect(error.key == key, "\(error)")
            }
        }
    }
}

/// The framework-neutral gate: where the URL comes from behind proxies.
@Suite("Webhook gate")
struct WebhookGateTests {
    static let token = try! WebhookSecret(VoiceWebhookTests.authToken)
    static let parameters: WebhookParameters = ["To": "bob"]

    static func request(peer: String?, proto: String?, host: String?, signedURL: String) -> WebhookHTTPRequest {
        WebhookHTTPRequest(
            peer: peer, requestTarget: "/v1/voice/outgoing?tenant=a%20b",
            contentType: "application/x-www-form-urlencoded",
            signature: WebhookSignature.compute(url: signedURL, parameters: Self.parameters, secret: Self.token),
            signatureSettings: nil, forwardedProto: proto, forwardedHost: host,
            body: Array(Self.parameters.formURLEncoded.utf8))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let peer: String?
        let proto: String?
        let host: String?
        let signedURL: String
        let cause: String?
        var testDescription: String { self.name }
    }

    static let cases: [Case] = [
        Case(
            name: "a trusted proxy's forwarded scheme and host", peer: "10.0.0.2", proto: "https",
            host: "voice.example.com", signedURL: "https://voice.example.com/v1/voice/outgoing?tenant=a%20b",
            cause: nil),
        Case(
            name: "the right-most of a forwarded list", peer: "10.0.0.2", proto: "http, https",
            host: "evil.example.com, voice.example.com",
            signedURL: "https://voice.example.com/v1/voice/outgoing?tenant=a%20b", cause: nil),
        Case(
            name: "a forwarded host with a port", peer: "10.0.0.2", proto: "https", host: "voice.example.com:8443",
            signedURL: "https://voice.example.com:8443/v1/voice/outgoing?tenant=a%20b", cause: nil),
        Case(
            name: "forwarded headers from an untrusted peer", peer: "203.0.113.9", proto: "https",
            host: "voice.example.com", signedURL: "https://voice.example.com/v1/voice/outgoing?tenant=a%20b",
            cause: "untrustedPeer"),
        Case(
            name: "a trusted proxy without X-Forwarded-Host", peer: "10.0.0.2", proto: "https", host: nil,
            signedURL: "https://voice.example.com/v1/voice/outgoing?tenant=a%20b", cause: "noPublicURL"),
        Case(
            name: "a re-encoded query is not what Twilio signed", peer: "10.0.0.2", proto: "https",
            host: "voice.example.com", signedURL: "https://voice.example.com/v1/voice/outgoing?tenant=a+b",
            cause: "signatureMismatch"),
    ]

    @Test("behind trusted proxies, the public URL comes from X-Forwarded-Proto and -Host", arguments: cases)
    func forwarded(_ example: Case) throws {
        let gate = WebhookGate(
            validator: try WebhookValidator(authTokens: [Self.token]), publicBaseURL: nil,
            trustedProxies: try TrustedProxies(["10.0.0.2"]))
        let request = Self.request(
            peer: example.peer, proto: example.proto, host: example.host, signedURL: example.signedURL)
        do {
            let validated = try gate.validate(request)
            #expect(example.cause == nil)
            #expect(validated.parameters == Self.parameters)
        } catch {
            #expect(error.cause == example.cause)
            #expect(error.serviceError.status == 403)
        }
    }

    @Test("a configured public URL wins over forwarded headers, even from a trusted proxy")
    func configuredBase() throws {
        let gate = WebhookGate(
            validator: try WebhookValidator(authTokens: [Self.token]),
            publicBaseURL: try WebhookBaseURL("https://voice.example.com/"),
            trustedProxies: try TrustedProxies(["10.0.0.2"]))
        #expect(throws: WebhookGate.Rejection.self) {
            try gate.validate(
                Self.request(
                    peer: "10.0.0.2", proto: "https", host: "evil.example.com",
                    signedURL: "https://evil.example.com/v1/voice/outgoing?tenant=a%20b"))
        }
        _ = try gate.validate(
            Self.request(
                peer: nil, proto: nil, host: nil, signedURL: "https://voice.example.com/v1/voice/outgoing?tenant=a%20b")
        )
    }
}
