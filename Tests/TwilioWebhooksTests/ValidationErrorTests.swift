import Testing
import TwilioJWTTestSupport
import TwilioWebhooks

/// Every way a validation fails, with its exact code and message; which secret a rotation matches; how a body is
/// classified by its content type; and that no error or description shows a secret or a signature.
struct ValidationErrorTests {
    /// The known answer of twilio-python's tests (KnownAnswerTests): Auth Token `12345`, its URL and parameters.
    static let token = KnownAnswerTests.token
    static let url = KnownAnswerTests.url
    static let parameters = KnownAnswerTests.parameters
    static let signature = "RSOYDt4T1cUTdK1PDd93/VVr8B8="

    static let sharedSecret = try! WebhookSecret("sharedkey0secret0abcdefghijklmno")
    static let sharedKey = try! WebhookSharedKey(id: "KS1", secret: sharedSecret)
    static let sharedSignature = WebhookSignature.compute(
        url: url, parameters: parameters, secret: sharedSecret, algorithm: .hmacSHA256)
    static let validator = try! WebhookValidator(authTokens: [token], sharedKeys: [sharedKey])

    static let jsonBody = KnownAnswerTests.jsonBody
    static let jsonURL = WebhookSignature.urlWithBodySHA256(url, body: jsonBody)

    static func request(
        url: String = url, body: WebhookRequest.Body = .form(parameters), signature: String?,
        settings: String? = nil
    ) -> WebhookRequest {
        WebhookRequest(url: url, body: body, signature: signature, signatureSettings: settings)
    }

    struct Failure: Sendable, CustomTestStringConvertible {
        let name: String
        let code: WebhookError.Code
        let message: String
        let run: @Sendable () throws -> Void
        var testDescription: String { self.name }
    }

    static let mismatchAdvice =
        " for the URL with or without its port; check that the URL is the one Twilio requested (scheme, host and port "
        + "behind a proxy) and that every parameter is passed"

    static let failures: [Failure] = [
        Failure(
            name: "no X-Twilio-Signature", code: .missingSignature,
            message:
                "the request has no X-Twilio-Signature header; it did not come from Twilio, or a proxy removed it"
        ) { try validator.validate(request(signature: nil)) },
        Failure(
            name: "an empty X-Twilio-Signature", code: .missingSignature,
            message:
                "the request has no X-Twilio-Signature header; it did not come from Twilio, or a proxy removed it"
        ) { try validator.validate(request(signature: "")) },
        Failure(
            name: "an empty signature, static validate", code: .missingSignature,
            message: "the X-Twilio-Signature header is empty"
        ) {
            _ = try WebhookValidator.validate(url: url, body: .form(parameters), signature: "", secrets: [token])
        },
        Failure(
            name: "a signature one character short", code: .malformedSignature,
            message:
                "the X-Twilio-Signature header is not a base64 HMAC_SHA1 signature (28 characters); it is 27 characters "
                + "long"
        ) { try validator.validate(request(signature: String(signature.dropLast()))) },
        Failure(
            name: "base64url's '_' instead of '/'", code: .malformedSignature,
            message:
                "the X-Twilio-Signature header is not a base64 HMAC_SHA1 signature (28 characters); it is 28 characters "
                + "long"
        ) { try validator.validate(request(signature: "RSOYDt4T1cUTdK1PDd93_VVr8B8=")) },
        Failure(
            name: "padding before the last character", code: .malformedSignature,
            message:
                "the X-Twilio-Signature header is not a base64 HMAC_SHA1 signature (28 characters); it is 28 characters "
                + "long"
        ) { try validator.validate(request(signature: "RSOYDt4T1cUTdK1PDd93/VVr8B=8")) },
        Failure(
            name: "a space before the signature", code: .malformedSignature,
            message:
                "the X-Twilio-Signature header is not a base64 HMAC_SHA1 signature (28 characters); it is 29 characters "
                + "long"
        ) { try validator.validate(request(signature: " " + signature)) },
        Failure(
            name: "an HMAC-SHA256 signature's length with HMAC-SHA1", code: .malformedSignature,
            message:
                "the X-Twilio-Signature header is not a base64 HMAC_SHA1 signature (28 characters); it is 44 characters "
                + "long"
        ) { try validator.validate(request(signature: sharedSignature)) },
        Failure(
            name: "an HMAC-SHA1 signature's length with HMAC-SHA256", code: .malformedSignature,
            message:
                "the X-Twilio-Signature header is not a base64 HMAC_SHA256 signature (44 characters); it is 28 "
                + "characters long"
        ) { try validator.validate(request(signature: signature, settings: "key=KS1,algorithm=HMAC_SHA256")) },
        Failure(
            name: "HMAC_MD5 in the settings header", code: .unsupportedAlgorithm,
            message: "the webhook signature algorithm 'HMAC_MD5' is not supported; supported: HMAC_SHA1, HMAC_SHA256"
        ) { try validator.validate(request(signature: sharedSignature, settings: "key=KS1,algorithm=HMAC_MD5")) },
        Failure(
            name: "RSA_SHA256 in the settings header", code: .unsupportedAlgorithm,
            message:
                "the webhook signature algorithm 'RSA_SHA256' is not supported; supported: HMAC_SHA1, HMAC_SHA256"
        ) { try validator.validate(request(signature: sharedSignature, settings: "algorithm=RSA_SHA256")) },
        Failure(
            name: "a long algorithm name, shown in part", code: .unsupportedAlgorithm,
            message:
                "the webhook signature algorithm '\(String(repeating: "X", count: 40))…' is not supported; supported: "
                + "HMAC_SHA1, HMAC_SHA256"
        ) {
            try validator.validate(
                request(signature: sharedSignature, settings: "algorithm=" + String(repeating: "X", count: 45)))
        },
        Failure(
            name: "a non-ASCII algorithm name, shown with '?'", code: .unsupportedAlgorithm,
            message:
                "the webhook signature algorithm 'HMAC_SHA256?' is not supported; supported: HMAC_SHA1, HMAC_SHA256"
        ) { try validator.validate(request(signature: sharedSignature, settings: "algorithm=HMAC_SHA256\u{E9}")) },
        Failure(
            name: "a SharedKey id that is not configured", code: .noMatchingSecret,
            message: "the request is signed with the SharedKey 'KS2', which is not configured"
        ) { try validator.validate(request(signature: sharedSignature, settings: "key=KS2,algorithm=HMAC_SHA256")) },
        Failure(
            name: "a 10,000-character SharedKey id, shown in part", code: .noMatchingSecret,
            message:
                "the request is signed with the SharedKey '\(String(repeating: "K", count: 40))…', which is not "
                + "configured"
        ) {
            let settings = "key=\(String(repeating: "K", count: 10_000)),algorithm=HMAC_SHA256"
            try validator.validate(request(signature: sharedSignature, settings: settings))
        },
        Failure(
            name: "a SharedKey id with a control character, shown with '?'", code: .noMatchingSecret,
            message: "the request is signed with the SharedKey 'KS1?', which is not configured"
        ) {
            try validator.validate(request(signature: sharedSignature, settings: "key=KS1\u{7},algorithm=HMAC_SHA256"))
        },
        // Ids are matched byte for byte: U+212A KELVIN SIGN is canonically equivalent to 'K', and is not 'K'.
        Failure(
            name: "a SharedKey id canonically equivalent to a configured one", code: .noMatchingSecret,
            message: "the request is signed with the SharedKey '?S1', which is not configured"
        ) {
            try validator.validate(
                request(signature: sharedSignature, settings: "key=\u{212A}S1,algorithm=HMAC_SHA256"))
        },
        Failure(
            name: "a SharedKey signature and only Auth Tokens", code: .noMatchingSecret,
            message: "the request is signed with the SharedKey 'KS1', which is not configured"
        ) {
            try WebhookValidator(authTokens: [token]).validate(
                request(signature: sharedSignature, settings: "key=KS1,algorithm=HMAC_SHA256"))
        },
        Failure(
            name: "a SharedKey signature without an id and only Auth Tokens", code: .noMatchingSecret,
            message: "the request is signed with a SharedKey, and none is configured"
        ) {
            try WebhookValidator(authTokens: [token]).validate(
                request(signature: sharedSignature, settings: "algorithm=HMAC_SHA256"))
        },
        Failure(
            name: "an Auth Token signature and only SharedKeys", code: .noMatchingSecret,
            message: "the request is signed with the Auth Token, and no Auth Token is configured"
        ) { try WebhookValidator(authTokens: [], sharedKeys: [sharedKey]).validate(request(signature: signature)) },
        Failure(
            name: "static validate with no secrets", code: .noMatchingSecret,
            message: "no secret is configured for HMAC_SHA1"
        ) { _ = try WebhookValidator.validate(url: url, body: .form(parameters), signature: signature, secrets: []) },
        Failure(
            name: "a URL that cannot be checked", code: .invalidURL,
            message: "the webhook URL cannot be checked: its scheme is not http or https"
        ) { try validator.validate(request(url: "ftp://mycompany.com/myapp.php", signature: signature)) },
        Failure(
            name: "a raw body whose URL has no bodySHA256", code: .missingBodyHash,
            message: "the request has a non-form body and its URL has no bodySHA256, so nothing covers the body"
        ) {
            let signed = WebhookSignature.compute(url: url, secret: token)
            try validator.validate(
                WebhookRequest(url: url, contentType: "application/json", body: jsonBody, signature: signed))
        },
        Failure(
            name: "an empty raw body whose URL has no bodySHA256", code: .missingBodyHash,
            message: "the request has a non-form body and its URL has no bodySHA256, so nothing covers the body"
        ) {
            let signed = WebhookSignature.compute(url: url, secret: token)
            try validator.validate(
                WebhookRequest(url: url, contentType: "application/json", body: [], signature: signed))
        },
        Failure(
            name: "a valid signature of the URL with another body's bodySHA256", code: .bodyHashMismatch,
            message: "the body's SHA-256 is not the bodySHA256 the signed URL carries: the body was altered"
        ) {
            let otherURL = WebhookSignature.urlWithBodySHA256(url, body: Array(#"{"property": "other"}"#.utf8))
            let signed = WebhookSignature.compute(url: otherURL, secret: token)
            try validator.validate(
                WebhookRequest(url: otherURL, contentType: "application/json", body: jsonBody, signature: signed))
        },
        Failure(
            name: "the wrong Auth Token", code: .signatureMismatch,
            message: "the X-Twilio-Signature does not match the HMAC_SHA1 signature of the secret" + mismatchAdvice
        ) {
            let signed = WebhookSignature.compute(url: url, parameters: parameters, secret: try WebhookSecret("54321"))
            try validator.validate(request(signature: signed))
        },
        Failure(
            name: "neither of two Auth Tokens", code: .signatureMismatch,
            message:
                "the X-Twilio-Signature does not match the HMAC_SHA1 signature of any of the 2 secrets" + mismatchAdvice
        ) {
            let tokens = [try WebhookSecret("54321"), try WebhookSecret("67890")]
            try WebhookValidator(authTokens: tokens).validate(request(signature: signature))
        },
        Failure(
            name: "a parameter missing", code: .signatureMismatch,
            message: "the X-Twilio-Signature does not match the HMAC_SHA1 signature of the secret" + mismatchAdvice
        ) {
            let fewer = WebhookParameters(parameters.pairs.filter { $0.name != "Digits" })
            try validator.validate(request(body: .form(fewer), signature: signature))
        },
        Failure(name: "an empty secret", code: .invalidSecret, message: "the webhook secret is empty") {
            _ = try WebhookSecret("")
        },
        Failure(
            name: "an empty SharedKey id", code: .invalidSecret,
            message: "a SharedKey id must be non-empty, with no comma, '=' or whitespace"
        ) { _ = try WebhookSharedKey(id: "", secret: sharedSecret) },
        Failure(
            name: "a SharedKey id with a comma", code: .invalidSecret,
            message: "a SharedKey id must be non-empty, with no comma, '=' or whitespace"
        ) { _ = try WebhookSharedKey(id: "KS1,KS2", secret: sharedSecret) },
        Failure(
            name: "a SharedKey id with '='", code: .invalidSecret,
            message: "a SharedKey id must be non-empty, with no comma, '=' or whitespace"
        ) { _ = try WebhookSharedKey(id: "key=KS1", secret: sharedSecret) },
        Failure(
            name: "a SharedKey id with a no-break space", code: .invalidSecret,
            message: "a SharedKey id must be non-empty, with no comma, '=' or whitespace"
        ) { _ = try WebhookSharedKey(id: "KS\u{A0}1", secret: sharedSecret) },
        Failure(
            name: "a validator without secrets", code: .invalidSecret,
            message: "a webhook validator needs at least one Auth Token or SharedKey"
        ) { _ = try WebhookValidator(authTokens: []) },
    ]

    @Test(arguments: failures)
    func failsWithItsCodeAndMessage(_ failure: Failure) {
        let error = #expect(throws: WebhookError.self) { try failure.run() }
        #expect(error?.code == failure.code)
        #expect(error?.message == failure.message)
        #expect(error?.description == "\(failure.code): \(failure.message)")
        #expect(error?.category == (failure.code == .invalidSecret ? .invalidInput : .rejectedRequest))
        if failure.code != .signatureMismatch {
            #expect(error?.urlCandidates == [])
        }
    }

    @Test(arguments: [
        (
            "https://mycompany.com:8443/myapp.php?foo=1&bar=2",
            ["https://mycompany.com/myapp.php?foo=1&bar=2", "https://mycompany.com:8443/myapp.php?foo=1&bar=2"]
        ),
        (
            "https://mycompany.com/myapp.php?foo=1&bar=2",
            ["https://mycompany.com/myapp.php?foo=1&bar=2", "https://mycompany.com:443/myapp.php?foo=1&bar=2"]
        ),
        ("HTTP://h/a;?", ["http://h/a", "http://h:80/a"]),
    ])
    func aMismatchCarriesTheURLsTriedWithoutThenWithThePort(_ url: String, _ candidates: [String]) {
        let wrong = WebhookSignature.compute(url: "https://elsewhere.example/", secret: Self.token)
        let error = #expect(throws: WebhookError.self) {
            try Self.validator.validate(Self.request(url: url, signature: wrong))
        }
        #expect(error?.code == .signatureMismatch)
        #expect(error?.urlCandidates == candidates)
        #expect(error?.urlCandidates == (try? WebhookURL(url))?.candidates)
    }

    // MARK: - Rotation

    /// The algorithm, the SharedKey id and the index of the secret that matched.
    static func fields(_ match: WebhookValidation) -> [String?] {
        [match.algorithm.rawValue, match.sharedKeyID, String(match.secretIndex)]
    }

    @Test func aSecondaryAuthTokenMatchesAtIndexOne() throws {
        let primary = try WebhookSecret("primary0token0abcdefghijklmnopqr")
        let validator = try WebhookValidator(authTokens: [primary, Self.token])
        let match = try validator.validate(Self.request(signature: Self.signature))
        #expect(Self.fields(match) == ["HMAC_SHA1", nil, "1"])
        let primarySignature = WebhookSignature.compute(url: Self.url, parameters: Self.parameters, secret: primary)
        #expect(try validator.validate(Self.request(signature: primarySignature)).secretIndex == 0)
        #expect(validator.authTokenCount == 2)
    }

    @Test func theSecondOfTwoSharedKeysWithOneIDMatchesAtIndexOne() throws {
        let old = try WebhookSharedKey(id: "KS1", secret: try WebhookSecret("old0shared0key0abcdefghijklmnopq"))
        let other = try WebhookSharedKey(id: "KS9", secret: Self.sharedSecret)
        let validator = try WebhookValidator(authTokens: [Self.token], sharedKeys: [other, old, Self.sharedKey])
        #expect(validator.sharedKeyIDs == ["KS9", "KS1", "KS1"])
        let match = try validator.validate(
            Self.request(signature: Self.sharedSignature, settings: "key=KS1,algorithm=HMAC_SHA256"))
        #expect(Self.fields(match) == ["HMAC_SHA256", "KS1", "1"])
        // Without an id, every SharedKey is tried: the first that matches is KS9, at index 0 of all three.
        let any = try validator.validate(
            Self.request(signature: Self.sharedSignature, settings: "algorithm=HMAC_SHA256"))
        #expect(Self.fields(any) == ["HMAC_SHA256", "KS9", "0"])
    }

    @Test func aSettingsHeaderWithoutAnAlgorithmMeansHMACSHA1WithTheSharedKey() throws {
        let signed = WebhookSignature.compute(url: Self.url, parameters: Self.parameters, secret: Self.sharedSecret)
        let match = try Self.validator.validate(Self.request(signature: signed, settings: "key=KS1"))
        #expect(Self.fields(match) == ["HMAC_SHA1", "KS1", "0"])
        // A blank header is no header: the Auth Token.
        let blank = try Self.validator.validate(Self.request(signature: Self.signature, settings: " \t"))
        #expect(Self.fields(blank) == ["HMAC_SHA1", nil, "0"])
    }

    // MARK: - The body by its content type

    @Test(arguments: [
        "application/json", "application/json; charset=utf-8", "text/plain", "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded-extra", "application/x-www-form", "",
    ])
    func anyOtherContentTypeIsARawBody(_ contentType: String) throws {
        let request = try WebhookRequest(
            url: Self.jsonURL, contentType: contentType, body: Self.jsonBody, signature: nil)
        #expect(request.body == .raw(Self.jsonBody))
        #expect(!WebhookRequest.isFormMediaType(contentType))
    }

    @Test(arguments: [
        "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8",
        "Application/X-WWW-Form-URLEncoded;charset=utf-8", "APPLICATION/X-WWW-FORM-URLENCODED",
        " application/x-www-form-urlencoded \t; charset=UTF-8",
    ])
    func theFormMediaTypeInAnyCaseWithParametersIsAForm(_ contentType: String) throws {
        let body = Array(Self.parameters.formURLEncoded.utf8)
        let request = try WebhookRequest(
            url: Self.url, contentType: contentType, body: body, signature: Self.signature)
        #expect(request.body == .form(Self.parameters))
        #expect(WebhookRequest.isFormMediaType(contentType))
        #expect(try Self.validator.validate(request).secretIndex == 0)
    }

    @Test func noContentTypeIsAnEmptyFormWhenTheBodyIsEmptyAndRawOtherwise() throws {
        let empty = try WebhookRequest(url: Self.url, contentType: nil, body: [], signature: nil)
        #expect(empty.body == .form(WebhookParameters()))
        let nonEmpty = try WebhookRequest(url: Self.url, contentType: nil, body: Self.jsonBody, signature: nil)
        #expect(nonEmpty.body == .raw(Self.jsonBody))
        let emptyJSON = try WebhookRequest(url: Self.url, contentType: "application/json", body: [], signature: nil)
        #expect(emptyJSON.body == .raw([]))
    }

    // MARK: - Nothing shows a secret or a signature

    @Test func errorsAndDescriptionsNeverShowTheSecretOrTheSignature() throws {
        let secret = try WebhookSecret(Canary.authToken)
        let sharedKey = try WebhookSharedKey(id: "KS1", secret: secret)
        let validator = try WebhookValidator(authTokens: [secret], sharedKeys: [sharedKey])
        let signature = WebhookSignature.compute(url: Self.url, parameters: Self.parameters, secret: secret)
        let sharedSignature = WebhookSignature.compute(
            url: Self.url, parameters: Self.parameters, secret: secret, algorithm: .hmacSHA256)
        let otherURL = WebhookSignature.urlWithBodySHA256(Self.url, body: Array("{}".utf8))
        let rawSignature = WebhookSignature.compute(url: otherURL, secret: secret)
        let requests = [
            Self.request(url: "https://mycompany.com:8443/other", signature: signature),
            Self.request(signature: sharedSignature),
            Self.request(signature: Canary.authToken),
            Self.request(signature: signature + "A"),
            Self.request(signature: signature, settings: "key=KS2,algorithm=HMAC_SHA256"),
            Self.request(signature: signature, settings: "key=KS1,algorithm=HMAC_SHA256"),
            Self.request(url: otherURL, body: .raw(Self.jsonBody), signature: rawSignature),
            Self.request(body: .raw(Self.jsonBody), signature: signature),
            Self.request(url: "https://user:\(Canary.authToken)@mycompany.com/", signature: signature),
        ]
        var texts: [String] = []
        for request in requests {
            let error = #expect(throws: WebhookError.self) { try validator.validate(request) }
            if let error {
                texts += [error.message] + Canary.renderings(of: error)
            }
        }
        for value in [secret, sharedKey, validator] as [Any] {
            texts += Canary.renderings(of: value)
        }
        // A parameter's value is hidden from descriptions (it may be a caller's message), not from reflection: it is
        // the application's data, there to be read.
        let parameters = WebhookParameters([(name: "Body", value: Canary.authToken)])
        texts += ["\(parameters)", String(describing: parameters), String(reflecting: parameters)]
        #expect(parameters.description == "WebhookParameters(Body: 33 bytes)")
        #expect(secret.description == "WebhookSecret(<redacted>)")
        #expect(sharedKey.description == "WebhookSharedKey(id: KS1, secret: <redacted>)")
        for text in texts {
            #expect(Canary.leaks(in: text).isEmpty, "\(text)")
            for shown in [signature, sharedSignature, rawSignature] {
                #expect(!text.contains(shown), "\(text)")
            }
        }
        #expect(texts.count > 40)
    }
}
