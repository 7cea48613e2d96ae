/// Checks that a webhook request came from Twilio: its `X-Twilio-Signature` against the account's Auth Tokens or the
/// webhook SharedKeys.
///
/// ```swift
/// let validator = try WebhookValidator(authTokens: [WebhookSecret(authToken)])
/// let request = try WebhookRequest(
///     url: "https://voice.example.com" + requestTarget, contentType: contentType, body: body,
///     signature: headers["X-Twilio-Signature"], signatureSettings: headers["X-Twilio-Webhooks-Signature-Settings"])
/// try validator.validate(request)  // throws WebhookError; answer 403
/// ```
///
/// A request without `X-Twilio-Webhooks-Signature-Settings` is checked with HMAC-SHA1 and each Auth Token (give the
/// primary and the secondary token while rotating). A request with that header is checked with the algorithm it
/// names and the SharedKeys with the id in its `key=` (every SharedKey, if it names none).
///
/// It accepts what twilio-python 9.13's `RequestValidator.validate` accepts for the same URL, parameters or body and
/// secret: the signature of the URL without its port or with the default port added (``WebhookURL``), and for a raw
/// body a `bodySHA256` that matches the body. It is stricter in three ways: a raw body must be covered by
/// `bodySHA256` (twilio-python raises a `TypeError`, or checks only the URL of an empty body), a URL it cannot check
/// is an error rather than a candidate Twilio never signs (``WebhookURL``), and an unknown algorithm is an error
/// rather than `False` with a warning.
///
/// Every candidate is checked with every secret of the algorithm and compared in constant time, so how long a
/// validation takes does not tell which byte of a forged signature was wrong or which secret was close.
public struct WebhookValidator: Sendable {
    /// The Auth Tokens, for HMAC-SHA1 signatures of requests without a signature settings header.
    public let authTokenCount: Int
    /// The ids of the configured SharedKeys, in the order given.
    public var sharedKeyIDs: [String] { self.sharedKeys.map(\.id) }

    private let authTokens: [WebhookSecret]
    private let sharedKeys: [WebhookSharedKey]

    /// A validator for these secrets.
    ///
    /// - Parameters:
    ///   - authTokens: The account's Auth Tokens, primary first. Twilio signs with the primary; keep the secondary
    ///     here while you promote it.
    ///   - sharedKeys: Webhook SharedKeys, for requests signed under a Webhook Rule.
    /// - Throws: ``WebhookError/Code/invalidSecret`` if both lists are empty.
    public init(authTokens: [WebhookSecret], sharedKeys: [WebhookSharedKey] = []) throws(WebhookError) {
        guard !authTokens.isEmpty || !sharedKeys.isEmpty else {
            throw WebhookError(.invalidSecret, "a webhook validator needs at least one Auth Token or SharedKey")
        }
        self.authTokens = authTokens
        self.authTokenCount = authTokens.count
        self.sharedKeys = sharedKeys
    }

    /// Validates a request, returning which secret signed it.
    ///
    /// - Throws: ``WebhookError`` with ``WebhookError/Code/missingSignature``,
    ///   ``WebhookError/Code/malformedSignature``, ``WebhookError/Code/unsupportedAlgorithm``,
    ///   ``WebhookError/Code/noMatchingSecret``, ``WebhookError/Code/invalidURL``,
    ///   ``WebhookError/Code/missingBodyHash``, ``WebhookError/Code/signatureMismatch`` (with the URLs tried) or
    ///   ``WebhookError/Code/bodyHashMismatch``.
    @discardableResult
    public func validate(_ request: WebhookRequest) throws(WebhookError) -> WebhookValidation {
        guard let signature = request.signature, !signature.isEmpty else {
            throw WebhookError(
                .missingSignature,
                "the request has no X-Twilio-Signature header; it did not come from Twilio, or a proxy removed it")
        }
        let settings = try request.signatureSettings.flatMap { header throws(WebhookError) in
            header.allSatisfy(\.isWhitespace) ? nil : try WebhookSignatureSettings(headerValue: header)
        }
        guard let settings else {
            guard !self.authTokens.isEmpty else {
                throw WebhookError(
                    .noMatchingSecret, "the request is signed with the Auth Token, and no Auth Token is configured")
            }
            let index = try Self.validate(
                url: request.url, body: request.body, signature: signature, secrets: self.authTokens,
                algorithm: .hmacSHA1)
            return WebhookValidation(algorithm: .hmacSHA1, sharedKeyID: nil, secretIndex: index)
        }
        // Ids are compared byte for byte, as the header's other names are: not by canonical equivalence.
        let keys = self.sharedKeys.filter { key in settings.keyID.map { $0.utf8.elementsEqual(key.id.utf8) } ?? true }
        guard !keys.isEmpty else {
            // The id comes from the request: quoted in part, printable ASCII only, as an algorithm name is.
            throw WebhookError(
                .noMatchingSecret,
                settings.keyID.map {
                    "the request is signed with the SharedKey \(WebhookSignatureAlgorithm.quoted($0)), which is not "
                        + "configured"
                } ?? "the request is signed with a SharedKey, and none is configured")
        }
        let index = try Self.validate(
            url: request.url, body: request.body, signature: signature, secrets: keys.map(\.secret),
            algorithm: settings.algorithm)
        return WebhookValidation(algorithm: settings.algorithm, sharedKeyID: keys[index].id, secretIndex: index)
    }

    /// Validates a signature with given secrets and algorithm, as twilio-python's `validate(uri, params, signature,
    /// algorithm)` does for one secret; returns the index of the secret that signed it.
    ///
    /// - Throws: as ``validate(_:)``, except for the errors about the settings header.
    public static func validate(
        url: String, body: WebhookRequest.Body, signature: String, secrets: [WebhookSecret],
        algorithm: WebhookSignatureAlgorithm = .hmacSHA1
    ) throws(WebhookError) -> Int {
        guard !signature.isEmpty else {
            throw WebhookError(.missingSignature, "the X-Twilio-Signature header is empty")
        }
        guard Base64.isWellFormed(signature.utf8, length: algorithm.signatureLength) else {
            throw WebhookError(
                .malformedSignature,
                "the X-Twilio-Signature header is not a base64 \(algorithm.rawValue) signature "
                    + "(\(algorithm.signatureLength) characters); it is \(signature.utf8.count) characters long")
        }
        guard !secrets.isEmpty else {
            throw WebhookError(.noMatchingSecret, "no secret is configured for \(algorithm.rawValue)")
        }
        let parsed = try WebhookURL(url)
        let pairs: [(name: [UInt8], value: [UInt8])]
        var bodyHashMatches = true
        switch body {
        case .form(let parameters):
            pairs = parameters.signedPairs
        case .raw(let bytes):
            guard let claimed = parsed.bodySHA256Bytes else {
                throw WebhookError(
                    .missingBodyHash,
                    "the request has a non-form body and its URL has no bodySHA256, so nothing covers the body")
            }
            bodyHashMatches = constantTimeEquals(WebhookSignature.bodyHash(bytes), claimed)
            pairs = []
        }
        let expected = Array(signature.utf8)
        var matched: Int?
        for (index, secret) in secrets.enumerated() {
            var matches = false
            for candidate in parsed.candidates {
                let computed = WebhookSignature.signature(
                    url: candidate, pairs: pairs, key: secret, algorithm: algorithm)
                matches = constantTimeEquals(computed, expected) || matches
            }
            if matches, matched == nil { matched = index }
        }
        guard let matched else {
            throw WebhookError(
                .signatureMismatch,
                "the X-Twilio-Signature does not match the \(algorithm.rawValue) signature of "
                    + (secrets.count == 1 ? "the secret" : "any of the \(secrets.count) secrets")
                    + " for the URL with or without its port; check that the URL is the one Twilio requested "
                    + "(scheme, host and port behind a proxy) and that every parameter is passed",
                urlCandidates: parsed.candidates)
        }
        guard bodyHashMatches else {
            throw WebhookError(
                .bodyHashMismatch,
                "the body's SHA-256 is not the bodySHA256 the signed URL carries: the body was altered")
        }
        return matched
    }
}

/// Which secret signed a valid webhook.
public struct WebhookValidation: Sendable, Hashable {
    /// The algorithm of the signature.
    public let algorithm: WebhookSignatureAlgorithm
    /// The SharedKey's id, for a SharedKey signature; `nil` for an Auth Token signature.
    public let sharedKeyID: String?
    /// The position of the secret that signed it: among the Auth Tokens, or among the SharedKeys with that id.
    /// Anything but 0 for an Auth Token means Twilio signed with the secondary token: finish the rotation.
    public let secretIndex: Int
}
