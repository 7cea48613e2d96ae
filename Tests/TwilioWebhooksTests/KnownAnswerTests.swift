import Testing
import TwilioWebhooks

/// Known answers from twilio-python's own tests (tests/unit/test_request_validator.py,
/// https://github.com/twilio/twilio-python/blob/main/tests/unit/test_request_validator.py) and twilio-node's
/// (spec/validation.spec.js, https://github.com/twilio/twilio-node/blob/main/spec/validation.spec.js): Auth Token
/// `12345`, the URL below, and a Voice call's parameters. Each signature was recomputed with Python's `hmac`.
struct KnownAnswerTests {
    static let token = try! WebhookSecret("12345")
    static let url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    static let parameters: WebhookParameters = [
        "CallSid": "CA1234567890ABCDE", "Caller": "+14158675309", "Digits": "1234", "From": "+14158675309",
        "To": "+18005551212",
    ]
    static let jsonBody = Array(#"{"property": "value", "boolean": true}"#.utf8)
    static let jsonBodyHash = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"

    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let url: String
        let parameters: WebhookParameters
        let signature: String
        var testDescription: String { self.name }
    }

    static let signatures: [Vector] = [
        Vector(name: "URL as given", url: url, parameters: parameters, signature: "RSOYDt4T1cUTdK1PDd93/VVr8B8="),
        Vector(
            name: "https with :443", url: "https://mycompany.com:443/myapp.php?foo=1&bar=2", parameters: parameters,
            signature: "kvajT1Ptam85bY51eRf/AJRuM3w="),
        Vector(
            name: "http with :80", url: "http://mycompany.com:80/myapp.php?foo=1&bar=2", parameters: parameters,
            signature: "0ZXoZLH/DfblKGATFgpif+LLRf4="),
        Vector(
            name: "http with :1234", url: "http://mycompany.com:1234/myapp.php?foo=1&bar=2", parameters: parameters,
            signature: "Zmvh+3yNM1Phv2jhDCwEM3q5ebU="),
        Vector(
            name: "repeated Digits, sorted and de-duplicated", url: url,
            parameters: WebhookParameters([
                (name: "Sid", value: "CA123"), (name: "SidAccount", value: "AC123"), (name: "Digits", value: "5678"),
                (name: "Digits", value: "1234"), (name: "Digits", value: "1234"),
            ]), signature: "IK+Dwps556ElfBT0I3Rgjkr1wJU="),
        Vector(
            name: "JSON body's hash in the URL", url: url + "&bodySHA256=" + jsonBodyHash, parameters: [:],
            signature: "a9nBmqA0ju/hNViExpshrM61xv4="),
        Vector(
            name: "bodySHA256 alone in the query",
            url: "https://mycompany.com/myapp.php?bodySHA256=" + jsonBodyHash, parameters: [:],
            signature: "y77kIzt2vzLz71DgmJGsen2scGs="),
    ]

    @Test(arguments: signatures)
    func computesTheSignature(_ vector: Vector) {
        #expect(
            WebhookSignature.compute(url: vector.url, parameters: vector.parameters, secret: Self.token)
                == vector.signature)
    }

    @Test func hashesTheRawBody() {
        #expect(WebhookSignature.bodySHA256(of: Self.jsonBody) == Self.jsonBodyHash)
        #expect(
            WebhookSignature.bodySHA256(of: Array("{}".utf8))
                == "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a")
        #expect(
            WebhookSignature.urlWithBodySHA256(Self.url, body: Self.jsonBody) == Self.url + "&bodySHA256="
                + Self.jsonBodyHash)
    }

    struct Acceptance: Sendable, CustomTestStringConvertible {
        let name: String
        let url: String
        let signature: String
        var testDescription: String { self.name }
    }

    /// What twilio-python's test_validation_removes_port_on_https, test_validation_adds_port_on_https and
    /// test_validation_of_body_succeeds accept.
    static let accepted: [Acceptance] = [
        Acceptance(name: "as signed", url: url, signature: "RSOYDt4T1cUTdK1PDd93/VVr8B8="),
        Acceptance(
            name: "a non-standard port removed", url: "https://mycompany.com:1234/myapp.php?foo=1&bar=2",
            signature: "RSOYDt4T1cUTdK1PDd93/VVr8B8="),
        Acceptance(name: ":443 added", url: url, signature: "kvajT1Ptam85bY51eRf/AJRuM3w="),
        Acceptance(
            name: ":80 added to http", url: "http://mycompany.com/myapp.php?foo=1&bar=2",
            signature: "0ZXoZLH/DfblKGATFgpif+LLRf4="),
        Acceptance(
            name: ":1234 kept", url: "http://mycompany.com:1234/myapp.php?foo=1&bar=2",
            signature: "Zmvh+3yNM1Phv2jhDCwEM3q5ebU="),
    ]

    @Test(arguments: accepted)
    func acceptsTheURLWithAndWithoutItsPort(_ vector: Acceptance) throws {
        let validator = try WebhookValidator(authTokens: [Self.token])
        let match = try validator.validate(
            WebhookRequest(url: vector.url, body: .form(Self.parameters), signature: vector.signature))
        #expect(match.algorithm == .hmacSHA1 && match.sharedKeyID == nil && match.secretIndex == 0)
    }

    @Test func acceptsAJSONBodyThroughItsHash() throws {
        let validator = try WebhookValidator(authTokens: [Self.token])
        let request = try WebhookRequest(
            url: Self.url + "&bodySHA256=" + Self.jsonBodyHash, contentType: "application/json", body: Self.jsonBody,
            signature: "a9nBmqA0ju/hNViExpshrM61xv4=")
        try validator.validate(request)

        // twilio-node's "validate request body when empty": only the :443 form was signed.
        let empty = try WebhookRequest(
            url: Self.url + "&bodySHA256=44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
            contentType: "application/json", body: Array("{}".utf8), signature: "Ldidvp12m26NI7eqEvxnEpkd9Hc=")
        try validator.validate(empty)
    }
}
