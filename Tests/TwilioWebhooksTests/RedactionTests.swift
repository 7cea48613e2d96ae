import Testing
import TwilioWebhooks

/// What a webhook value shows when printed, dumped or reflected: never a secret, a signature or a parameter's value;
/// and whose mistake an error is.
struct RedactionTests {
    static let canary = "CANARYwebhooksecretZYXWVUTSRQPON"
    static let signature = "RSOYDt4T1cUTdK1PDd93/VVr8B8="

    static func shown(_ value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return ["\(value)", String(describing: value), String(reflecting: value), dumped]
    }

    @Test func requestsShowNeitherTheSignatureNorTheValues() throws {
        let request = WebhookRequest(
            url: "https://voice.example.com/v1/voice/outgoing", body: .form(["To": "+14155550100"]),
            signature: Self.signature, signatureSettings: "key=KEY1,algorithm=HMAC_SHA256")
        #expect(
            request.description
                == "WebhookRequest(url: https://voice.example.com/v1/voice/outgoing, body: form "
                + "WebhookParameters(To: 12 bytes), signature: <redacted>, settings: 30 characters)")
        let raw = WebhookRequest(url: "https://h/x", body: .raw(Array("{}".utf8)), signature: nil)
        #expect(raw.description == "WebhookRequest(url: https://h/x, body: raw, 2 bytes, signature: none)")
        for text in Self.shown(request) {
            #expect(!text.contains(Self.signature))
            #expect(!text.contains("4155550100"))
        }
        for text in Self.shown(["To": "+14155550100"] as WebhookParameters) {
            #expect(!text.contains("4155550100"))
        }
    }

    @Test func secretsShowNothing() throws {
        let secret = try WebhookSecret(Self.canary)
        let key = try WebhookSharedKey(id: "KEY1", secret: secret)
        for text in Self.shown(secret) + Self.shown(key) {
            #expect(!text.contains("CANARY"))
        }
        #expect(key.description == "WebhookSharedKey(id: KEY1, secret: <redacted>)")
    }

    struct Categorized: Sendable, CustomTestStringConvertible {
        let name: String
        let make: @Sendable () throws(WebhookError) -> Void
        let category: WebhookError.Category
        var testDescription: String { self.name }
    }

    static let categorized: [Categorized] = [
        Categorized(
            name: "a base URL with a query",
            make: { () throws(WebhookError) in _ = try WebhookBaseURL("https://h/?a=1") }, category: .invalidInput
        ),
        Categorized(
            name: "a base URL over ftp", make: { () throws(WebhookError) in _ = try WebhookBaseURL("ftp://h") },
            category: .invalidInput),
        Categorized(
            name: "an empty secret", make: { () throws(WebhookError) in _ = try WebhookSecret("") },
            category: .invalidInput),
        Categorized(
            name: "forwarded headers naming ftp",
            make: { () throws(WebhookError) in _ = try WebhookBaseURL(forwardedProto: "ftp", forwardedHost: "h") },
            category: .rejectedRequest),
        Categorized(
            name: "a forwarded host with credentials",
            make: { () throws(WebhookError) in _ = try WebhookBaseURL(forwardedProto: "https", forwardedHost: "u:p@h")
            },
            category: .rejectedRequest),
        Categorized(
            name: "a request URL over ftp", make: { () throws(WebhookError) in _ = try WebhookURL("ftp://h/x") },
            category: .rejectedRequest),
    ]

    @Test(
        "configuration mistakes are invalid input; what a request brings is a rejected request", arguments: categorized)
    func category(_ example: Categorized) {
        do {
            try example.make()
            Issue.record("no error")
        } catch {
            #expect(error.category == example.category, "\(error)")
        }
    }
}

/// Values compare by bytes, as they sign: never by Unicode canonical equivalence.
struct ByteEqualityTests {
    @Test func urlsThatSignDifferentlyAreDifferent() throws {
        let composed = try WebhookURL("https://h/caf\u{E9}")
        let decomposed = try WebhookURL("https://h/cafe\u{301}")
        #expect(composed != decomposed)
        #expect(Set([composed, decomposed]).count == 2)
        #expect(try WebhookURL("https://h/caf\u{E9}") == composed)
        #expect(try WebhookBaseURL("https://h/caf\u{E9}") != WebhookBaseURL("https://h/cafe\u{301}"))
        #expect(
            try WebhookSignatureSettings(headerValue: "key=\u{E9},algorithm=HMAC_SHA256")
                != WebhookSignatureSettings(headerValue: "key=e\u{301},algorithm=HMAC_SHA256"))
        #expect(
            try WebhookSignatureSettings(headerValue: "algorithm=HMAC_SHA256")
                == WebhookSignatureSettings(keyID: nil, algorithm: .hmacSHA256))
        #expect(
            WebhookSignatureSettings(keyID: "", algorithm: .hmacSHA256)
                != WebhookSignatureSettings(keyID: nil, algorithm: .hmacSHA256))
    }
}
